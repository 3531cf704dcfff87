import type { RuleContext } from "../rule.js";
import { pairRelations } from "../../ir/relations.js";
import { didYouMean } from "../../lang/did-you-mean.js";
import { relationsOf } from "../../input/accessors.js";

/** 2.1.7.1: a relation's target model exists. */
export function checkRelationTargets(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    for (const [name, rel] of relationsOf(m)) {
      if (!ctx.specs.modelsByName.has(rel.model)) {
        ctx.report({
          at: m.origin,
          sub: ["relations", name, "model"],
          message: `relation target \`${rel.model}\` is not a declared model`,
          hint: didYouMean(rel.model, ctx.specs.modelsByName.keys()) ?? "declare the model in a spec, or fix the name",
        });
      }
    }
  }
}

/** 2.1.7.2: both sides of a relationship agree. */
export function checkRelationPairs(ctx: RuleContext): void {
  for (const p of pairRelations(ctx.specs).problems) {
    const model = ctx.specs.modelsByName.get(p.at.model);
    if (!model) continue;
    ctx.report({
      at: model.origin,
      sub: ["relations", p.at.name, ...(p.onBackPopulates ? ["back_populates"] : [])],
      target: p.onBackPopulates ? "value" : "key",
      message: p.message,
      hint: p.hint,
    });
  }
  for (const m of ctx.specs.models) {
    for (const [name, rel] of relationsOf(m)) {
      if (rel.kind === "many_to_many" && rel.model === m.name) {
        ctx.report({
          at: m.origin,
          sub: ["relations", name],
          target: "key",
          message: "a many_to_many from a model to itself is not supported",
          hint: "model the link as its own model with two belongs_to relations",
        });
      }
    }
  }
}

/** 2.1.7.3: foreign keys have an explicit, consistent `on_delete`; keys fit their kind. */
export function checkOnDelete(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    for (const [name, rel] of relationsOf(m)) {
      const at = { at: m.origin, sub: ["relations", name] };
      if (rel.kind === "belongs_to") {
        if (rel.on_delete === undefined) {
          ctx.report({
            ...at,
            target: "key",
            message: "belongs_to needs an explicit `on_delete`",
            hint: "add `on_delete: cascade | restrict | set_null | no_action`: what happens to this row when the target row is deleted",
          });
        } else if (rel.on_delete === "set_null" && rel.nullable !== true) {
          ctx.report({
            at: m.origin,
            sub: ["relations", name, "on_delete"],
            message: "`on_delete: set_null` needs `nullable: true`",
            hint: "add `nullable: true`, or choose another on_delete",
          });
        }
        if (rel.through !== undefined) {
          ctx.report({ at: m.origin, sub: ["relations", name, "through"], target: "key", message: "`through` applies to many_to_many only", hint: "remove it" });
        }
      } else {
        for (const key of ["on_delete", "nullable"] as const) {
          if (rel[key] !== undefined) {
            ctx.report({
              at: m.origin,
              sub: ["relations", name, key],
              target: "key",
              message: `\`${key}\` applies to belongs_to only; the foreign key of a ${rel.kind} lives on \`${rel.model}\``,
              hint: `set it on ${rel.model}'s belongs_to instead`,
            });
          }
        }
        if (rel.through !== undefined && rel.kind !== "many_to_many") {
          ctx.report({ at: m.origin, sub: ["relations", name, "through"], target: "key", message: "`through` applies to many_to_many only", hint: "remove it" });
        }
      }
    }
  }
}
