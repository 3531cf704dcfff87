import type { RuleContext } from "../rule.js";
import { snakeCase } from "../../ir/naming.js";
import { blueprintFacts, fieldsOf, relationsOf } from "../../input/accessors.js";

/**
 * 2.1.8.3: a FK column's type is the referenced key's type. Specs cannot choose it: only
 * belongs_to creates `<relation>_id`, typed from the target's primary key.
 */
export function checkForeignKeyFields(ctx: RuleContext): void {
  const facts = blueprintFacts(ctx.blueprint);
  const modelStems = new Map<string, string>();
  for (const m of ctx.specs.models) modelStems.set(snakeCase(m.name), m.name);
  for (const m of ctx.specs.models) {
    const relations = new Map(relationsOf(m));
    for (const [name, field] of fieldsOf(m)) {
      if (!name.endsWith("_id") || name === facts.tenantColumn || name === "id") continue;
      const stem = name.slice(0, -3);
      const rel = relations.get(stem);
      const at = { at: m.origin, sub: ["fields", name], target: "key" as const };
      if (rel?.kind === "belongs_to") {
        ctx.report({
          ...at,
          message: `\`${name}\` is the foreign key column of relation \`${stem}\`; its type comes from \`${rel.model}.id\` and cannot be declared`,
          hint: "remove this field: the belongs_to relation creates it",
        });
        continue;
      }
      if (stem === snakeCase(m.name)) continue; // a self alias: rule 2.1.6
      const target = modelStems.get(stem) ?? [...modelStems].find(([s]) => s.startsWith(`${stem}_`))?.[1];
      if (target) {
        ctx.report({
          ...at,
          message: `\`${name}\` (${field.type}) looks like a reference to \`${target}\`, typed by hand`,
          hint: `declare \`relations: { ${stem}: { kind: belongs_to, model: ${target}, on_delete: … } }\`; it creates \`${name}\` typed as ${target}.id`,
        });
      }
    }
  }
}
