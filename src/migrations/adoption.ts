import type { DbColumn, DbSchema, DbTable } from "../db/types.js";
import { sqlString } from "../lang/sql/quote.js";
import type { Destructive } from "./diff.js";
import type { MigrationOp } from "./ops.js";
import { q } from "../lang/sql/quote.js";

/**
 * What `gen import` decided about a legacy schema, kept in the baseline until the first
 * migration turns the legacy tables into compliant ones. Names are the legacy ones.
 */
export type Conversion =
  /**
   * Replace the primary key by a UUID `id`: the values of `from` (a UUID column, then dropped),
   * new UUIDs where it is NULL. A legacy column named `id` is kept as `legacy` with its values;
   * the other columns of the legacy key stay (the specs say what they become).
   */
  | { readonly kind: "identity"; readonly table: string; readonly from: string | null; readonly legacy?: string | undefined }
  /**
   * The legacy schema has no tenant: create the tenant table with one tenant, and give every
   * row of `tables` to it.
   */
  | { readonly kind: "tenant"; readonly table: string; readonly id: string; readonly name: string; readonly column: string; readonly primaryKey: string; readonly tables: readonly string[] }
  /**
   * Replace a reference by a UUID foreign key column `to` on the target's `id`: each row takes
   * the id of the target row whose `refColumn` equals the first non-NULL of `sources`, cast.
   * Every source column is dropped.
   */
  | {
      readonly kind: "reference";
      readonly table: string;
      readonly to: string;
      readonly sources: readonly string[];
      readonly refTable: string;
      readonly refColumn: string;
      /** NOT NULL after the conversion though the legacy column is nullable (a join table's ends): a row without a value stops the migration. */
      readonly required?: boolean | undefined;
    }
  /**
   * A table without a tenant column, reached through others: `column` takes the tenant of the
   * row reached along `path` (each step a converted reference column of a table, to the next
   * table's id; the last reaches a table that has the tenant column).
   */
  | {
      readonly kind: "tenant_path";
      readonly table: string;
      readonly column: string;
      readonly path: readonly { readonly table: string; readonly column: string }[];
      /** `id`: the path ends at the tenant table itself, whose row is the tenant. */
      readonly read?: "id" | undefined;
    }
  /**
   * A column whose real type the code does not say (a project helper type): made text whatever
   * it is in the database (`USING column::text`), as the baseline reads it.
   */
  | { readonly kind: "as_text"; readonly table: string; readonly column: string }
  | { readonly kind: "rename_column"; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: "rename_table"; readonly from: string; readonly to: string };

export interface Baseline {
  readonly schema: DbSchema;
  readonly conversions: readonly Conversion[];
  /** Where the baseline was read from, for people: `SQLAlchemy sources` or `a PostgreSQL catalog`. */
  readonly source: string;
}

export const BASELINE_FILE = "baseline.json";

export function renderBaseline(b: Baseline): string {
  const data = {
    $comment:
      "Written by `gen import`: the legacy database schema the first migration starts from, and the conversions it applies. Review the conversions before `gen migration`; the history checksums cover this file.",
    source: b.source,
    conversions: b.conversions,
    enums: b.schema.enums,
    tables: b.schema.tables,
    ...(b.schema.views?.length ? { views: b.schema.views } : {}),
    ...(b.schema.domains?.length ? { domains: b.schema.domains } : {}),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function parseBaseline(text: string): Baseline {
  const data = JSON.parse(text) as { source?: string; conversions?: Conversion[]; enums: DbSchema["enums"]; tables: DbSchema["tables"]; views?: DbSchema["views"]; domains?: DbSchema["domains"] };
  return { schema: { enums: data.enums, tables: data.tables, ...(data.views?.length ? { views: data.views } : {}), ...(data.domains?.length ? { domains: data.domains } : {}) }, conversions: data.conversions ?? [], source: data.source ?? "" };
}

const UUID_TEXT = "'^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$'";

/** SQL turning `expr` (of type `from`) into `to`, NULL where it cannot: never an error mid-migration. */
function safeCast(expr: string, from: string, to: string): string {
  if (from === to) return expr;
  const textual = from === "text" || from.startsWith("character varying") || from.startsWith("character(");
  if (to === "uuid") return textual ? `CASE WHEN btrim(${expr}) ~ ${UUID_TEXT} THEN btrim(${expr})::uuid END` : `NULL::uuid`;
  if (to === "integer" || to === "bigint" || to === "smallint") {
    const digits = to === "bigint" ? 18 : to === "integer" ? 9 : 4;
    if (textual) return `CASE WHEN btrim(${expr}) ~ '^[+-]?[0-9]{1,${digits}}$' THEN btrim(${expr})::${to} END`;
    if (/^(integer|smallint|bigint)$/.test(from)) return `${expr}::${to}`;
    return `NULL::${to}`;
  }
  if (to === "text" || to.startsWith("character varying")) return `${expr}::${to}`;
  return `NULL::${to}`;
}

type MutableTable = { -readonly [K in keyof DbTable]: DbTable[K] };

function tableOf(schema: Map<string, MutableTable>, name: string): MutableTable {
  const t = schema.get(name);
  if (!t) throw new Error(`conversion names table ${name}, which is not in the baseline`);
  return t;
}

function columnOf(t: DbTable, name: string): DbColumn {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`conversion names column ${t.name}.${name}, which is not in the baseline`);
  return c;
}

/** Apply one structural step to a schema (the adoption steps only). */
function apply(schema: Map<string, MutableTable>, op: MigrationOp): void {
  switch (op.kind) {
    case "check_rows":
    case "fill_column":
    case "insert_row":
    case "set_triggers":
      return;
    case "create_table":
      schema.set(op.table.name, { ...op.table });
      return;
    case "add_column":
      tableOf(schema, op.table).columns = [...tableOf(schema, op.table).columns, op.column];
      return;
    case "drop_column": {
      const t = tableOf(schema, op.table);
      const has = (cols: readonly string[]) => cols.includes(op.column.name);
      t.columns = t.columns.filter((c) => c.name !== op.column.name);
      t.indexes = t.indexes.filter((i) => !has(i.columns));
      t.uniques = t.uniques.filter((u) => !has(u.columns));
      t.foreignKeys = t.foreignKeys.filter((f) => !has(f.columns));
      // PostgreSQL drops a key with any of its columns.
      if (has(t.primaryKey.columns)) t.primaryKey = { name: "", columns: [] };
      return;
    }
    case "rename_column": {
      const t = tableOf(schema, op.table);
      const r = (cols: readonly string[]) => cols.map((c) => (c === op.from ? op.to : c));
      t.columns = t.columns.map((c) => (c.name === op.from ? { ...c, name: op.to } : c));
      t.indexes = t.indexes.map((i) => ({ ...i, columns: r(i.columns) }));
      t.uniques = t.uniques.map((u) => ({ ...u, columns: r(u.columns) }));
      t.foreignKeys = t.foreignKeys.map((f) => ({ ...f, columns: r(f.columns) }));
      t.primaryKey = { ...t.primaryKey, columns: r(t.primaryKey.columns) };
      for (const other of schema.values()) {
        other.foreignKeys = other.foreignKeys.map((f) => (f.refTable === op.table ? { ...f, refColumns: r(f.refColumns) } : f));
      }
      return;
    }
    case "rename_table": {
      const t = tableOf(schema, op.from);
      schema.delete(op.from);
      t.name = op.to;
      schema.set(op.to, t);
      for (const other of schema.values()) other.foreignKeys = other.foreignKeys.map((f) => (f.refTable === op.from ? { ...f, refTable: op.to } : f));
      return;
    }
    case "alter_type": {
      const t = tableOf(schema, op.table);
      t.columns = t.columns.map((c) => (c.name === op.column ? { ...c, type: op.to } : c));
      return;
    }
    case "alter_nullable": {
      const t = tableOf(schema, op.table);
      t.columns = t.columns.map((c) => (c.name === op.column ? { ...c, nullable: op.nullable } : c));
      return;
    }
    case "drop_foreign_key": {
      const t = tableOf(schema, op.table);
      t.foreignKeys = t.foreignKeys.filter((f) => f.name !== op.fk.name);
      return;
    }
    case "drop_primary_key":
      tableOf(schema, op.table).primaryKey = { name: "", columns: [] };
      return;
    case "add_primary_key":
      tableOf(schema, op.table).primaryKey = { name: op.name, columns: op.columns };
      return;
    default:
      throw new Error(`adoption does not apply ${op.kind}`);
  }
}

/** A row's legacy identity, for reports: `id=42`. */
function show(t: DbTable, extra: readonly string[]): string {
  const cols = [...t.primaryKey.columns, ...extra.filter((c) => !t.primaryKey.columns.includes(c))];
  return cols.map((c) => `${sqlString(`${c}=`)} || coalesce(t.${q(c)}::text, 'NULL')`).join(` || ' ' || `);
}

interface AdoptionSteps {
  readonly ops: readonly MigrationOp[];
  /** The schema after the conversions: the generic diff takes it from there. */
  readonly schema: DbSchema;
  readonly destructive: readonly Destructive[];
  readonly review: readonly string[];
  /** The tables (in their new names) whose triggers the conversion turned off. */
  readonly triggers: readonly string[];
}

/**
 * The conversion of legacy tables into compliant ones, as ordinary migration steps: every
 * check first (a row that cannot be converted stops the migration before anything changes),
 * then new UUID columns filled from the old values, then the old columns dropped and the new
 * ones renamed into place, then table and column renames.
 */
export function adoptionSteps(baseline: Baseline): AdoptionSteps {
  const schema = new Map<string, MutableTable>(baseline.schema.tables.map((t) => [t.name, { ...t }]));
  const ops: MigrationOp[] = [];
  const destructive: Destructive[] = [];
  const review: string[] = [];
  const step = (op: MigrationOp) => {
    apply(schema, op);
    ops.push(op);
  };
  const identities = baseline.conversions.filter((c): c is Extract<Conversion, { kind: "identity" }> => c.kind === "identity");
  const references = baseline.conversions.filter((c): c is Extract<Conversion, { kind: "reference" }> => c.kind === "reference");
  const converted = new Set(identities.map((c) => c.table));
  const newId = (table: string) => (converted.has(table) ? "id__new" : "id");

  /** The table a converted reference column points at. */
  const targetOf = (e: { readonly table: string; readonly column: string }): string => {
    const r = references.find((x) => x.table === e.table && x.to === e.column);
    if (r) return r.refTable;
    const fk = tableOf(schema, e.table).foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === e.column);
    if (!fk) throw new Error(`conversion names ${e.table}.${e.column}, which references nothing in the baseline`);
    return fk.refTable;
  };
  const lookup = (c: Extract<Conversion, { kind: "reference" }>) => {
    const t = tableOf(schema, c.table);
    const ref = tableOf(schema, c.refTable);
    const refType = columnOf(ref, c.refColumn).type;
    const casts = c.sources.map((s) => safeCast(`t.${q(s)}`, columnOf(t, s).type, refType));
    const key = casts.length === 1 ? casts[0]! : `COALESCE(${casts.join(", ")})`;
    return { key, ref, any: c.sources.map((s) => `t.${q(s)} IS NOT NULL`).join(" OR ") };
  };

  // 1. Checks, before anything changes.
  for (const c of identities) {
    if (c.from === null) continue;
    const t = tableOf(schema, c.table);
    step({
      kind: "check_rows",
      table: c.table,
      condition: `t.${q(c.from)} IS NOT NULL AND EXISTS (SELECT 1 FROM ${q(c.table)} AS o WHERE o.${q(c.from)} = t.${q(c.from)} AND o.ctid <> t.ctid)`,
      show: show(t, [c.from]),
      message: `${c.table}.${c.from} holds the same value twice, so it cannot become the primary key`,
    });
  }
  for (const c of references) {
    const { key, any } = lookup(c);
    if (c.required && c.sources.some((s) => columnOf(tableOf(schema, c.table), s).nullable)) {
      step({
        kind: "check_rows",
        table: c.table,
        condition: c.sources.map((s) => `t.${q(s)} IS NULL`).join(" AND "),
        show: show(tableOf(schema, c.table), c.sources),
        message: `${c.table} holds rows with no ${c.sources.join("/")}, which a link between two rows needs`,
      });
    }
    step({
      kind: "check_rows",
      table: c.table,
      condition: `(${any}) AND NOT EXISTS (SELECT 1 FROM ${q(c.refTable)} AS r WHERE r.${q(c.refColumn)} = ${key})`,
      show: show(tableOf(schema, c.table), c.sources),
      message: `${c.table}.${c.sources.join("/")} holds values that match no ${c.refTable}.${c.refColumn}`,
    });
  }

  // 2. Constraints on the columns that change.
  const touched = new Set<string>();
  for (const c of identities) {
    const t = tableOf(schema, c.table);
    for (const col of [...t.primaryKey.columns, ...(c.from ? [c.from] : [])]) touched.add(`${c.table}.${col}`);
  }
  for (const c of references) {
    for (const s of c.sources) touched.add(`${c.table}.${s}`);
  }
  for (const t of [...schema.values()]) {
    for (const fk of t.foreignKeys) {
      const hit = fk.columns.some((col) => touched.has(`${t.name}.${col}`)) || fk.refColumns.some((col) => touched.has(`${fk.refTable}.${col}`));
      if (hit) step({ kind: "drop_foreign_key", table: t.name, fk });
    }
  }

  // The legacy tables' own triggers stay quiet while their rows are rewritten (the migration
  // turns them on again once every step has run).
  for (const t of baseline.schema.tables) step({ kind: "set_triggers", table: t.name, enabled: false });

  // 3. New UUID identities.
  for (const c of identities) {
    step({ kind: "add_column", table: c.table, column: { name: "id__new", type: "uuid", nullable: true, default: null } });
    step({ kind: "fill_column", table: c.table, column: "id__new", value: c.from ? `COALESCE(t.${q(c.from)}, gen_random_uuid())` : "gen_random_uuid()" });
    const t = tableOf(schema, c.table);
    const key = t.primaryKey.columns.length ? `the primary key (${t.primaryKey.columns.join(", ")})` : "no primary key";
    review.push(`${c.table}: ${key} becomes a UUID id${c.from ? ` taken from ${c.from} (new UUIDs where it is NULL)` : " (new UUIDs)"}${c.legacy ? `; the old id is kept as ${c.legacy}` : ""}; references to it are rewritten`);
    const id = t.columns.find((x) => x.name === "id");
    // An `id` that references another table's (joined-table inheritance) lives on as that reference.
    const referencing = references.some((r) => r.table === c.table && r.sources.includes("id"));
    if (id && !c.legacy && !referencing && t.primaryKey.columns.includes("id")) {
      destructive.push({
        op: { kind: "drop_column", table: c.table, column: id },
        why: `replaces the ${id.type} ids of ${c.table}${c.from ? ` by the UUIDs of ${c.from}` : " by new UUIDs"}: rows and references are kept, but anything outside the database that stores the old ids loses them`,
      });
    }
  }
  // 4. New reference columns, filled through the target's new identity.
  const wasNotNull = new Map<Extract<Conversion, { kind: "reference" }>, boolean>();
  for (const c of references) {
    const primary = c.sources.includes(c.to) ? [c.to] : c.sources;
    wasNotNull.set(c, c.required === true || primary.every((s) => !columnOf(tableOf(schema, c.table), s).nullable));
    const { key } = lookup(c);
    step({ kind: "add_column", table: c.table, column: { name: `${c.to}__new`, type: "uuid", nullable: true, default: null } });
    step({
      kind: "fill_column",
      table: c.table,
      column: `${c.to}__new`,
      value: `(SELECT r.${q(newId(c.refTable))} FROM ${q(c.refTable)} AS r WHERE r.${q(c.refColumn)} = ${key})`,
    });
    review.push(`${c.table}.${c.to}: from ${c.sources.map((s) => `${s} (${columnOf(tableOf(schema, c.table), s).type})`).join(", then ")} matched on ${c.refTable}.${c.refColumn}; becomes a UUID reference to ${c.refTable}.id`);
  }
  const gone = new Set<string>(); // "table.column": legacy columns step 5 dropped or renamed
  // 5. Old identities out, new ones in: a legacy `id` keeps its values under another name, the
  // other key columns stay where they are.
  for (const c of identities) {
    const t = tableOf(schema, c.table);
    const pk = t.primaryKey;
    if (pk.columns.length) step({ kind: "drop_primary_key", table: c.table, name: pk.name, columns: pk.columns });
    if (t.columns.some((x) => x.name === "id")) {
      if (c.legacy) step({ kind: "rename_column", table: c.table, from: "id", to: c.legacy });
      else step({ kind: "drop_column", table: c.table, column: columnOf(t, "id") });
      gone.add(`${c.table}.id`);
    }
    if (c.from && c.from !== "id") step({ kind: "drop_column", table: c.table, column: columnOf(tableOf(schema, c.table), c.from) });
    step({ kind: "rename_column", table: c.table, from: "id__new", to: "id" });
    step({ kind: "alter_nullable", table: c.table, column: "id", type: "uuid", nullable: false });
    step({ kind: "add_primary_key", table: c.table, name: pk.name || `${c.table}_pkey`, columns: ["id"] });
  }
  // 6. Old references out, new ones in.
  for (const c of references) {
    // A source already gone: a legacy `id` that made way for the new one.
    for (const s of c.sources) if (!gone.has(`${c.table}.${s}`)) step({ kind: "drop_column", table: c.table, column: columnOf(tableOf(schema, c.table), s) });
    step({ kind: "rename_column", table: c.table, from: `${c.to}__new`, to: c.to });
    if (wasNotNull.get(c)) step({ kind: "alter_nullable", table: c.table, column: c.to, type: "uuid", nullable: false });
  }
  // Columns of a type the code does not say: text, whatever the database holds.
  for (const c of baseline.conversions) {
    if (c.kind !== "as_text") continue;
    step({ kind: "alter_type", table: c.table, column: c.column, from: "text", to: "text", using: `${q(c.column)}::text`, usingBack: `${q(c.column)}::text`, reversible: false });
    review.push(`${c.table}.${c.column}: its type in the code is not understood: made text (USING ${c.column}::text)`);
  }
  // Tenants along the references, once every reference is a UUID to the next table's id.
  for (const c of baseline.conversions) {
    if (c.kind !== "tenant_path") continue;
    const refOf = (i: number) => (i + 1 < c.path.length ? c.path[i + 1]!.table : targetOf(c.path[i]!));
    const joins = c.path.slice(1).map((e, i) => `JOIN ${q(refOf(i + 1))} AS r${i + 2} ON r${i + 2}.id = r${i + 1}.${q(e.column)}`);
    const value = `(SELECT r${c.path.length}.${q(c.read ?? c.column)} FROM ${q(refOf(0))} AS r1${joins.length ? ` ${joins.join(" ")}` : ""} WHERE r1.id = t.${q(c.path[0]!.column)})`;
    step({ kind: "add_column", table: c.table, column: { name: c.column, type: "uuid", nullable: true, default: null } });
    step({ kind: "fill_column", table: c.table, column: c.column, value });
    step({
      kind: "check_rows",
      table: c.table,
      condition: `t.${q(c.column)} IS NULL`,
      show: show(tableOf(schema, c.table), []),
      message: `${c.table} has rows that reach no tenant through ${c.path.map((e) => `${e.table}.${e.column}`).join(" → ")}`,
    });
    step({ kind: "alter_nullable", table: c.table, column: c.column, type: "uuid", nullable: false });
    review.push(`${c.table}.${c.column}: each row takes the tenant of the row it reaches through ${c.path.map((e) => `${e.table}.${e.column}`).join(" → ")}`);
  }
  // The tenant a legacy schema did not have, owning every row.
  for (const c of baseline.conversions) {
    if (c.kind !== "tenant") continue;
    const id = `${sqlString(c.id)}::uuid`;
    step({
      kind: "create_table",
      table: {
        name: c.table,
        columns: [{ name: "id", type: "uuid", nullable: false, default: null }, { name: "name", type: "text", nullable: false, default: null }],
        primaryKey: { name: c.primaryKey, columns: ["id"] },
        foreignKeys: [],
        indexes: [],
        uniques: [],
      },
    });
    step({ kind: "insert_row", table: c.table, values: [["id", id], ["name", sqlString(c.name)]] });
    for (const table of c.tables) {
      step({ kind: "add_column", table, column: { name: c.column, type: "uuid", nullable: true, default: null } });
      step({ kind: "fill_column", table, column: c.column, value: id });
      step({ kind: "alter_nullable", table, column: c.column, type: "uuid", nullable: false });
    }
    review.push(`${c.table}: created with one tenant, ${c.name} (${c.id}), which owns every row of ${c.tables.join(", ")}`);
  }
  // 7. Names.
  for (const c of baseline.conversions) {
    if (c.kind === "rename_column") step({ kind: "rename_column", table: c.table, from: c.from, to: c.to });
  }
  for (const c of baseline.conversions) {
    if (c.kind === "rename_table") step({ kind: "rename_table", from: c.from, to: c.to });
  }
  const created = new Set(baseline.conversions.flatMap((c) => (c.kind === "tenant" ? [c.table] : [])));
  return {
    ops,
    triggers: [...schema.keys()].filter((t) => !created.has(t)).sort(),
    schema: {
      enums: baseline.schema.enums,
      tables: [...schema.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
      ...(baseline.schema.views?.length ? { views: baseline.schema.views } : {}),
      ...(baseline.schema.domains?.length ? { domains: baseline.schema.domains } : {}),
    },
    destructive,
    review,
  };
}

