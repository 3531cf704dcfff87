import type { DbIndex, DbSchema, DbTable, DbView } from "../db/types.js";
import { introspect, type Query } from "../db/introspect.js";
import { indexHasSql } from "../db/checks.js";
import { opToSql } from "../targets/sql/migration.js";
import { q } from "../lang/sql/quote.js";
import { baselineSql } from "../targets/sql/baseline.js";
import { sqlRelationNames, withViews } from "../migrations/diff.js";

/**
 * A SQL fragment of the specs that PostgreSQL refused: a check, an index's expression or
 * predicate, a generated column, a view's query; or a view whose columns are not the declared ones.
 */
export interface FragmentProblem {
  /** The table, or the view. */
  readonly table: string;
  /** The check, index, column or view. */
  readonly name: string;
  readonly kind: "check" | "index" | "column" | "view" | "view_columns" | "domain_check";
  /** view_columns: the declared column that differs, when one does. */
  readonly column?: string | undefined;
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
): Promise<{ problems: FragmentProblem[]; canonical: DbSchema; views: readonly DbView[] }> {
  const problems: FragmentProblem[] = [];
  const withSql = schema.tables.filter((t) => t.checks?.length || t.indexes.some(hasSql) || t.columns.some((c) => c.generated !== undefined));
  const views = schema.views ?? [];
  const domains = schema.domains ?? [];
  if (withSql.length === 0 && views.length === 0 && !domains.some((d) => d.checks.length)) return { problems, canonical: schema, views: [] };
  let printed: DbSchema;
  await db.exec("BEGIN");
  try {
    // An index over a generated column waits for that column.
    const tried = (t: DbTable, i: DbIndex) => hasSql(i) || i.columns.some((c) => t.columns.find((x) => x.name === c)?.generated !== undefined);
    const bare = schema.tables.map(
      (t): DbTable => ({ ...t, columns: t.columns.filter((c) => c.generated === undefined), checks: undefined, indexes: t.indexes.filter((i) => !tried(t, i)) }),
    );
    await db.exec(baselineSql({ ...schema, tables: bare, views: undefined, domains: domains.map((d) => ({ ...d, checks: [] })) }));
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
    for (const d of domains) {
      for (const k of d.checks) await attempt(d.name, k.name, "domain_check", opToSql({ kind: "add_domain_check", domain: d.name, check: k }).join("\n").replace(/;$/, " NOT VALID;"));
    }
    for (const t of withSql) {
      for (const c of t.columns.filter((x) => x.generated !== undefined)) await attempt(t.name, c.name, "column", opToSql({ kind: "add_column", table: t.name, column: c }).join("\n"));
    }
    for (const t of withSql) {
      for (const k of t.checks ?? []) await attempt(t.name, k.name, "check", `ALTER TABLE ${q(t.name)} ADD CONSTRAINT ${q(k.name)} CHECK (${k.expression}) NOT VALID`);
      for (const i of t.indexes.filter((x) => tried(t, x))) await attempt(t.name, i.name, "index", opToSql({ kind: "create_index", table: t.name, index: i }).join("\n"));
    }
    // Views last, each after the views it reads: one that fails takes its dependents with it.
    const failed = new Set<string>();
    for (const op of withViews([], views, [])) {
      if (op.kind !== "create_view") continue;
      const before = problems.length;
      const reads = sqlRelationNames(op.view.sql);
      if ([...failed].some((f) => reads.has(f))) {
        failed.add(op.view.name);
        continue;
      }
      await attempt(op.view.name, op.view.name, "view", opToSql(op).join("\n"));
      if (problems.length > before) failed.add(op.view.name);
    }
    printed = await introspect(db.query);
  } finally {
    await db.exec("ROLLBACK");
  }
  // A view returns the declared columns, by name, type and order.
  const printedViews = new Map((printed.views ?? []).map((v) => [v.name, v]));
  for (const v of views) {
    const got = printedViews.get(v.name);
    if (!got) continue;
    const declared = v.columns.map((c) => c.name);
    const returned = got.columns.map((c) => c.name);
    const missing = declared.filter((c) => !returned.includes(c));
    const extra = returned.filter((c) => !declared.includes(c));
    if (missing.length || extra.length) {
      const parts = [...(missing.length ? [`does not return ${missing.join(", ")}`] : []), ...(extra.length ? [`returns ${extra.join(", ")}, which the spec does not declare`] : [])];
      problems.push({ table: v.name, name: v.name, kind: "view_columns", column: missing[0], message: `its query ${parts.join(" and ")}` });
      continue;
    }
    if (declared.join(",") !== returned.join(",")) {
      problems.push({ table: v.name, name: v.name, kind: "view_columns", message: `its query returns the columns in the order ${returned.join(", ")}; declare them in that order` });
      continue;
    }
    for (const c of v.columns) {
      const type = got.columns.find((x) => x.name === c.name)!.type;
      if (type !== c.type) problems.push({ table: v.name, name: v.name, kind: "view_columns", column: c.name, message: `its column ${c.name} is ${type}, the spec says ${c.type}` });
    }
  }
  // Each fragment as PostgreSQL printed it; one it refused keeps the spec's text.
  const tables = new Map(printed.tables.map((t) => [t.name, t]));
  const canonical: DbSchema = {
    ...schema,
    ...(views.length ? { views: views.map((v) => ({ ...v, sql: printedViews.get(v.name)?.sql ?? v.sql })) } : {}),
    ...(domains.length
      ? { domains: domains.map((d) => ({ ...d, checks: d.checks.map((k) => printed.domains?.find((x) => x.name === d.name)?.checks.find((x) => x.name === k.name) ?? k) })) }
      : {}),
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
  return { problems, canonical, views: printed.views ?? [] };
}
