import type { RuleContext } from "../rule.js";
import { isIdentityAlias } from "../predicates.js";
import { snakeCase } from "../../ir/naming.js";

/** 2.1.6.1: `id` is BaseModel's UUID primary key; no spec declares or overrides it. */
export function checkIdNotDeclared(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    for (const section of ["fields", "relations"] as const) {
      if (m.spec[section]?.id !== undefined) {
        ctx.report({
          at: m.origin,
          sub: [section, "id"],
          target: "key",
          message: "`id` is the primary key supplied by BaseModel (UUID); a spec cannot declare or override it",
          hint: "remove this entry: every entity already has `id: UUID` as its primary key",
        });
      }
    }
  }
}

/** 2.1.6: no second identity column next to `id` (`job_pk`, `job_id` on Job, `uuid`…). */
export function checkNoPrimaryKeyAlias(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    const self = snakeCase(m.name);
    for (const [name] of Object.entries(m.spec.fields ?? {})) {
      if (!isIdentityAlias(m.name, name)) continue;
      ctx.report({
        at: m.origin,
        sub: ["fields", name],
        target: "key",
        message: `\`${name}\` duplicates the identity of \`${m.name}\`, which is \`id\` (UUID) from BaseModel`,
        hint:
          name === `${self}_id`
            ? `use \`id\` to identify a ${m.name}; if this holds an identifier from another system, name it for that system (e.g. \`external_ref\`)`
            : "remove it; use `id`",
      });
    }
  }
}
