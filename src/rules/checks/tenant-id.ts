import type { RuleContext } from "../rule.js";
import { blueprintFacts, relationsOf } from "../../input/accessors.js";
import { isTenantAlias } from "../predicates.js";

/** 2.1.8.2: one UUID `tenant_id` with a FK to the tenant table, from BaseModel, nothing else. */
export function checkTenantColumn(ctx: RuleContext): void {
  const facts = blueprintFacts(ctx.blueprint);
  for (const m of ctx.specs.models) {
    for (const name of Object.keys(m.spec.fields ?? {})) {
      if (!isTenantAlias(facts.tenantColumn, name)) continue;
      ctx.report({
        at: m.origin,
        sub: ["fields", name],
        target: "key",
        message:
          name === facts.tenantColumn
            ? `\`${name}\` is supplied by BaseModel as a UUID foreign key to the tenant table; a spec cannot declare it`
            : `\`${name}\` is a second tenant column; the only tenant reference is BaseModel's \`${facts.tenantColumn}\``,
        hint: "remove this field; tenant-scoped models get the tenant column from the blueprint",
      });
    }
    for (const [name, rel] of relationsOf(m)) {
      if (rel.kind === "belongs_to" && (rel.model === facts.tenantModel || `${name}_id` === facts.tenantColumn)) {
        ctx.report({
          at: m.origin,
          sub: ["relations", name],
          target: "key",
          message: `a belongs_to \`${rel.model}\` would add a second tenant reference next to BaseModel's \`${facts.tenantColumn}\``,
          hint: "remove it; tenant-scoped models already carry the tenant column",
        });
      }
    }
    if (m.spec.tenant_scoped === false && !facts.globalModels.has(m.name)) {
      ctx.report({
        at: m.origin,
        sub: ["tenant_scoped"],
        message: `\`${m.name}\` is not one of the blueprint's global models, so it must be tenant-scoped`,
        hint: "remove `tenant_scoped: false`, or add the model to tenancy.global_models in blueprint.yaml",
      });
    }
  }
}
