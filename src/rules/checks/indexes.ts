import type { RuleContext } from "../rule.js";
import { didYouMean } from "../../lang/did-you-mean.js";
import { blueprintFacts, isTenantScoped } from "../../input/accessors.js";
import { SNAKE_CASE } from "../../ir/naming.js";

/** 2.1.8.8: indexes, unique constraints and DTO options name existing columns and agree. */
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
    const implicitlyIndexed = new Set<string>([
      ...(isTenantScoped(m) ? [facts.tenantColumn] : []),
      ...Object.entries(m.spec.relations ?? {})
        .filter(([, r]) => r.kind === "belongs_to")
        .map(([n]) => `${n}_id`),
    ]);
    for (const section of ["indexes", "unique"] as const) {
      const seen = new Set<string>();
      (m.spec[section] ?? []).forEach((entry, i) => {
        const what = section === "unique" ? "unique constraint" : "index";
        if ((entry.columns === undefined) === (entry.expression === undefined)) {
          ctx.report({ at: m.origin, sub: [section, i], message: `a${section === "unique" ? "" : "n"} ${what} lists \`columns\` or indexes an \`expression\`: one of the two`, hint: "e.g. `{ columns: [code] }` or `{ expression: \"lower(code)\", name: code_lower }`" });
        }
        if (entry.expression !== undefined && entry.name === undefined) {
          ctx.report({ at: m.origin, sub: [section, i, "expression"], message: "an expression index needs a `name` (there are no columns to name it after)", hint: "add e.g. `name: code_lower`" });
        }
        if (entry.all_rows && facts.softDeleteColumn === undefined) {
          ctx.report({ at: m.origin, sub: [section, i, "all_rows"], target: "key", message: "`all_rows` needs the blueprint's `soft_delete`: without it every index covers every row", hint: "remove `all_rows`" });
        } else if (entry.all_rows && entry.where !== undefined) {
          ctx.report({ at: m.origin, sub: [section, i, "all_rows"], target: "key", message: "`all_rows` and `where` say two things: `where` alone decides the rows", hint: "remove one" });
        }
        if (entry.name !== undefined && !SNAKE_CASE.test(entry.name)) {
          ctx.report({ at: m.origin, sub: [section, i, "name"], message: `index name \`${entry.name}\` is not snake_case`, hint: "e.g. code_lower" });
        }
        if (section === "unique" && entry.using !== undefined && entry.using !== "btree") {
          ctx.report({ at: m.origin, sub: [section, i, "using"], message: `PostgreSQL makes only btree indexes unique, not ${entry.using}`, hint: "remove `using`" });
        }
        const typeOf = (col: string) => m.spec.fields?.[col]?.type;
        if (entry.using === "gin" || entry.using === "gist") {
          (entry.columns ?? []).forEach((col, j) => {
            const type = typeOf(col);
            const fits = entry.using === "gin" ? type === "array" || type === "json" || type === "tsvector" : type === "tsvector";
            if (columns.has(col) && !fits) {
              ctx.report({
                at: m.origin,
                sub: [section, i, "columns", j],
                message: `${entry.using} has no operator class for \`${col}\` (${type ?? "a key column"}) in stock PostgreSQL`,
                hint: entry.using === "gin" ? "gin indexes arrays, json and tsvector columns; use the default btree here" : "use the default btree (gist needs the btree_gist extension for scalar columns)",
              });
            }
          });
        }
        if (entry.using === "hash" && (entry.columns?.length ?? 1) > 1) {
          ctx.report({ at: m.origin, sub: [section, i, "using"], message: "a hash index covers one column", hint: "use btree for several columns" });
        }
        const key = JSON.stringify([entry.columns ?? [], entry.expression ?? "", entry.where ?? "", entry.using ?? "btree", entry.name ?? ""]);
        if (seen.has(key)) {
          ctx.report({ at: m.origin, sub: [section, i], message: `the same ${section === "unique" ? "unique constraint" : "index"} is declared twice`, hint: "remove one" });
        }
        seen.add(key);
        // A one-column entry must not repeat what the column already has: both would get the
        // same name (ix_<table>_<column>, uq_<table>_<column>) and the second CREATE fails.
        const plain = entry.where === undefined && entry.using === undefined && entry.name === undefined;
        const only = plain && entry.columns?.length === 1 ? entry.columns[0]! : undefined;
        if (only !== undefined && columns.has(only)) {
          const field = m.spec.fields?.[only];
          const indexed = section === "indexes" ? implicitlyIndexed.has(only) || field?.index === true || field?.unique === true : field?.unique === true;
          if (indexed) {
            const why = section === "unique" ? "`unique: true`" : implicitlyIndexed.has(only) ? "its own index (foreign keys are always indexed)" : `\`${field?.unique ? "unique" : "index"}: true\``;
            ctx.report({ at: m.origin, sub: [section, i], message: `\`${only}\` already has ${why}: this ${section === "unique" ? "unique constraint" : "index"} repeats it`, hint: "remove this entry" });
          }
        }
        const used = new Set<string>();
        (entry.columns ?? []).forEach((col, j) => {
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
    for (const [name, field] of Object.entries(m.spec.fields ?? {})) {
      const at = { at: m.origin, sub: ["fields", name] };
      if (field.read_only && field.write_only) {
        ctx.report({ ...at, sub: ["fields", name, "write_only"], target: "key", message: "a field cannot be both read_only and write_only", hint: "use `dto: false` to leave it out of every DTO" });
      }
      const defaulted = "default" in field && field.default !== undefined;
      if (field.generated !== undefined && defaulted) {
        ctx.report({ ...at, sub: ["fields", name, "default"], message: "a generated column takes no default: the database computes every value", hint: "remove `default` or `generated`" });
      }
      if (field.type === "tsvector" && field.generated === undefined) {
        ctx.report({
          ...at,
          sub: ["fields", name, "type"],
          message: "a tsvector is computed from the row: give it `generated`",
          hint: "e.g. generated: \"to_tsvector('simple', title)\"",
        });
      }
      if (field.generated !== undefined && (field.write_only || field.read_only)) {
        ctx.report({ ...at, sub: ["fields", name, "generated"], target: "key", message: "a generated column is in the Read DTO only already", hint: `remove \`${field.write_only ? "write_only" : "read_only"}\`` });
      }
      if ((field.read_only || field.dto === false) && !field.nullable && !defaulted) {
        ctx.report({
          ...at,
          target: "key",
          message: `\`${name}\` is left out of the Create DTO but is NOT NULL without a default: no client could create a ${m.name}`,
          hint: "add a default, make it nullable, or let clients write it",
        });
      }
    }
    for (const [variant, cols] of Object.entries(m.spec.dto_variants ?? {})) {
      const at = { at: m.origin, sub: ["dto_variants", variant] };
      if (!/^[A-Z][A-Za-z0-9]*$/.test(variant) || ["Create", "Update", "Read"].includes(variant)) {
        ctx.report({ ...at, target: "key", message: `DTO variant \`${variant}\` must be a PascalCase suffix other than Create, Update and Read`, hint: "e.g. Summary" });
      }
      cols.forEach((col, j) => {
        const field = m.spec.fields?.[col];
        if (!columns.has(col)) {
          ctx.report({ ...at, sub: ["dto_variants", variant, j], message: `\`${col}\` is not a column of ${m.name}`, hint: didYouMean(col, columns) ?? `columns: ${[...columns].join(", ")}` });
        } else if (field && (field.write_only || field.dto === false)) {
          ctx.report({ ...at, sub: ["dto_variants", variant, j], message: `\`${col}\` is ${field.write_only ? "write_only" : "kept out of DTOs"}: it cannot be in a read DTO`, hint: "remove it from the variant" });
        }
      });
    }
  }
}
