import type { DbSchema } from "../../db/types.js";
import { q } from "../../lang/sql/quote.js";
import { diffSchemas } from "../../migrations/diff.js";
import { opToSql } from "./migration.js";

const NO_HINTS = { tables: new Map(), columns: new Map(), using: new Map(), enums: new Map(), enumValues: new Map(), replacedValues: new Map() };

/** SQL that creates the legacy schema of a baseline in an empty database (for `gen migrate verify`). */
export function baselineSql(schema: DbSchema): string {
  const sequences: { name: string; table: string; column: string; type: string }[] = [];
  for (const t of schema.tables) {
    for (const c of t.columns) {
      const m = /^nextval\('([^']+)'::regclass\)$/.exec(c.default ?? "");
      // A quoted name reads `'"Customer_id_seq"'::regclass`.
      if (m) sequences.push({ name: /^"(.*)"$/.test(m[1]!) ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!, table: t.name, column: c.name, type: c.type });
    }
  }
  const ops = diffSchemas({ enums: [], tables: [] }, schema, NO_HINTS).ops;
  return [
    ...sequences.map((s) => `CREATE SEQUENCE ${q(s.name)} AS ${s.type};`),
    ...ops.flatMap(opToSql),
    ...sequences.map((s) => `ALTER SEQUENCE ${q(s.name)} OWNED BY ${q(s.table)}.${q(s.column)};`),
  ].join("\n");
}
