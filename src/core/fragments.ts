import type { DbIndex, DbSchema, DbTable } from "../db/types.js";
import { introspect, type Query } from "../db/introspect.js";
import { indexHasSql } from "../db/checks.js";
import { opToSql } from "../targets/sql/migration.js";
import { q } from "../lang/sql/quote.js";
import { baselineSql } from "../targets/sql/baseline.js";

/** A SQL fragment of the specs that PostgreSQL refused: a check, or an index's expression or predicate. */
export interface FragmentProblem {
  readonly table: string;
  /** The check or index. */
  readonly name: string;
  readonly kind: "check" | "index" | "column";
  readonly message: string;
}

const hasSql = indexHasSql;

/**
 * Every SQL fragment of the schema tried on a database, inside a transaction that is rolled
 * back: the tables are built without their checks and SQL indexes, then each of those is added
 * alone. Gives the problems (PostgreSQL's own message) and the schema with each fragment as
 * PostgreSQL prints it, which is what an introspection of the migrated database is compared with.
 */
export async function tryFragments(
  db: { exec(sql: string): Promise<void>; query: Query },
  schema: DbSchema,
): Promise<{ problems: FragmentProblem[]; canonical: DbSchema }> {
  const problems: FragmentProblem[] = [];
  const withSql = schema.tables.filter((t) => t.checks?.length || t.indexes.some(hasSql) || t.columns.some((c) => c.generated !== undefined));
  if (withSql.length === 0) return { problems, canonical: schema };
  let printed: DbSchema;
  await db.exec("BEGIN");
  try {
    // An index over a generated column waits for that column.
    const tried = (t: DbTable, i: DbIndex) => hasSql(i) || i.columns.some((c) => t.columns.find((x) => x.name === c)?.generated !== undefined);
    const bare = schema.tables.map(
      (t): DbTable => ({ ...t, columns: t.columns.filter((c) => c.generated === undefined), checks: undefined, indexes: t.indexes.filter((i) => !tried(t, i)) }),
    );
    await db.exec(baselineSql({ ...schema, tables: bare }));
    const attempt = async (table: string, name: string, kind: FragmentProblem["kind"], sql: string) => {
      await db.exec("SAVEPOINT bpg_fragment");
      try {
        await db.exec(sql);
        await db.exec("RELEASE SAVEPOINT bpg_fragment");
      } catch (err) {
        await db.exec("ROLLBACK TO SAVEPOINT bpg_fragment");
        problems.push({ table, name, kind, message: (err as Error).message });
      }
    };
    for (const t of withSql) {
      for (const c of t.columns.filter((x) => x.generated !== undefined)) await attempt(t.name, c.name, "column", opToSql({ kind: "add_column", table: t.name, column: c }).join("\n"));
    }
    for (const t of withSql) {
      for (const k of t.checks ?? []) await attempt(t.name, k.name, "check", `ALTER TABLE ${q(t.name)} ADD CONSTRAINT ${q(k.name)} CHECK (${k.expression}) NOT VALID`);
      for (const i of t.indexes.filter((x) => tried(t, x))) await attempt(t.name, i.name, "index", opToSql({ kind: "create_index", table: t.name, index: i }).join("\n"));
    }
    printed = await introspect(db.query);
  } finally {
    await db.exec("ROLLBACK");
  }
  // Each fragment as PostgreSQL printed it; one it refused keeps the spec's text.
  const tables = new Map(printed.tables.map((t) => [t.name, t]));
  const canonical: DbSchema = {
    ...schema,
    tables: schema.tables.map((t) => {
      const got = tables.get(t.name);
      if (!got || !withSql.includes(t)) return t;
      return {
        ...t,
        columns: t.columns.map((c) => (c.generated !== undefined ? { ...c, generated: got.columns.find((x) => x.name === c.name)?.generated ?? c.generated } : c)),
        ...(t.checks ? { checks: t.checks.map((k) => got.checks?.find((x) => x.name === k.name) ?? k) } : {}),
        indexes: t.indexes.map((i) => (hasSql(i) ? (got.indexes.find((x) => x.name === i.name) ?? i) : i)),
      };
    }),
  };
  return { problems, canonical };
}
