import type { RuleContext } from "../rule.js";
import { columnNameProblem } from "../predicates.js";
import { didYouMean } from "../../lang/did-you-mean.js";
import { KEYLESS_TYPES } from "../../input/spec-schema.js";

/**
 * 2.1.8.10: a view's structured parts name what exists: snake_case column names the targets
 * can use, declared enums, key columns among its columns. Its SQL is opaque here; `gen migrate
 * verify` runs it on PostgreSQL and compares the columns it returns with these.
 */
export function checkViews(ctx: RuleContext): void {
  for (const v of ctx.specs.views) {
    const columns = Object.keys(v.spec.columns);
    for (const [name, column] of Object.entries(v.spec.columns)) {
      const p = columnNameProblem(name);
      if (p) ctx.report({ at: v.origin, sub: ["columns", name], target: "key", ...p });
      if (column.type === "enum" && !ctx.specs.enumsByName.has(column.enum)) {
        ctx.report({
          at: v.origin,
          sub: ["columns", name, "enum"],
          message: `enum \`${column.enum}\` is not declared`,
          hint: didYouMean(column.enum, ctx.specs.enumsByName.keys()) ?? "declare it under `enums:` in any spec file",
        });
      }
    }
    const seen = new Set<string>();
    for (const [i, k] of (v.spec.key ?? []).entries()) {
      if (!columns.includes(k)) {
        ctx.report({
          at: v.origin,
          sub: ["key", i],
          message: `key column \`${k}\` is not among the view's columns`,
          hint: didYouMean(k, columns) ?? `name columns declared under \`columns:\` (${columns.join(", ")})`,
        });
      } else if (seen.has(k)) ctx.report({ at: v.origin, sub: ["key", i], message: `key column \`${k}\` is listed twice`, hint: "list each column once" });
      else if (KEYLESS_TYPES.has(v.spec.columns[k]!.type)) {
        ctx.report({ at: v.origin, sub: ["key", i], message: `key column \`${k}\` is ${v.spec.columns[k]!.type}, which cannot identify a row`, hint: "the ORM's identity map hashes key values: key on other columns" });
      }
      seen.add(k);
    }
    if (v.spec.key === undefined && Object.values(v.spec.columns).every((c) => KEYLESS_TYPES.has(c.type))) {
      ctx.report({ at: v.origin, sub: ["columns"], message: `every column of view \`${v.name}\` is an array or json, so none can identify a row`, hint: "return a column that identifies each row (an id) and name it under `key:`" });
    }
  }
}
