import type { RuleContext } from "../rule.js";
import { didYouMean } from "../../spec/did-you-mean.js";
import { blueprintFacts, isTenantScoped } from "../context.js";

/** 2.1.8.8: indexes and unique constraints name existing columns, once. */
export function checkIndexColumns(ctx: RuleContext): void {
  const facts = blueprintFacts(ctx.blueprint);
  for (const m of ctx.specs.models) {
    const columns = new Set<string>([
      ...facts.baseColumns.keys(),
      ...(isTenantScoped(m) ? [facts.tenantColumn] : []),
      ...Object.keys(m.spec.fields ?? {}),
      ...Object.entries(m.spec.relations ?? {})
        .filter(([, r]) => r.kind === "belongs_to")
        .map(([n]) => `${n}_id`),
    ]);
    for (const section of ["indexes", "unique"] as const) {
      const seen = new Set<string>();
      (m.spec[section] ?? []).forEach((entry, i) => {
        const key = entry.columns.join(",");
        if (seen.has(key)) {
          ctx.report({ at: m.origin, sub: [section, i], message: `the same ${section === "unique" ? "unique constraint" : "index"} is declared twice`, hint: "remove one" });
        }
        seen.add(key);
        const used = new Set<string>();
        entry.columns.forEach((col, j) => {
          const at = { at: m.origin, sub: [section, i, "columns", j] };
          if (!columns.has(col)) {
            const hint = didYouMean(col, columns);
            const relation = m.spec.relations?.[col];
            ctx.report({
              ...at,
              message: `\`${col}\` is not a column of ${m.name}`,
              hint: relation?.kind === "belongs_to" ? `the relation's column is \`${col}_id\`` : (hint ?? `columns: ${[...columns].join(", ")}`),
            });
          } else if (used.has(col)) {
            ctx.report({ ...at, message: `\`${col}\` is listed twice`, hint: "remove the duplicate" });
          }
          used.add(col);
        });
      });
    }
  }
}
