import type { RuleContext } from "../rule.js";
import { SNAKE_CASE } from "../../ir/naming.js";
import { didYouMean } from "../../lang/did-you-mean.js";
import { blueprintFacts } from "../../input/accessors.js";

/** 2.1.0.4: the blueprint itself must describe a model the rules can hold to. */
export function checkBlueprintConsistent(ctx: RuleContext): void {
  const knownRuleIds = ctx.ruleIds;
  const bp = ctx.blueprint;
  const facts = blueprintFacts(bp);
  const at = bp.origin;
  for (const [name, col] of facts.baseColumns) {
    if (!SNAKE_CASE.test(name)) {
      ctx.report({ at, sub: ["base_model", "columns", name], target: "key", message: `base column \`${name}\` is not snake_case`, hint: "use lower_snake_case" });
    }
    if (col.primary_key && name !== "id") {
      ctx.report({ at, sub: ["base_model", "columns", name, "primary_key"], message: `only \`id\` may be the primary key (Blueprint 2.1.6), not \`${name}\``, hint: "remove primary_key here" });
    }
  }
  const id = facts.baseColumns.get("id");
  if (!id || id.type !== "uuid" || !id.primary_key) {
    ctx.report({
      at,
      sub: id ? ["base_model", "columns", "id"] : ["base_model", "columns"],
      target: id ? "key" : "value",
      message: "the base model must declare `id: { type: uuid, primary_key: true }` (Blueprint 2.1.6.1)",
      hint: "add `id: { type: uuid, primary_key: true, default: uuid4 }` under base_model.columns",
    });
  }
  if (facts.baseColumns.has(facts.tenantColumn)) {
    ctx.report({
      at,
      sub: ["base_model", "columns", facts.tenantColumn],
      target: "key",
      message: `\`${facts.tenantColumn}\` comes from \`tenancy\`, it cannot also be a base column`,
      hint: "remove it from base_model.columns",
    });
  }
  if (!SNAKE_CASE.test(facts.tenantColumn)) {
    ctx.report({ at, sub: ["tenancy", "column"], message: "the tenant column must be snake_case", hint: "e.g. tenant_id" });
  }
  const tenant = ctx.specs.modelsByName.get(facts.tenantModel);
  if (!tenant) {
    ctx.report({
      at,
      sub: ["tenancy", "tenant_model"],
      message: `tenant model \`${facts.tenantModel}\` is not declared in any spec`,
      hint: didYouMean(facts.tenantModel, ctx.specs.modelsByName.keys()) ?? `add a spec for ${facts.tenantModel} with \`tenant_scoped: false\``,
    });
  } else if (tenant.spec.tenant_scoped !== false) {
    ctx.report({
      at: tenant.origin,
      target: "key",
      message: `the tenant model \`${tenant.name}\` cannot itself be tenant-scoped`,
      hint: "add `tenant_scoped: false`",
    });
  }
  (bp.spec.tenancy.global_models ?? []).forEach((name, i) => {
    if (!ctx.specs.modelsByName.has(name)) {
      ctx.report({
        at,
        sub: ["tenancy", "global_models", i],
        message: `global model \`${name}\` is not declared in any spec`,
        hint: didYouMean(name, ctx.specs.modelsByName.keys()) ?? "remove it or add its spec",
      });
    }
  });
  for (const id of Object.keys(bp.spec.rules ?? {})) {
    if (!knownRuleIds.includes(id)) {
      ctx.report({
        at,
        sub: ["rules", id],
        target: "key",
        message: `unknown rule \`${id}\``,
        hint: didYouMean(id, knownRuleIds) ?? "`gen explain <id>` lists the catalog",
      });
    }
  }
}
