import { ancestorLookup, baseLookup, singleTableSubclasses, type LegacyClass, type LegacyColumn, type LegacyFile } from "../audit/legacy.js";
import type { DbCheck, DbColumn, DbDomain, DbEnum, DbForeignKey, DbIndex, DbSchema, DbTable, DbView } from "../db/types.js";
import { ON_DELETE_SQL, onDeleteOfSql } from "../db/project.js";
import { sqlString } from "../lang/sql/quote.js";
import { sqlIdentifiers } from "../lang/sql/tokens.js";
import { FIXED_SET_NAMES } from "../rules/checks/fixed-value-sets.js";
import { introspect, type Query } from "../db/introspect.js";
import { formatSqlType, isTextType, parseSqlType } from "../db/sql-type.js";

/**
 * A legacy database as `gen import` sees it: the schema PostgreSQL holds (the baseline of the
 * first migration) plus what the code says about it (class names, relationships, defaults
 * kept in Python). Built from SQLAlchemy sources or from a live catalog.
 */
export interface LegacyDb {
  readonly schema: DbSchema;
  readonly tables: ReadonlyMap<string, TableMeta>;
  /** What could not be understood or had to be assumed, with a location when there is one. */
  readonly notes: readonly ImportNote[];
  /** Problems that stop the import: nothing is written. */
  readonly problems: readonly ImportNote[];
  /** What the code says of a view (by its name) that the catalog cannot: its class, NULLs and key. */
  readonly views?: ReadonlyMap<string, ViewMeta> | undefined;
  /** The database's own functions (a catalog only): a table they name may be renamed. */
  readonly functions?: readonly { readonly name: string; readonly body: string }[] | undefined;
}

interface ViewMeta {
  readonly model: string;
  readonly description?: string | undefined;
  readonly nullable: ReadonlySet<string>;
  readonly key: readonly string[];
}

export interface ImportNote {
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly message: string;
}

export interface TableMeta {
  /** Class name in the sources; derived from the table name when read from a database. */
  readonly model?: string | undefined;
  readonly description?: string | undefined;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly relationships: readonly { readonly name: string; readonly target: string; readonly backPopulates?: string | undefined; readonly secondary?: string | undefined }[];
  /** Python-side defaults (`default="pending"`), as literal values. */
  readonly pyDefaults: ReadonlyMap<string, string | number | boolean>;
  /** Values seen for a column: literals in the code, or distinct values in the data. */
  readonly valuesSeen: ReadonlyMap<string, readonly string[]>;
  /** Enum columns: Python enum class name and member name → value. */
  readonly enums: ReadonlyMap<string, { readonly className: string; readonly labels: readonly { readonly label: string; readonly value: string }[] }>;
  /** References PostgreSQL could not hold as a constraint (types differ): column → referenced column. */
  readonly looseReferences: ReadonlyMap<string, { readonly table: string; readonly column: string; readonly onDelete?: DbForeignKey["onDelete"] | undefined }>;
  readonly lines: ReadonlyMap<string, number>;
  /**
   * A float column's values as exact decimals, read from the rows: the most whole digits and
   * decimals any value has (PostgreSQL prints a float's shortest exact text).
   */
  readonly floatDigits?: ReadonlyMap<string, { readonly whole: number; readonly scale: number }> | undefined;
  /** Columns whose type the code names in a way no static reading understands (read as text): as written. */
  readonly unknownTypes?: ReadonlyMap<string, string> | undefined;
}


function literal(text: string | undefined): string | number | boolean | undefined {
  if (text === undefined) return undefined;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d+\.\d+$/.test(text)) return Number(text);
  if (text === "True" || text === "False") return text === "True";
  const m = /^[rbu]*("|')(.*)\1$/is.exec(text);
  return m ? m[2] : undefined;
}

/** The PostgreSQL type SQLAlchemy creates for a legacy column, or undefined when not understood. */
function pgType(c: LegacyColumn, enumTypes: ReadonlyMap<string, string>): string | undefined {
  const head = c.typeText.split("(")[0]!.split(".").pop()!;
  const args = /\(\s*(\d+)\s*,\s*(\d+)\s*\)/.exec(c.typeText);
  switch (c.type) {
    case "integer":
      return /^(SmallInteger|SMALLINT)$/.test(head) ? "smallint" : "integer";
    case "bigint":
      return "bigint";
    case "string":
      return formatSqlType({ kind: "varchar", length: c.length || undefined });
    case "text":
      return "text";
    case "citext":
      return "citext";
    case "char":
      return formatSqlType({ kind: "char", length: c.length || 1 });
    case "time":
      return "time without time zone";
    case "interval":
    case "inet":
    case "tsvector":
      return c.type;
    case "array": {
      // ARRAY(String) / ARRAY(Integer): the element's own type, then [].
      const element = /^\w*\.?ARRAY\(\s*(?:sa\.|sqlalchemy\.)?(\w+)/.exec(c.typeText)?.[1];
      const inner = element ? ({ String: "character varying", VARCHAR: "character varying", Text: "text", TEXT: "text", Integer: "integer", INTEGER: "integer", Boolean: "boolean", BOOLEAN: "boolean", Uuid: "uuid", UUID: "uuid" } as Record<string, string>)[element] : undefined;
      return inner ? `${inner}[]` : undefined;
    }
    case "float":
      return head === "REAL" ? "real" : "double precision";
    case "numeric":
      return formatSqlType(args ? { kind: "numeric", precision: Number(args[1]), scale: Number(args[2]) } : { kind: "numeric", precision: c.length || undefined, scale: 0 });
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return c.timezone ? "timestamp with time zone" : "timestamp without time zone";
    case "uuid":
      return "uuid";
    case "json":
      return head === "JSONB" ? "jsonb" : "json";
    case "binary":
      return "bytea";
    case "enum":
      return c.enumRef?.name ?? (c.enumRef?.className ? c.enumRef.className.toLowerCase() : undefined);
    default: {
      // `Mapped[InvoiceState]`: SQLAlchemy maps a Python enum annotation to Enum(InvoiceState).
      const cls = c.typeText.replace(/Optional\[|\]|\s*\|\s*None/g, "").split(".").pop() ?? "";
      return enumTypes.get(cls);
    }
  }
}

function serverDefault(text: string | undefined, type: string): string | null | undefined {
  if (text === undefined) return null;
  const t = text.replace(/\s+/g, "");
  if (/^(sa\.|sqlalchemy\.)?func\.(now|current_timestamp)\(\)$/.test(t) || /^(sa\.)?text\(["']now\(\)["']\)$/.test(t)) return type.startsWith("timestamp") ? "now()" : undefined;
  const textCall = /^(?:sa\.)?text\((["'])(.*)\1\)$/.exec(t);
  if (textCall) return textCall[2]!;
  const lit = literal(text);
  if (typeof lit === "string") {
    if (/^(integer|bigint|smallint|numeric)/.test(type) && /^-?\d+(\.\d+)?$/.test(lit)) return lit;
    if (type === "boolean" && /^(true|false)$/i.test(lit)) return lit.toLowerCase();
    if (parseSqlType(type).kind === "varchar") return `${sqlString(lit)}::character varying`;
    if (type === "text") return `${sqlString(lit)}::text`;
  }
  return undefined;
}

/** Truncation PostgreSQL applies to the names it makes up (`<table>_<column>_key`): NAMEDATALEN - 1 bytes. */
const pgName = (name: string) => (name.length > 63 ? name.slice(0, 63) : name);

/**
 * Project legacy SQLAlchemy classes onto the database they create: types, nullability, server
 * defaults, serial keys, and PostgreSQL's own constraint names (`jobs_pkey`, `jobs_domain_id_fkey`,
 * `jobs_job_id_key`) with SQLAlchemy's `ix_<table>_<column>` for `index=True`.
 */
export function legacyDbFromSources(files: readonly LegacyFile[]): LegacyDb {
  const notes: ImportNote[] = [];
  const problems: ImportNote[] = [];
  const all = files.flatMap((f) => f.classes);
  const byName = new Map(all.map((c) => [c.name, c]));
  const baseOf = baseLookup(all);
  const enumClasses = all.filter((c) => c.isEnum);
  const enumTypes = new Map(enumClasses.map((e) => [e.name, e.name.toLowerCase()]));
  const literals = new Map<string, Set<string>>();
  for (const f of files) for (const [k, vs] of f.literals) for (const v of vs) literals.set(k, (literals.get(k) ?? new Set()).add(v));
  if (files.some((f) => f.namingConvention)) {
    const f = files.find((x) => x.namingConvention)!;
    notes.push({ file: f.path, message: "a naming_convention is configured: constraint names are assumed to be PostgreSQL's defaults anyway; import with --from-database to read the real names" });
  }

  const mapped = (c: LegacyClass) => c.table !== undefined && !c.view;
  // A base that maps a table of its own keeps its columns there (joined-table or concrete
  // inheritance); mixins and unmapped bases give theirs to the class.
  const columnsOf = (c: LegacyClass, seen = new Set<LegacyClass>()): LegacyColumn[] => {
    if (seen.has(c)) return [];
    seen.add(c);
    const out = new Map<string, LegacyColumn>();
    for (const b of c.bases) {
      const base = baseOf(c, b);
      if (base && !base.isEnum && !mapped(base)) for (const col of columnsOf(base, seen)) out.set(col.name, col);
    }
    for (const col of c.columns) out.set(col.name, col);
    return [...out.values()];
  };
  // Single-table subclasses: their own columns and relationships are their parent table's.
  const singleTable = singleTableSubclasses(all);
  const tableClassOf = (c: LegacyClass): LegacyClass | undefined => (mapped(c) ? c : [...singleTable].find(([, subs]) => subs.includes(c))?.[0]);
  /** Every class below `c` (single-table, joined or concrete): their rows are rows of its kind. */
  const ancestors = ancestorLookup(all);
  const descendantsOf = (c: LegacyClass): LegacyClass[] => all.filter((x) => ancestors(x).includes(c));
  const byTable = new Map(all.filter(mapped).map((c) => [c.table!, c]));
  /** `Column(None, ForeignKey("people.id"))` or no type at all: SQLAlchemy types the column as the one it references. */
  const typed = (c: LegacyColumn): LegacyColumn => {
    if (c.type !== "unknown" || (c.typeText !== "None" && c.typeText !== "(none)") || !c.foreignKey) return c;
    const target = byTable.get(c.foreignKey.table);
    const ref = target ? columnsOf(target).find((x) => x.name === c.foreignKey!.column) : undefined;
    return ref ? { ...c, type: ref.type, typeText: ref.typeText, length: ref.length, timezone: ref.timezone, enumRef: ref.enumRef } : c;
  };

  for (const c of all) {
    for (const d of c.dynamicTables ?? []) {
      problems.push({ file: c.file, line: d.line, message: `${c.name}.${d.name} builds a Table(...) in a declared_attr (a table per class), which no static reading can name: import this schema --from-database` });
    }
  }
  // One class per table: a second one (an examples folder of separate programs) is located.
  const models: LegacyClass[] = [];
  for (const c of all.filter(mapped)) {
    const first = models.find((m) => m.table === c.table);
    if (first) problems.push({ file: c.file, line: c.line, message: `table ${c.table} is mapped by ${c.name} here and by ${first.name} (${first.file}:${first.line}): import one application at a time (give its files to --from-sqlalchemy)` });
    else models.push(c);
  }
  // A class over a view: the view, its columns typed as the class maps them, its query from the sources.
  const views: DbView[] = [];
  const viewMetas = new Map<string, ViewMeta>();
  for (const v of all.filter((c) => c.table !== undefined && c.view)) {
    if (v.view!.sql === undefined) {
      problems.push({ file: v.file, line: v.line, message: `${v.name} maps the view ${v.table}, whose query is not among the sources (no \`CREATE VIEW ${v.table} AS …\` string): import it --from-database, or declare it under \`views:\` in a spec` });
      continue;
    }
    const columns: { name: string; type: string }[] = [];
    for (const c of columnsOf(v)) {
      const type = pgType(c, enumTypes);
      if (type === undefined) problems.push({ file: v.file, line: c.line, message: `${v.name}.${c.name}: type \`${c.typeText}\` is not understood` });
      else columns.push({ name: c.name, type });
    }
    views.push({ name: v.table!, sql: v.view!.sql, columns });
    const cols = columnsOf(v);
    viewMetas.set(v.table!, {
      model: v.name,
      description: v.docstring,
      nullable: new Set(cols.filter((c) => !c.primaryKey && (c.nullable ?? true)).map((c) => c.name)),
      key: cols.filter((c) => c.primaryKey).map((c) => c.name),
    });
  }
  const tables: DbTable[] = [];
  const domains = new Map<string, DbDomain>();
  const metas = new Map<string, TableMeta>();
  const enums = new Map<string, DbEnum>();
  const pending: { table: string; file: string; col: LegacyColumn; type: string }[] = [];
  const typeOf = new Map<string, string>(); // "table.column" → type

  for (const m of models) {
    const table = m.table!;
    const columns: DbColumn[] = [];
    const indexes: DbIndex[] = [];
    const uniques: { name: string; columns: string[] }[] = [];
    const pyDefaults = new Map<string, string | number | boolean>();
    const valuesSeen = new Map<string, string[]>();
    const enumCols = new Map<string, { className: string; labels: { label: string; value: string }[] }>();
    const lines = new Map<string, number>();
    const unknownTypes = new Map<string, string>();
    const subclasses = singleTable.get(m) ?? [];
    const own = columnsOf(m).map(typed);
    const cols = [...own, ...subclasses.flatMap((sc) => sc.columns.filter((x) => !own.some((o) => o.name === x.name)).map(typed))].filter((x, i, xs) => xs.findIndex((y) => y.name === x.name) === i);
    const pk = cols.filter((c) => c.primaryKey).map((c) => c.name);
    for (const u of m.notUnderstood) notes.push({ file: m.file, line: u.line, message: `${m.name}: not understood, left out: ${u.text}` });
    for (const sc of subclasses) {
      for (const u of sc.notUnderstood) notes.push({ file: sc.file, line: u.line, message: `${sc.name}: not understood, left out: ${u.text}` });
      const added = sc.columns.filter((x) => !own.some((o) => o.name === x.name)).map((x) => x.name);
      notes.push({ file: sc.file, line: sc.line, message: `${sc.name} is a single-table subclass of ${m.name}: its rows are rows of ${table}${added.length ? `, its columns ${added.join(", ")} are columns of ${table}` : ""}` });
    }
    for (const c of cols) {
      lines.set(c.name, c.line);
      let type = pgType(c, enumTypes);
      if (type === undefined) {
        // A type no static reading can name (a project helper, a third-party type): text, said
        // where it stands, never an aborted import.
        type = "text";
        unknownTypes.set(c.name, c.typeText);
        notes.push({ file: m.file, line: c.line, message: `${m.name}.${c.name}: type \`${c.typeText}\` is not understood; read as text (NEED_CLARITY: check the column's real type, or import --from-database)` });
      }
      // A DOMAIN column: typed as the domain, which holds the base type and its check.
      if (c.domain) {
        const { name: dname, check, constraintName } = c.domain;
        if (!domains.has(dname)) domains.set(dname, { name: dname, type, checks: check !== undefined ? [{ name: constraintName ?? pgName(`${dname}_check`), expression: check }] : [] });
      }
      typeOf.set(`${table}.${c.name}`, c.domain ? c.domain.name : type);
      if (c.type === "enum" || enumTypes.has(c.typeText.replace(/Optional\[|\]|\s*\|\s*None/g, "").split(".").pop() ?? "")) {
        const cls = c.enumRef?.className ?? c.typeText.replace(/Optional\[|\]|\s*\|\s*None/g, "").split(".").pop()!;
        const e = byName.get(cls);
        // SQLAlchemy stores a Python enum by member NAME unless told otherwise.
        const labels = e?.isEnum ? e.enumLabels.map((l) => ({ label: l.name, value: l.value })) : (c.enumRef?.values ?? []).map((v) => ({ label: v, value: v }));
        if (!labels.length) problems.push({ file: m.file, line: c.line, message: `${m.name}.${c.name}: enum ${cls} is not among the sources` });
        enums.set(type, { name: type, values: labels.map((l) => l.label) });
        enumCols.set(c.name, { className: e?.isEnum ? e.name : `${m.name}${c.name.replace(/(^|_)([a-z])/g, (_, __, x: string) => x.toUpperCase())}`, labels });
      }
      const isPk = pk.length === 1 && pk[0] === c.name;
      // SQLAlchemy's autoincrement="auto": a single integer key that references nothing.
      const serial = isPk && (type === "integer" || type === "bigint") && (c.autoincrement === true || (c.autoincrement !== false && !c.foreignKey));
      let def = serial ? `nextval('${pgName(`${table}_${c.name}_seq`)}'::regclass)` : serverDefault(c.serverDefaultText, type);
      if (def === undefined) {
        notes.push({ file: m.file, line: c.line, message: `${m.name}.${c.name}: server_default ${c.serverDefaultText} is not understood; assumed none` });
        def = null;
      }
      columns.push({
        name: c.name,
        type: c.domain ? c.domain.name : type,
        nullable: c.primaryKey ? false : (c.nullable ?? true),
        default: c.computed !== undefined ? null : def,
        ...(c.computed !== undefined ? { generated: c.computed } : {}),
      });
      // `default=InvoiceState.DRAFT`: the member's name, which the spec maps to its value.
      const member = enumCols.has(c.name) ? /(?:^|\.)([A-Za-z_][A-Za-z0-9_]*)$/.exec(c.defaultText ?? "")?.[1] : undefined;
      const py = member && enumCols.get(c.name)!.labels.some((l) => l.label === member) ? member : literal(c.defaultText);
      if (py !== undefined) pyDefaults.set(c.name, py);
      const seen = new Set(literals.get(c.name) ?? []);
      // The discriminator of an inheritance: its values are the classes' polymorphic identities.
      if (m.polymorphic?.on === c.name) for (const k of [m, ...descendantsOf(m)]) if (k.polymorphic?.identity !== undefined) seen.add(k.polymorphic.identity);
      if (typeof py === "string") seen.add(py);
      if (seen.size) valuesSeen.set(c.name, [...seen].sort());
      if (c.index) indexes.push({ name: `ix_${table}_${c.name}`, columns: [c.name], unique: c.unique });
      else if (c.unique) uniques.push({ name: pgName(`${table}_${c.name}_key`), columns: [c.name] });
      if (c.foreignKey) pending.push({ table, file: m.file, col: c, type });
    }
    const checks: DbCheck[] = [];
    // A column's own CheckConstraint: PostgreSQL names it `<table>_<column>_check`.
    for (const c of cols) {
      for (const k of c.checks ?? []) {
        const base = pgName(`${table}_${c.name}_check`);
        let name = k.name ?? base;
        for (let i = 1; checks.some((x) => x.name === name); i++) name = pgName(`${base}${i}`);
        checks.push({ name, expression: k.sql });
      }
    }
    for (const a of m.tableArgs) {
      if (a.kind === "index") {
        indexes.push({
          name: a.name ?? `ix_${table}_${a.columns.join("_")}`,
          columns: a.columns,
          unique: a.unique,
          ...(a.expression !== undefined ? { expression: a.expression } : {}),
          ...(a.where !== undefined ? { where: a.where } : {}),
          ...(a.using !== undefined && a.using !== "btree" ? { using: a.using } : {}),
        });
      }
      else if (a.kind === "check") checks.push({ name: a.name ?? defaultCheckName(table, a.sql!, cols.map((c) => c.name), checks), expression: a.sql! });
      else uniques.push({ name: a.name ?? pgName(`${table}_${a.columns.join("_")}_key`), columns: [...a.columns] });
    }
    tables.push({ name: table, columns, primaryKey: { name: pk.length ? pgName(`${table}_pkey`) : "", columns: pk }, foreignKeys: [], indexes, uniques, ...(checks.length ? { checks } : {}) });
    metas.set(table, {
      // A Core table has no class: its model is named from the table.
      model: m.core ? undefined : m.name,
      description: m.docstring,
      file: m.file,
      line: m.line,
      // A relationship to a single-table subclass reaches its parent's table (and model).
      relationships: [m, ...subclasses]
        .flatMap((x) => x.relationships)
        .filter((r, i, rs) => rs.findIndex((o) => o.name === r.name) === i)
        .map((r) => ({
          name: r.name,
          target: (byName.get(r.target) && tableClassOf(byName.get(r.target)!)?.name) || r.target,
          backPopulates: r.backPopulates,
          // `secondary=post_tags`: the Core table that variable holds, by its table name.
          secondary: r.secondary === undefined ? undefined : (all.find((c) => c.core && c.name === r.secondary)?.table ?? r.secondary),
        })),
      pyDefaults,
      valuesSeen,
      enums: enumCols,
      looseReferences: new Map(),
      lines,
      ...(unknownTypes.size ? { unknownTypes } : {}),
    });
  }

  // Foreign keys, once every column type is known: PostgreSQL refuses a constraint between
  // columns of different types, so such a reference exists in the code only.
  for (const p of pending) {
    const fk = p.col.foreignKey!;
    const t = tables.find((x) => x.name === p.table)!;
    const refType = typeOf.get(`${fk.table}.${fk.column}`);
    const spelled = fk.onDelete ? onDeleteOfSql(fk.onDelete) : undefined;
    const onDelete = spelled ? ON_DELETE_SQL[spelled] : undefined;
    if (fk.onDelete && !onDelete) notes.push({ file: p.file, line: p.col.line, message: `${p.table}.${p.col.name}: ondelete=${fk.onDelete} is not understood; assumed NO ACTION` });
    if (refType === undefined) {
      problems.push({ file: p.file, line: p.col.line, message: `${p.table}.${p.col.name} references ${fk.table}.${fk.column}, which is not among the sources` });
      continue;
    }
    if (refType !== p.type) {
      (metas.get(p.table)!.looseReferences as Map<string, unknown>).set(p.col.name, { table: fk.table, column: fk.column, onDelete });
      const castable = (isTextType(p.type) && refType === "uuid") || (/^(integer|bigint|smallint)$/.test(p.type) && /^(integer|bigint|smallint)$/.test(refType));
      notes.push({
        file: p.file,
        line: p.col.line,
        message: `${p.table}.${p.col.name} (${p.type}) references ${fk.table}.${fk.column} (${refType}): PostgreSQL cannot hold that constraint, so the baseline has none; ${castable ? "the conversion casts the values" : `no ${p.type} value can be cast to ${refType}, so the migration will stop and list every row that holds one (NEED_CLARITY: fix the model or the data)`}`,
      });
      continue;
    }
    (t.foreignKeys as DbForeignKey[]).push({
      name: pgName(`${p.table}_${p.col.name}_fkey`),
      columns: [p.col.name],
      refTable: fk.table,
      refColumns: [fk.column],
      onDelete: onDelete ?? "NO ACTION",
    });
  }
  const usedEnums = [...enums.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    schema: {
      enums: usedEnums,
      tables: tables.sort((a, b) => (a.name < b.name ? -1 : 1)),
      ...(views.length ? { views: views.sort((a, b) => (a.name < b.name ? -1 : 1)) } : {}),
      ...(domains.size ? { domains: [...domains.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) } : {}),
    },
    tables: metas,
    notes,
    problems,
    views: viewMetas,
  };
}

/** A live PostgreSQL catalog as a legacy database; values seen are read from the rows. */
export async function legacyDbFromDatabase(query: Query): Promise<LegacyDb> {
  const schema = await introspect(query);
  const tables = new Map<string, TableMeta>();
  const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
  for (const t of schema.tables) {
    const valuesSeen = new Map<string, string[]>();
    for (const c of t.columns) {
      if (!FIXED_SET_NAMES.test(c.name) || !isTextType(c.type)) continue;
      const rows = await query(`SELECT DISTINCT ${quote(c.name)}::text AS v FROM ${quote(t.name)} WHERE ${quote(c.name)} IS NOT NULL ORDER BY 1 LIMIT 50`);
      valuesSeen.set(c.name, rows.map((r) => String(r.v)));
    }
    const floatDigits = new Map<string, { whole: number; scale: number }>();
    for (const c of t.columns.filter((x) => x.type === "real" || x.type === "double precision")) {
      const v = `${quote(c.name)}::text::numeric`;
      const [r] = await query(`SELECT max(scale(${v}))::int AS scale, max(length(trunc(abs(${v}))::text))::int AS whole FROM ${quote(t.name)} WHERE ${quote(c.name)} IS NOT NULL AND ${quote(c.name)}::text NOT IN ('NaN', 'Infinity', '-Infinity')`);
      if (r && r.scale !== null && r.scale !== undefined) floatDigits.set(c.name, { whole: Number(r.whole), scale: Number(r.scale) });
    }
    tables.set(t.name, { relationships: [], pyDefaults: new Map(), valuesSeen, enums: new Map(), looseReferences: new Map(), lines: new Map(), floatDigits });
  }
  const { notes, problems } = await dependentObjects(query);
  return { schema, tables, notes, problems, functions: await functionBodies(query) };
}

/**
 * What the conversion cannot carry through, named before anything is written: a partitioned
 * table, a foreign key from another schema onto a table whose key changes, a materialized view
 * over the tables.
 */
async function dependentObjects(query: Query): Promise<{ notes: ImportNote[]; problems: ImportNote[] }> {
  const problems: ImportNote[] = [];
  for (const r of await query(`SELECT c.relname AS name, c.relkind AS kind, c.relispartition AS part FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND (c.relkind IN ('p', 'm') OR c.relispartition) ORDER BY 1`)) {
    const what = r.kind === "m" ? "a materialized view over the legacy tables" : r.part ? "a partition" : "a partitioned table";
    problems.push({ message: `${String(r.name)} is ${what}, which the conversion cannot rebuild: ${r.kind === "m" ? "drop it before the import and create it again after the migration" : "import does not convert partitioned tables (attach the rows to one plain table first)"}` });
  }
  for (const r of await query(
    `SELECT n.nspname || '.' || c.relname AS source, k.conname AS name, f.relname AS target FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE k.contype = 'f' AND fn.nspname = 'public' AND n.nspname <> 'public' ORDER BY 1, 2`,
  )) {
    problems.push({ message: `foreign key ${String(r.name)} of ${String(r.source)} (another schema) references ${String(r.target)}, whose key the conversion replaces: drop it first, and point it at the new id after the migration` });
  }
  return { notes: [], problems };
}

/** The user's SQL and PL/pgSQL functions, by name, with their bodies: a renamed table inside one is named to the user. */
async function functionBodies(query: Query): Promise<{ name: string; body: string }[]> {
  const rows = await query(
    `SELECT n.nspname || '.' || p.proname AS name, p.prosrc AS body FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND l.lanname IN ('sql', 'plpgsql') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY 1`,
  );
  return rows.map((r) => ({ name: String(r.name), body: String(r.body) }));
}

/**
 * The name PostgreSQL gives an unnamed CHECK: `<table>_<column>_check` when it reads one
 * column, else `<table>_check`, numbered from 1 when taken.
 */
function defaultCheckName(table: string, sql: string, columns: readonly string[], taken: readonly DbCheck[]): string {
  const used = new Set(sqlIdentifiers(sql).map((t) => t.name).filter((t) => columns.includes(t)));
  const base = pgName(used.size === 1 ? `${table}_${[...used][0]}_check` : `${table}_check`);
  let name = base;
  for (let i = 1; taken.some((k) => k.name === name); i++) name = pgName(`${base}${i}`);
  return name;
}
