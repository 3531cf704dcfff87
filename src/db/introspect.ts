import type { DbDomain, DbForeignKey, DbSchema, DbTable, DbView } from "./types.js";
import { wrapped } from "./checks.js";

/** Runs one query; PGlite and node-postgres both fit behind this. */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

const ON_DELETE: Record<string, DbForeignKey["onDelete"]> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL" };

const Q = {
  enums: `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname`,
  columns: `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
      NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default, a.attgenerated AS generated
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`,
  constraints: `SELECT c.relname AS table, k.conname AS name, k.contype AS kind,
      array(SELECT attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
            JOIN pg_attribute ON attrelid = k.conrelid AND attnum = u.n ORDER BY u.i)::text[] AS columns,
      f.relname AS ref_table,
      array(SELECT attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
            JOIN pg_attribute ON attrelid = k.confrelid AND attnum = u.n ORDER BY u.i)::text[] AS ref_columns,
      k.confdeltype AS on_delete, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class f ON f.oid = k.confrelid WHERE n.nspname = 'public' ORDER BY k.conname`,
  indexes: `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique,
      array(SELECT attname FROM unnest(x.indkey) WITH ORDINALITY u(n, o)
            JOIN pg_attribute ON attrelid = t.oid AND attnum = u.n ORDER BY u.o)::text[] AS columns,
      CASE WHEN 0 = ANY (x.indkey::int2[]) THEN pg_get_indexdef(x.indexrelid, 1, false) END AS expression,
      pg_get_expr(x.indpred, x.indrelid) AS predicate, am.amname AS method
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_am am ON am.oid = i.relam
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
    ORDER BY i.relname`,
  domains: `SELECT t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS type,
      array(SELECT k.conname FROM pg_constraint k WHERE k.contypid = t.oid ORDER BY k.conname)::text[] AS check_names,
      array(SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.contypid = t.oid ORDER BY k.conname)::text[] AS check_defs
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype = 'd' ORDER BY t.typname`,
  views: `SELECT c.relname AS name, pg_get_viewdef(c.oid, true) AS sql,
      array(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::text[] AS columns,
      array(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::text[] AS types
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'v' ORDER BY c.relname`,
};

/** `pg_get_viewdef`'s text without its trailing semicolon and the indentation of its first line. */
function viewSql(def: string): string {
  return def.trim().replace(/;$/, "");
}

/**
 * The expression of `pg_get_constraintdef` for a CHECK: `CHECK ((a <= b)) NOT VALID` → `a <= b`
 * (the outer parentheses PostgreSQL adds are dropped, so a spec's text reads back as written).
 */
function checkExpression(def: string): string {
  const inner = def.replace(/^CHECK \(/, "").replace(/\)( NOT VALID)?$/, "");
  return wrapped(inner) ? inner.slice(1, -1) : inner;
}

const arr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? v.replace(/^\{|\}$/g, "").split(",").filter(Boolean) : []);

/** The public schema as PostgreSQL's catalog reports it, in the projection's shape. */
export async function introspect(query: Query, ignoreTables: readonly string[] = ["alembic_version"]): Promise<DbSchema> {
  const tables = new Map<string, { -readonly [K in keyof DbTable]: DbTable[K] }>();
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) {
      t = { name, columns: [], primaryKey: { name: "", columns: [] }, foreignKeys: [], indexes: [], uniques: [] };
      tables.set(name, t);
    }
    return t;
  };
  const enums = (await query(Q.enums)).map((r) => ({ name: String(r.name), values: arr(r.values) }));
  for (const r of await query(Q.columns)) {
    const expr = r.default === null || r.default === undefined ? null : String(r.default);
    // A STORED generated column keeps its expression where a default would be.
    const generated = r.generated === "s" && expr !== null ? (wrapped(expr) ? expr.slice(1, -1) : expr) : undefined;
    (table(String(r.table)).columns as unknown[]).push({
      name: String(r.name),
      type: String(r.type),
      nullable: Boolean(r.nullable),
      default: generated !== undefined ? null : expr,
      ...(generated !== undefined ? { generated } : {}),
    });
  }
  for (const r of await query(Q.constraints)) {
    const t = table(String(r.table));
    const columns = arr(r.columns);
    if (r.kind === "p") t.primaryKey = { name: String(r.name), columns };
    else if (r.kind === "c") t.checks = [...(t.checks ?? []), { name: String(r.name), expression: checkExpression(String(r.def)) }];
    else if (r.kind === "u") (t.uniques as unknown[]).push({ name: String(r.name), columns });
    else if (r.kind === "f") {
      (t.foreignKeys as unknown[]).push({
        name: String(r.name),
        columns,
        refTable: String(r.ref_table),
        refColumns: arr(r.ref_columns),
        onDelete: ON_DELETE[String(r.on_delete)] ?? "NO ACTION",
      });
    }
  }
  for (const r of await query(Q.indexes)) {
    const given = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
    const expression = given(r.expression);
    const where = given(r.predicate);
    (table(String(r.table)).indexes as unknown[]).push({
      name: String(r.name),
      columns: arr(r.columns),
      unique: Boolean(r.unique),
      ...(expression !== undefined ? { expression } : {}),
      ...(where !== undefined ? { where: wrapped(where) ? where.slice(1, -1) : where } : {}),
      ...(r.method !== "btree" ? { using: String(r.method) } : {}),
    });
  }
  const views: DbView[] = (await query(Q.views)).map((r) => {
    const types = arr(r.types);
    return { name: String(r.name), sql: viewSql(String(r.sql)), columns: arr(r.columns).map((name, i) => ({ name, type: types[i] ?? "" })) };
  });
  const domains: DbDomain[] = (await query(Q.domains)).map((r) => {
    const defs = Array.isArray(r.check_defs) ? r.check_defs.map(String) : [];
    return { name: String(r.name), type: String(r.type), checks: arr(r.check_names).map((name, i) => ({ name, expression: checkExpression(defs[i] ?? "") })) };
  });
  return {
    enums,
    tables: [...tables.values()].filter((t) => !ignoreTables.includes(t.name)).sort((a, b) => (a.name < b.name ? -1 : 1)),
    ...(views.length ? { views } : {}),
    ...(domains.length ? { domains } : {}),
  };
}

export interface Drift {
  /** Table (and column) the difference is about; undefined for enum types. */
  readonly table?: string | undefined;
  readonly column?: string | undefined;
  /** The view the difference is about. */
  readonly view?: string | undefined;
  /** The domain the difference is about. */
  readonly domain?: string | undefined;
  readonly message: string;
}

const key = (xs: readonly string[]) => xs.join(", ");

/** Differences between what the specs describe and what the database holds. */
export function compareSchemas(expected: DbSchema, actual: DbSchema): Drift[] {
  const drift: Drift[] = [];
  const actualEnums = new Map(actual.enums.map((e) => [e.name, e]));
  for (const e of expected.enums) {
    const a = actualEnums.get(e.name);
    if (!a) drift.push({ message: `enum type ${e.name} is missing` });
    else if (key(a.values) !== key(e.values)) drift.push({ message: `enum type ${e.name} has values (${key(a.values)}), the specs say (${key(e.values)})` });
    actualEnums.delete(e.name);
  }
  for (const name of actualEnums.keys()) drift.push({ message: `enum type ${name} exists but no spec declares it` });
  const actualTables = new Map(actual.tables.map((t) => [t.name, t]));
  for (const t of expected.tables) {
    const a = actualTables.get(t.name);
    actualTables.delete(t.name);
    if (!a) {
      drift.push({ table: t.name, message: `table ${t.name} is missing` });
      continue;
    }
    const cols = new Map(a.columns.map((c) => [c.name, c]));
    for (const c of t.columns) {
      const ac = cols.get(c.name);
      cols.delete(c.name);
      if (!ac) drift.push({ table: t.name, column: c.name, message: `column ${t.name}.${c.name} is missing` });
      else {
        if (ac.type !== c.type) drift.push({ table: t.name, column: c.name, message: `column ${t.name}.${c.name} is ${ac.type}, the specs say ${c.type}` });
        if (ac.nullable !== c.nullable) drift.push({ table: t.name, column: c.name, message: `column ${t.name}.${c.name} is ${ac.nullable ? "nullable" : "NOT NULL"}, the specs say ${c.nullable ? "nullable" : "NOT NULL"}` });
        if ((ac.generated ?? null) !== (c.generated ?? null)) drift.push({ table: t.name, column: c.name, message: `column ${t.name}.${c.name} is ${ac.generated !== undefined ? `generated as ${ac.generated}` : "stored"}, the specs say ${c.generated !== undefined ? `generated as ${c.generated}` : "stored"}` });
        if (ac.default !== c.default) drift.push({ table: t.name, column: c.name, message: `column ${t.name}.${c.name} defaults to ${ac.default ?? "nothing"}, the specs say ${c.default ?? "nothing"}` });
      }
    }
    for (const name of cols.keys()) drift.push({ table: t.name, column: name, message: `column ${t.name}.${name} exists but no spec declares it` });
    const sig = {
      pk: (x: DbTable) => [`${x.primaryKey.name}(${key(x.primaryKey.columns)})`],
      fk: (x: DbTable) => x.foreignKeys.map((f) => `${f.name}(${key(f.columns)}) → ${f.refTable}(${key(f.refColumns)}) ON DELETE ${f.onDelete}`),
      index: (x: DbTable) =>
        x.indexes.map(
          (i) =>
            `${i.unique ? "unique " : ""}${i.name}${i.using ? ` USING ${i.using}` : ""}(${i.expression ?? key(i.columns)})${i.where !== undefined ? ` WHERE ${i.where}` : ""}`,
        ),
      unique: (x: DbTable) => x.uniques.map((u) => `${u.name}(${key(u.columns)})`),
      check: (x: DbTable) => (x.checks ?? []).map((k) => `${k.name} CHECK (${k.expression})`),
    };
    for (const [what, f] of Object.entries(sig)) {
      const want = new Set(f(t));
      const have = new Set(f(a));
      for (const w of want) if (!have.has(w)) drift.push({ table: t.name, message: `${what} ${w} is missing on ${t.name}` });
      for (const h of have) if (!want.has(h)) drift.push({ table: t.name, message: `${what} ${h} on ${t.name} is not in the specs` });
    }
  }
  for (const name of actualTables.keys()) drift.push({ table: name, message: `table ${name} exists but no spec declares it` });
  // A domain by its base type and its checks, as PostgreSQL prints them (tryFragments gives the expected side so).
  const actualDomains = new Map((actual.domains ?? []).map((d) => [d.name, d]));
  for (const d of expected.domains ?? []) {
    const a = actualDomains.get(d.name);
    actualDomains.delete(d.name);
    if (!a) {
      drift.push({ domain: d.name, message: `domain ${d.name} is missing` });
      continue;
    }
    if (a.type !== d.type) drift.push({ domain: d.name, message: `domain ${d.name} is ${a.type}, the specs say ${d.type}` });
    const want = new Set(d.checks.map((k) => `${k.name} CHECK (${k.expression})`));
    const have = new Set(a.checks.map((k) => `${k.name} CHECK (${k.expression})`));
    for (const w of want) if (!have.has(w)) drift.push({ domain: d.name, message: `check ${w} is missing on domain ${d.name}` });
    for (const h of have) if (!want.has(h)) drift.push({ domain: d.name, message: `check ${h} on domain ${d.name} is not in the specs` });
  }
  for (const name of actualDomains.keys()) drift.push({ domain: name, message: `domain ${name} exists but no spec declares it` });
  // A view by its columns and its query, both as PostgreSQL prints them (tryFragments gives the expected side so).
  const actualViews = new Map((actual.views ?? []).map((v) => [v.name, v]));
  const columnsOf = (v: DbView) => v.columns.map((c) => `${c.name} ${c.type}`).join(", ");
  for (const v of expected.views ?? []) {
    const a = actualViews.get(v.name);
    actualViews.delete(v.name);
    if (!a) drift.push({ view: v.name, message: `view ${v.name} is missing` });
    else if (columnsOf(a) !== columnsOf(v)) drift.push({ view: v.name, message: `view ${v.name} returns (${columnsOf(a)}), the specs say (${columnsOf(v)})` });
    else if (a.sql !== v.sql) drift.push({ view: v.name, message: `view ${v.name} is defined as ${a.sql}, the specs say ${v.sql}` });
  }
  for (const name of actualViews.keys()) drift.push({ view: name, message: `view ${name} exists but no spec declares it` });
  return drift;
}
