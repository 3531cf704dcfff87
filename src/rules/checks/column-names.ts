import type { RuleContext } from "../rule.js";
import { MAX_IDENTIFIER_BYTES, byteLength } from "../../ir/naming.js";
import { columnNameProblem as problemWith } from "../predicates.js";
import { blueprintFacts, fieldsOf, relationsOf } from "../../input/accessors.js";

/** 2.1.8: column and relation names are snake_case, ≤ 63 bytes, not reserved, not taken. */
export function checkColumnNames(ctx: RuleContext): void {
  const facts = blueprintFacts(ctx.blueprint);
  for (const m of ctx.specs.models) {
    const fields = new Set(Object.keys(m.spec.fields ?? {}));
    for (const [name] of fieldsOf(m)) {
      // id and tenant columns have rules of their own (2.1.6.1, 2.1.8.2).
      if (name === "id" || name === facts.tenantColumn) continue;
      const at = { at: m.origin, sub: ["fields", name], target: "key" as const };
      const p = problemWith(name);
      if (p) ctx.report({ ...at, ...p });
      else if (facts.baseColumns.has(name)) {
        ctx.report({ ...at, message: `\`${name}\` is a base column supplied by BaseModel`, hint: "remove it; every entity already has it" });
      }
    }
    for (const [name, rel] of relationsOf(m)) {
      if (name === "id") continue;
      const at = { at: m.origin, sub: ["relations", name], target: "key" as const };
      const p = problemWith(name);
      if (p) {
        ctx.report({ ...at, ...p });
        continue;
      }
      if (fields.has(name)) {
        ctx.report({ ...at, message: `relation \`${name}\` has the same name as a field`, hint: "rename one of them" });
      } else if (facts.baseColumns.has(name)) {
        ctx.report({ ...at, message: `relation \`${name}\` has the name of a base column`, hint: "rename the relation" });
      }
      if (rel.kind === "belongs_to") {
        const column = `${name}_id`;
        if (byteLength(column) > MAX_IDENTIFIER_BYTES) {
          ctx.report({ ...at, message: `the foreign key column \`${column}\` is longer than ${MAX_IDENTIFIER_BYTES} bytes`, hint: "shorten the relation name" });
        }
      }
      if (rel.through !== undefined) {
        const t = problemWith(rel.through);
        if (t) ctx.report({ at: m.origin, sub: ["relations", name, "through"], ...t });
      }
    }
  }
}
