import pluralize from "pluralize";
import { stringify } from "yaml";
import type { BlueprintFacts } from "../input/accessors.js";
import { FIXED_SET_NAMES } from "../rules/checks/fixed-value-sets.js";
import { MONEY } from "../rules/checks/money.js";
import { compliantColumnName, isIdentityAlias, isReservedClassName, isTenantAlias } from "../rules/predicates.js";
import { onDeleteOfSql, sqlType } from "../db/project.js";
import { fieldType } from "../ir/resolve.js";
import type { BaseFieldSpec } from "../input/spec-schema.js";
import { associationColumn, constraintNames, enumTypeName, snakeCase, tableName } from "../ir/naming.js";
import type { Baseline, Conversion } from "../migrations/adoption.js";
import type { DbColumn, DbForeignKey, DbTable } from "../db/types.js";
import type { ImportNote, LegacyDb, TableMeta } from "./source.js";
import { parseSqlType, type SqlType } from "../db/sql-type.js";
import { boundOfCheck, indexHasSql, normalizeCheck } from "../db/checks.js";
import { portablePattern } from "../lang/regex.js";
import { renameIdentifiers, sqlIdentifiers } from "../lang/sql/tokens.js";
import type { DbCheck, DbDomain, DbIndex } from "../db/types.js";

/** What `gen import` writes: one spec file per model, and the baseline of the first migration. */
interface ImportPlan {
  readonly specs: readonly { readonly path: string; readonly model: string; readonly content: string }[];
  readonly baseline: Baseline;
  readonly notes: readonly ImportNote[];
  readonly problems: readonly ImportNote[];
}


/** A table name the import keeps as it is. */
const SNAKE_TABLE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

const pascal = (snake: string) => snake.replace(/(^|_)([a-z0-9])/g, (_, __, x: string) => x.toUpperCase());

/** `batch_jobs` → `BatchJob`: the model a table name derives from (Blueprint 2.1.5 backwards). */
function modelNameOf(table: string): string {
  const words = snakeCase(table.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "")).split("_").filter(Boolean);
  const last = words.pop() ?? "";
  const name = pascal([...words, pluralize.singular(last)].join("_"));
  // A name the generated code uses itself (`fields` → `Field`) takes a suffix.
  return isReservedClassName(name) ? `${name}Record` : name;
}

/** The model a legacy table becomes: its class's name, or one derived from the table's. */
export function modelFor(db: LegacyDb, table: string): string {
  return db.tables.get(table)?.model ?? modelNameOf(table);
}

type Entry = [string, unknown];

interface Reference {
  readonly column: string;
  readonly refTable: string;
  readonly refColumn: string;
  readonly onDelete?: DbForeignKey["onDelete"] | undefined;
  readonly inferred: boolean;
}

/** One YAML scalar, quoted only when YAML needs it. */
/** A value as it reads inside a flow mapping: quoted when `[`, `,` or `{` would end it there. */
const scalar = (v: unknown): string => {
  const text = stringify([v], { collectionStyle: "flow", lineWidth: 0 }).trim().slice(1, -1).trim();
  return text.includes("\n") ? JSON.stringify(v) : text;
};
const flow = (entries: readonly Entry[]): string => `{ ${entries.map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.map(scalar).join(", ")}]` : scalar(v)}`).join(", ")} }`;

/**
 * Compliant specs for the legacy tables, and the conversions the first migration applies:
 * overridden keys dropped (the blueprint's base model supplies them), foreign keys as relations,
 * fixed-set strings kept as strings with the values seen.
 */
/**
 * `viewTypes`: what each view returns once the conversion has run (by view, then column, in
 * compliant names), as PostgreSQL reported it for the specs of an earlier plan; without it a
 * view's columns are typed as the legacy view returns them.
 */
export function planImport(
  db: LegacyDb,
  facts: BlueprintFacts,
  source: string,
  viewTypes?: ReadonlyMap<string, ReadonlyMap<string, string>>,
  options: { readonly tenant?: { readonly id: string; readonly name: string } | undefined } = {},
): ImportPlan {
  const notes: ImportNote[] = [...db.notes];
  const problems: ImportNote[] = [...db.problems];
  const conversions: Conversion[] = [];
  const tables = new Map(db.schema.tables.map((t) => [t.name, t]));
  const meta = (t: string): TableMeta => db.tables.get(t) ?? EMPTY_META;
  const modelOf = new Map(db.schema.tables.map((t) => [t.name, modelFor(db, t.name)]));
  const tenantTable = [...modelOf].find(([, m]) => m === facts.tenantModel)?.[0];
  const dbEnums = new Map(db.schema.enums.map((e) => [e.name, e.values]));
  const where = (t: string, col?: string) => ({ file: meta(t).file, line: (col && meta(t).lines.get(col)) || meta(t).line });
  // A relation name the blueprint forbids (`user`, `order`), as the rules would accept it: the
  // same on both sides of the relationship, clear of the table's columns.
  const relationName = (name: string, table: string): string =>
    compliantColumnName(name, (n) => tables.get(table)?.columns.some((c) => c.name === n || c.name === `${n}_id`) ?? false).name;

  // References: real foreign keys, references PostgreSQL could not hold, and (from a catalog)
  // a column named like a unique column of another table.
  const refs = new Map<string, Reference[]>();
  // Each table's single-column unique columns, read once; and the tables that identify rows by
  // a column of a name (a unique column that is not itself a foreign key).
  const uniqueOf = new Map(db.schema.tables.map((t) => [t.name, uniqueColumns(t)]));
  const identifiedBy = new Map<string, DbTable[]>();
  for (const o of db.schema.tables) {
    for (const c of uniqueOf.get(o.name)!) {
      if (!o.foreignKeys.some((f) => f.columns.length === 1 && f.columns[0] === c)) identifiedBy.set(c, [...(identifiedBy.get(c) ?? []), o]);
    }
  }
  for (const t of db.schema.tables) {
    const list: Reference[] = [];
    for (const fk of t.foreignKeys) {
      if (fk.columns.length !== 1) {
        problems.push({ ...where(t.name), message: `${t.name}.${fk.name}: a foreign key over several columns is not supported by import` });
        continue;
      }
      list.push({ column: fk.columns[0]!, refTable: fk.refTable, refColumn: fk.refColumns[0]!, onDelete: fk.onDelete, inferred: false });
    }
    for (const [column, r] of meta(t.name).looseReferences) list.push({ column, refTable: r.table, refColumn: r.column, onDelete: r.onDelete, inferred: false });
    // Code declares its foreign keys: a name alone is a guess only a catalog needs.
    for (const c of meta(t.name).file === undefined ? t.columns : []) {
      // A key is the table's own identity, not a reference; a unique column that is itself a
      // foreign key (a one-to-one) identifies nothing of its own.
      if (c.name === "id" || t.primaryKey.columns.includes(c.name) || list.some((r) => r.column === c.name) || !c.name.endsWith("_id") || c.name === facts.tenantColumn) continue;
      const owners = (identifiedBy.get(c.name) ?? []).filter((o) => o.name !== t.name);
      if (owners.length === 1) {
        list.push({ column: c.name, refTable: owners[0]!.name, refColumn: c.name, inferred: true });
        notes.push({ ...where(t.name, c.name), message: `${t.name}.${c.name} has no foreign key; treated as a reference to the unique column ${owners[0]!.name}.${c.name} (NEED_CLARITY: check)` });
      }
    }
    refs.set(t.name, list);
  }
  const referencedIdentity = new Set<string>();
  for (const list of refs.values()) for (const r of list) referencedIdentity.add(`${r.refTable}.${r.refColumn}`);

  /** The relation a reference becomes: the class's relationship when it names one, else the column's stem. */
  const relations = new Map<Reference, { named: TableMeta["relationships"][number] | undefined; legacyRel: string; rel: string }>();
  const relationOf = (table: string, r: Reference) => relations.get(r) ?? relations.set(r, relationFor(table, r)).get(r)!;
  const relationFor = (table: string, r: Reference) => {
    const candidates = meta(table).relationships.filter((x) => x.target === modelOf.get(r.refTable));
    const named =
      candidates.find((x) => `${x.name}_id` === r.column) ??
      (candidates.length === 1 && refs.get(table)!.filter((x) => x.refTable === r.refTable).length === 1 ? candidates[0] : undefined);
    const legacyRel = named?.name ?? (r.column === "id" ? snakeCase(modelOf.get(r.refTable)!) : snakeCase(r.column).replace(/_id$/, ""));
    return { named, legacyRel, rel: relationName(legacyRel, table) };
  };

  // Pure join tables (a key of two references to two other tables, nothing else): a
  // many_to_many on each side, through the legacy table, which keeps its name.
  const links = new Map<string, { readonly sides: readonly [Reference, Reference]; readonly through: string }>();
  for (const t of db.schema.tables) {
    // Its key, or (an association table often has none) its two columns.
    const pk = t.primaryKey.columns.length ? t.primaryKey.columns : t.columns.map((c) => c.name);
    const list = refs.get(t.name) ?? [];
    const sides = pk.map((c) => list.find((r) => r.column === c));
    if (pk.length !== 2 || t.columns.length !== 2 || !sides[0] || !sides[1]) continue;
    const [a, b] = sides as [Reference, Reference];
    if (a.refTable === b.refTable || a.refTable === t.name || b.refTable === t.name || !tables.has(a.refTable) || !tables.has(b.refTable)) continue;
    links.set(t.name, { sides: [a, b], through: SNAKE_TABLE.test(t.name) ? t.name : tableName(modelOf.get(t.name)!) });
  }

  // Identities: a primary key that is not a UUID `id`, or a second UUID identity next to it.
  // A legacy key keeps its values in a unique column (natural keys stay queryable).
  const identityFrom = new Map<string, string | null>();
  const oneToOne = new Map<string, string>(); // table → its key column that references another table
  const hasOne = new Set<string>(); // "table.column": one-to-one references with a has_one side (which makes them unique)
  const legacyKeys = new Map<string, { readonly column: string; readonly to: string }>();
  for (const t of db.schema.tables) {
    if (links.has(t.name)) continue;
    const model = modelOf.get(t.name)!;
    const pk = t.primaryKey.columns;
    const id = t.columns.find((c) => c.name === "id");
    if (pk.length === 1 && pk[0] === "id" && !id) {
      // A key named by the class but defined where the reader does not look (a base class or
      // mixin outside the sources, a declared_attr).
      problems.push({ ...where(t.name), message: `${t.name}: its primary key \`id\` is not among the columns read from its class (defined by a base class, mixin or declared_attr the import does not follow)` });
      continue;
    }
    if (id && !pk.includes("id")) {
      problems.push({ ...where(t.name, "id"), message: `${t.name}.id is not its primary key (${pk.join(", ") || "none"}); import cannot give the table BaseModel's \`id\`` });
      continue;
    }
    // A key that references another table's (joined-table inheritance, a one-to-one
    // extension): a unique belongs_to, and a UUID id of the table's own.
    const referenced = pk.length === 1 ? pk.find((c) => refs.get(t.name)?.some((r) => r.column === c)) : undefined;
    if (referenced) {
      oneToOne.set(t.name, referenced);
      identityFrom.set(t.name, null);
      conversions.push({ kind: "identity", table: t.name, from: null });
      continue;
    }
    const unique = uniqueOf.get(t.name)!;
    const single = pk.length === 1 ? t.columns.find((c) => c.name === pk[0]) : undefined;
    const alias =
      single && single.type === "uuid" && single.name !== "id"
        ? single
        : t.columns.find((c) => c.type === "uuid" && c.name !== "id" && (isIdentityAlias(model, c.name) || (unique.has(c.name) && referencedIdentity.has(`${t.name}.${c.name}`))));
    if (pk.length === 1 && pk[0] === "id" && id!.type === "uuid" && !alias) continue;
    identityFrom.set(t.name, alias?.name ?? null);
    // The legacy key, kept unless its values become the id.
    if (single && single !== alias) {
      const taken = (n: string) => t.columns.some((c) => c.name === n && c !== single);
      const wanted = single.name === "id" || isIdentityAlias(model, single.name) ? "legacy_id" : single.name;
      let to = compliantColumnName(wanted, taken).name;
      for (let i = 2; taken(to); i++) to = `legacy_id_${i}`;
      legacyKeys.set(t.name, { column: single.name, to });
    }
    const legacy = legacyKeys.get(t.name);
    conversions.push({ kind: "identity", table: t.name, from: alias?.name ?? null, ...(legacy && single?.name === "id" ? { legacy: legacy.to } : {}) });
  }

  // The other side of every reference the sources do not declare (a catalog declares none):
  // `has_many` on the target, named after the referring table.
  const backSides = new Map<string, Map<string, string>>(); // table → "column" → has_many name
  const extraRelations = new Map<string, string[]>(); // target table → relation lines
  const takenRelations = new Map<string, Set<string>>();
  const take = (table: string, name: string) => takenRelations.set(table, (takenRelations.get(table) ?? new Set()).add(name));
  const isTaken = (table: string, name: string) => takenRelations.get(table)?.has(name) || tables.get(table)?.columns.some((c) => c.name === name || c.name === `${name}_id`);
  for (const t of db.schema.tables) for (const r of refs.get(t.name) ?? []) if (!isTenantAlias(facts.tenantColumn, r.column) || tenantTable === undefined) take(t.name, relationOf(t.name, r).rel);
  const linkNames = new Map<string, string>(); // "join table.side" → the many_to_many on that side's table
  for (const [table, link] of links) {
    for (const [i, side] of link.sides.entries()) {
      const plural = pluralize(snakeCase(modelOf.get(link.sides[1 - i]!.refTable)!));
      // The relationship the code declares over this table (`secondary=`), else the plural.
      const declared = meta(side.refTable).relationships.find((x) => x.secondary === table && x.target === modelOf.get(link.sides[1 - i]!.refTable))?.name;
      let name = relationName(declared ?? plural, side.refTable);
      for (let n = 2; isTaken(side.refTable, name); n++) name = `${plural}_${n}`;
      take(side.refTable, name);
      linkNames.set(`${table}.${i}`, name);
    }
    for (const [i, side] of link.sides.entries()) {
      const other = link.sides[1 - i]!;
      const entries: Entry[] = [["kind", "many_to_many"], ["model", modelOf.get(other.refTable)!], ["through", link.through], ["back_populates", linkNames.get(`${table}.${1 - i}`)!]];
      extraRelations.set(side.refTable, [...(extraRelations.get(side.refTable) ?? []), `      # through the legacy join table ${table}`, `      ${linkNames.get(`${table}.${i}`)!}: ${flow(entries)}`]);
    }
    // The join table's columns, as the association names them, each a UUID reference.
    for (const side of link.sides) {
      conversions.push({ kind: "reference", table, to: associationColumn(modelOf.get(side.refTable)!), sources: [side.column], refTable: side.refTable, refColumn: side.refColumn, required: true });
    }
    if (link.through !== table) conversions.push({ kind: "rename_table", from: table, to: link.through });
  }
  for (const t of db.schema.tables) {
    if (links.has(t.name)) continue;
    for (const r of refs.get(t.name) ?? []) {
      if (r.column === facts.tenantColumn || r.refTable === tenantTable || !tables.has(r.refTable) || links.has(r.refTable)) continue;
      const { named } = relationOf(t.name, r);
      if (named || meta(r.refTable).relationships.some((x) => x.target === modelOf.get(t.name))) continue;
      if (oneToOne.get(t.name) === r.column || uniqueOf.get(t.name)!.has(r.column)) {
        // The other side of a one-to-one (a key, or a unique column, that references another
        // table's): has_one, named after the table's model, which keeps the column unique.
        let name = relationName(snakeCase(modelOf.get(t.name)!), r.refTable);
        for (let n = 2; isTaken(r.refTable, name); n++) name = `${snakeCase(modelOf.get(t.name)!)}_${n}`;
        take(r.refTable, name);
        backSides.set(t.name, (backSides.get(t.name) ?? new Map()).set(r.column, name));
        hasOne.add(`${t.name}.${r.column}`);
        extraRelations.set(r.refTable, [...(extraRelations.get(r.refTable) ?? []), `      ${name}: ${flow([["kind", "has_one"], ["model", modelOf.get(t.name)!], ["back_populates", relationOf(t.name, r).rel]])}`]);
        continue;
      }
      const plural = pluralize(snakeCase(modelOf.get(t.name)!));
      let name = relationName(plural, r.refTable);
      if (isTaken(r.refTable, name)) name = relationName(`${plural}_as_${relationOf(t.name, r).rel}`, r.refTable);
      for (let n = 2; isTaken(r.refTable, name); n++) name = `${plural}_${n}`;
      take(r.refTable, name);
      backSides.set(t.name, (backSides.get(t.name) ?? new Map()).set(r.column, name));
      extraRelations.set(r.refTable, [...(extraRelations.get(r.refTable) ?? []), `      ${name}: ${flow([["kind", "has_many"], ["model", modelOf.get(t.name)!], ["back_populates", relationOf(t.name, r).rel]])}`]);
    }
  }

  /**
   * The shortest way from a table without a tenant column to one with it, along references
   * (NOT NULL ones first): each step's column as it is named once the references are converted,
   * and as the legacy table names it.
   */
  const tenantPath = (from: string): { table: string; column: string; legacy: string }[] | undefined => {
    const hasTenant = (table: string) =>
      !facts.globalModels.has(modelOf.get(table)!) &&
      (tables.get(table)!.columns.some((c) => isTenantAlias(facts.tenantColumn, c.name)) || (refs.get(table) ?? []).some((r) => r.refTable === tenantTable));
    const queue: { table: string; path: { table: string; column: string; legacy: string }[] }[] = [{ table: from, path: [] }];
    const seen = new Set([from]);
    while (queue.length) {
      const { table, path } = queue.shift()!;
      const edges = (refs.get(table) ?? []).filter((r) => !isTenantAlias(facts.tenantColumn, r.column) && tables.has(r.refTable) && !links.has(table));
      const nullable = (r: Reference) => tables.get(table)!.columns.find((c) => c.name === r.column)!.nullable;
      for (const r of [...edges.filter((x) => !nullable(x)), ...edges.filter(nullable)]) {
        if (seen.has(r.refTable)) continue;
        seen.add(r.refTable);
        const legacyCol = tables.get(table)!.columns.find((c) => c.name === r.column)!;
        const converted = legacyCol.type !== "uuid" || r.refColumn !== "id" || identityFrom.has(r.refTable);
        const step = { table, column: converted ? `${relationOf(table, r).rel}_id` : r.column, legacy: r.column };
        if (hasTenant(r.refTable) || r.refTable === tenantTable) return [...path, step];
        queue.push({ table: r.refTable, path: [...path, step] });
      }
    }
    return undefined;
  };

  // No tenant among the legacy tables: the import writes the blueprint's tenant model, and the
  // migration creates one tenant owning every row.
  const newTenant = tenantTable === undefined ? options.tenant : undefined;
  const tenantRows: string[] = [];
  const specs: { path: string; model: string; content: string }[] = [];
  const enumsWritten = new Set<string>();
  // Domains: a spec domain each, its checks read back as bounds where they are ones.
  const domainSpecs = importDomains(db.schema.domains ?? [], dbEnums, problems);
  const domainNames = new Map((db.schema.domains ?? []).filter((d) => domainSpecs.has(d.name)).map((d) => [d.name, { name: domainSpecs.get(d.name)!.name, type: d.type }]));
  /** Legacy column → compliant column, per table: what a view's query is rewritten with. */
  const columnRenames = new Map<string, ReadonlyMap<string, string>>();
  for (const t of db.schema.tables) {
    const link = links.get(t.name);
    if (link) {
      columnRenames.set(t.name, new Map(link.sides.map((side) => [side.column, associationColumn(modelOf.get(side.refTable)!)])));
      continue;
    }
    const model = modelOf.get(t.name)!;
    const m = meta(t.name);
    const global = facts.globalModels.has(model);
    const compliant = tableName(model);
    if (compliant !== t.name) conversions.push({ kind: "rename_table", from: t.name, to: compliant });
    const lines: string[] = [];
    const header: string[] = [];
    const fieldLines: string[] = [];
    const relationLines: string[] = [];
    const enumBlocks: string[] = [];
    const handled = new Set<string>(["id", ...facts.baseColumns.keys()]);
    const newName = new Map<string, string>(); // legacy column → compliant column
    columnRenames.set(t.name, newName);

    const alias = identityFrom.get(t.name);
    if (alias) {
      handled.add(alias);
      header.push(`# ${alias} (uuid) was a second identity of ${model}; its values become id.`);
    }
    const pk = t.primaryKey.columns;
    const keyRef = oneToOne.get(t.name);
    if (keyRef !== undefined) {
      const r = refs.get(t.name)!.find((x) => x.column === keyRef)!;
      header.push(`# ${keyRef} referenced ${r.refTable}.${r.refColumn} (joined-table inheritance or a one-to-one): it becomes the unique reference ${relationOf(t.name, r).rel}_id, and BaseModel's UUID id is new.`);
    } else if (identityFrom.has(t.name) && (pk.length !== 1 || pk[0] !== "id" || t.columns.find((c) => c.name === "id")!.type !== "uuid")) {
      const was = pk.length === 1 && pk[0] === "id" ? `id was ${t.columns.find((c) => c.name === "id")!.type}` : pk.length ? `the primary key was (${pk.join(", ")})` : "the table had no primary key";
      header.push(`# ${was}; BaseModel's UUID id replaces it${alias ? ` (values from ${alias})` : " (new UUIDs)"}, and references to it are rewritten.`);
    }
    const legacyKey = legacyKeys.get(t.name);
    const keyLines: string[] = [];
    if (legacyKey) {
      const c = t.columns.find((x) => x.name === legacyKey.column)!;
      handled.add(c.name);
      newName.set(c.name, legacyKey.to);
      if (c.name !== "id" && legacyKey.to !== c.name) conversions.push({ kind: "rename_column", table: t.name, from: c.name, to: legacyKey.to });
      const f = field({ ...c, nullable: true, default: null }, m, model, legacyKey.to, dbEnums, domainNames);
      if (f) {
        keyLines.push(`      # the legacy key ${c.name}, kept with its values (unique; rows created from now on may leave it empty)`, `      ${legacyKey.to}: ${flow([...f.entries, ["unique", true]])}`);
      } else problems.push({ ...where(t.name, c.name), message: `${t.name}.${c.name}: type ${c.type} has no spec type` });
    }

    // Tenancy.
    if (!global) {
      // A reference to the tenant table is the tenant column, whatever its name (invoice.customer_id
      // when customers are the tenants): Blueprint 2.1.8.2 allows one.
      const toTenant = (c: DbColumn) => tenantTable !== undefined && (refs.get(t.name) ?? []).some((r) => r.column === c.name && r.refTable === tenantTable);
      const tenantCols = t.columns.filter((c) => isTenantAlias(facts.tenantColumn, c.name) || toTenant(c));
      for (const c of tenantCols) handled.add(c.name);
      const main = t.columns.find((c) => c.name === facts.tenantColumn);
      const fk = refs.get(t.name)?.find((r) => r.column === facts.tenantColumn);
      const compliantAlready = main?.type === "uuid" && fk && fk.refTable === tenantTable && fk.refColumn === "id" && tenantCols.length === 1 && !identityFrom.has(tenantTable);
      if (!tenantTable && newTenant && tenantCols.length === 0) {
        tenantRows.push(t.name);
      } else if (!tenantTable) {
        problems.push({
          ...where(t.name),
          message: newTenant
            ? `${t.name} has tenant column(s) ${tenantCols.map((c) => c.name).join(", ")} but no table is the tenant model ${facts.tenantModel}: name the table they reference with --tenant-model`
            : `the tenant model ${facts.tenantModel} is not among the legacy tables, so ${t.name}.${facts.tenantColumn} cannot be converted`,
        });
      } else if (tenantCols.length === 0) {
        // Reached through others: the tenant of the row it references, along the references.
        const path = tenantPath(t.name);
        if (path) {
          // Ending at the tenant table, a row's tenant is the row reached; else that row's tenant.
          const last = refs.get(path[path.length - 1]!.table)!.find((r) => r.column === path[path.length - 1]!.legacy)!;
          conversions.push({ kind: "tenant_path", table: t.name, column: facts.tenantColumn, path: path.map((e) => ({ table: e.table, column: e.column })), ...(last.refTable === tenantTable ? { read: "id" } : {}) });
          header.push(`# ${facts.tenantColumn}: each row takes the tenant of the row it reaches through ${path.map((e) => `${e.table}.${e.legacy}`).join(" → ")} (a row that reaches none stops the migration).`);
        } else {
          notes.push({ ...where(t.name), message: `${t.name} has no tenant column and references no table that has one: the migration adds ${facts.tenantColumn} NOT NULL and cannot fill it (NEED_CLARITY: which tenant owns these rows? or list the model in tenancy.global_models)` });
        }
      } else if (!compliantAlready) {
        // UUID aliases first (they hold the real reference), then the column itself, cast.
        const sources = [...tenantCols.filter((c) => c.type === "uuid" && c.name !== facts.tenantColumn), ...tenantCols.filter((c) => c.name === facts.tenantColumn), ...tenantCols.filter((c) => c.type !== "uuid" && c.name !== facts.tenantColumn)].map((c) => c.name);
        // Matched on the column the foreign key names (a legacy tenant's own key), else on id.
        const refColumn = (refs.get(t.name) ?? []).find((r) => sources.includes(r.column) && r.refTable === tenantTable)?.refColumn ?? "id";
        conversions.push({ kind: "reference", table: t.name, to: facts.tenantColumn, sources, refTable: tenantTable, refColumn });
        header.push(`# ${tenantCols.map((c) => `${c.name} (${c.type})`).join(" and ")} become BaseModel's ${facts.tenantColumn}: from ${sources.join(", then ")}, matched on ${tenantTable}.${refColumn}.`);
      }
    }

    // Relations.
    const relNames = new Set<string>();
    for (const r of refs.get(t.name) ?? []) {
      if (handled.has(r.column) && oneToOne.get(t.name) !== r.column) continue;
      handled.add(r.column);
      const target = modelOf.get(r.refTable);
      if (!target || !tables.has(r.refTable)) {
        problems.push({ ...where(t.name, r.column), message: `${t.name}.${r.column} references ${r.refTable}, which is not among the legacy tables` });
        continue;
      }
      const { named, legacyRel, rel } = relationOf(t.name, r);
      if (rel !== legacyRel) relationLines.push(`      # renamed from ${legacyRel} (Blueprint 2.1.8: ${compliantColumnName(legacyRel).reason}); its column ${r.column} becomes ${rel}_id`);
      const column = `${rel}_id`;
      newName.set(r.column, column);
      const legacy = t.columns.find((c) => c.name === r.column)!;
      const needsConversion = legacy.type !== "uuid" || r.refColumn !== "id" || identityFrom.has(r.refTable);
      if (needsConversion) conversions.push({ kind: "reference", table: t.name, to: column, sources: [r.column], refTable: r.refTable, refColumn: r.refColumn });
      else if (column !== r.column) conversions.push({ kind: "rename_column", table: t.name, from: r.column, to: column });
      const entries: Entry[] = [["kind", "belongs_to"], ["model", target]];
      if (legacy.nullable) entries.push(["nullable", true]);
      // SET NULL on a NOT NULL column makes PostgreSQL refuse the delete: what NO ACTION does.
      const setNullOnRequired = r.onDelete === "SET NULL" && !legacy.nullable;
      entries.push(["on_delete", onDeleteOfSql(setNullOnRequired ? "NO ACTION" : (r.onDelete ?? "NO ACTION"))!]);
      if (setNullOnRequired) relationLines.push(`      # NEED_CLARITY: the legacy foreign key says ON DELETE SET NULL on a NOT NULL column (PostgreSQL refuses such a delete): kept as no_action; make it nullable or choose cascade.`);
      // The other side only when it points back here (concrete subclasses share their parent's).
      if (named?.backPopulates && meta(r.refTable).relationships.some((x) => x.name === named.backPopulates && x.target === model)) entries.push(["back_populates", relationName(named.backPopulates, r.refTable)]);
      const back = backSides.get(t.name)?.get(r.column);
      if (back) entries.push(["back_populates", back]);
      if (needsConversion) relationLines.push(`      # ${r.column} was ${legacy.type} referencing ${r.refTable}.${r.refColumn}; the migration converts each value to the UUID id of that row.`);
      if (!r.onDelete || (r.onDelete === "NO ACTION" && !r.inferred && !named)) {
        relationLines.push(`      # NEED_CLARITY: the legacy foreign key has no ondelete (PostgreSQL's NO ACTION is kept): choose cascade, restrict or set_null.`);
      }
      relationLines.push(`      ${rel}: ${flow(entries)}`);
      relNames.add(rel);
    }
    // has_many sides the sources declare.
    for (const x of m.relationships) {
      const targetTable = [...modelOf].find(([, n]) => n === x.target)?.[0];
      if (!targetTable || (refs.get(targetTable) ?? []).every((r) => r.refTable !== t.name)) continue;
      const name = relationName(x.name, t.name);
      if (relNames.has(name)) continue;
      const entries: Entry[] = [["kind", "has_many"], ["model", x.target]];
      if (x.backPopulates) entries.push(["back_populates", relationName(x.backPopulates, targetTable)]);
      if (name !== x.name) relationLines.push(`      # renamed from ${x.name} (Blueprint 2.1.8: ${compliantColumnName(x.name).reason})`);
      relationLines.push(`      ${name}: ${flow(entries)}`);
    }
    relationLines.push(...(extraRelations.get(t.name) ?? []));

    // Checks: a single-column bound becomes the field's min/max/min_length/pattern; any other
    // check is kept as SQL under `checks:`.
    const { bounds, others } = splitChecks(t);

    // Fields.
    // Under the blueprint's soft delete, an index or unique covers live rows unless it says
    // `all_rows`: a legacy `WHERE deleted_at IS NULL` is that default, anything else covers all rows.
    const scoped = facts.softDeleteColumn !== undefined ? liveRowsOnly(t, facts.softDeleteColumn) : { table: t, allRows: new Set<string>() };
    const single = singleColumnConstraints(scoped.table, scoped.allRows);
    for (const c of t.columns) {
      if (handled.has(c.name)) continue;
      const { name, reason } = compliantColumnName(c.name, (n) => handled.has(n) || newName.has(n) || t.columns.some((x) => x.name === n));
      if (name !== c.name) {
        conversions.push({ kind: "rename_column", table: t.name, from: c.name, to: name });
        fieldLines.push(`      # renamed from ${c.name} (Blueprint 2.1.8: ${reason})`);
      }
      newName.set(c.name, name);
      if (m.unknownTypes?.has(c.name)) conversions.push({ kind: "as_text", table: t.name, column: c.name });
      // A tsvector kept up by a trigger has no spec form (a spec's tsvector is `generated`).
      let f = c.type === "tsvector" && c.generated === undefined ? undefined : field(c, m, model, name, dbEnums, domainNames);
      if (!f && c.type === "tsvector") {
        problems.push({ ...where(t.name, c.name), message: `${t.name}.${c.name}: type ${c.type} has no spec type (only a generated tsvector: give it GENERATED ALWAYS AS … STORED)` });
        continue;
      }
      if (!f) {
        // A type the spec vocabulary has no word for (a range, a geometric type): its text,
        // said where it stands, and converted by the migration.
        f = { entries: [["type", "text"], ...(c.nullable ? [["nullable", true] as Entry] : [])], comments: [`NEED_CLARITY: ${model}.${name} was ${c.type}, which no spec type says: now text (the migration converts each value to its text).`] };
        if (!m.unknownTypes?.has(c.name)) conversions.push({ kind: "as_text", table: t.name, column: c.name });
      }
      f.entries.push(...(bounds.get(c.name) ?? []));
      if (single.unique.has(c.name)) f.entries.push(["unique", true]);
      if (single.index.has(c.name)) f.entries.push(["index", true]);
      fieldLines.push(...f.comments.map((x) => `      # ${x}`), `      ${name}: ${flow(f.entries)}`);
      if (f.enumBlock && !enumsWritten.has(f.enumBlock.name)) {
        enumsWritten.add(f.enumBlock.name);
        enumBlocks.push(f.enumBlock.text);
      }
    }

    // Composite indexes and unique constraints, in compliant column names.
    const rename = (cols: readonly string[]) => cols.map((c) => newName.get(c) ?? c);
    // A single-column entry on a column the base model or a relation owns is theirs, not the spec's.
    const entry = (i: { columns: readonly string[]; name: string } & Partial<DbIndex>) =>
      i.columns.length > 1 || hasSql(i) || (scoped.allRows.has(i.name) && !handled.has(i.columns[0]!));
    const multiIndexes = scoped.table.indexes.filter((i) => entry(i) && !i.unique);
    const multiUniques = [...scoped.table.uniques.filter((u) => entry(u)), ...scoped.table.indexes.filter((i) => entry(i) && i.unique)];
    // A key that referenced another table's stays unique: one row each.
    if (oneToOne.has(t.name) && !hasOne.has(`${t.name}.${oneToOne.get(t.name)!}`)) multiUniques.push({ name: t.primaryKey.name, columns: [oneToOne.get(t.name)!] });
    // A unique reference column without a has_one side keeps its unique constraint.
    for (const r of refs.get(t.name) ?? []) {
      if (uniqueOf.get(t.name)!.has(r.column) && !hasOne.has(`${t.name}.${r.column}`) && newName.has(r.column) && !multiUniques.some((u) => u.columns.length === 1 && u.columns[0] === r.column)) multiUniques.push({ name: `${t.name}_${r.column}_key`, columns: [r.column] });
    }
    // A composite legacy key stays unique.
    if (identityFrom.has(t.name) && pk.length > 1 && !multiUniques.some((u) => u.columns.join(",") === pk.join(","))) multiUniques.push({ name: t.primaryKey.name, columns: pk });
    // An index with SQL of its own (expression, predicate, method) keeps it, columns renamed.
    const indexEntry = (i: { name: string; columns: readonly string[] } & Partial<DbIndex>): string => {
      const entries: Entry[] = [];
      if (i.expression !== undefined) {
        const own = [`ix_${t.name}_`, `uq_${t.name}_`].find((p) => i.name.startsWith(p));
        entries.push(["expression", renameInSql(i.expression, newName)], ["name", snakeCase(own ? i.name.slice(own.length) : i.name).replace(/[^a-z0-9_]/g, "_")]);
      } else entries.push(["columns", rename(i.columns)]);
      if (i.where !== undefined) entries.push(["where", renameInSql(i.where, newName)]);
      if (i.using !== undefined) entries.push(["using", i.using]);
      if (scoped.allRows.has(i.name)) entries.push(["all_rows", true]);
      return `      - ${flow(entries)}`;
    };

    lines.push("# yaml-language-server: $schema=../generated/schema/spec.schema.json");
    lines.push(`# Imported by \`gen import\` from ${m.file ? `${m.file} (class ${model})` : `table ${t.name}`}.`);
    if (enumBlocks.length) lines.push("enums:", ...enumBlocks);
    lines.push("models:", `  ${model}:`);
    lines.push(`    description: ${scalar(m.description ?? `Imported from the legacy table ${t.name}.`)}`);
    if (global) lines.push("    tenant_scoped: false");
    lines.push(...header.map((h) => `    ${h}`));
    if (keyLines.length || fieldLines.length) lines.push("    fields:", ...keyLines, ...fieldLines);
    if (relationLines.length) lines.push("    relations:", ...relationLines);
    if (multiIndexes.length) lines.push("    indexes:", ...multiIndexes.map((i) => indexEntry(i)));
    if (multiUniques.length) lines.push("    unique:", ...multiUniques.map((u) => indexEntry(u)));
    if (others.length) {
      const used = new Set<string>();
      lines.push(
        "    checks:",
        ...others.map((k) => {
          let name = snakeCase(k.name.startsWith(`ck_${t.name}_`) ? k.name.slice(`ck_${t.name}_`.length) : k.name.replace(/^ck_/, "")).replace(/[^a-z0-9_]/g, "_");
          while (used.has(name)) name = `${name}_2`;
          used.add(name);
          return `      - ${flow([["name", name], ["sql", renameInSql(k.expression, newName)]])}`;
        }),
      );
    }
    specs.push({ path: `specs/${snakeCase(model)}.yaml`, model, content: `${lines.join("\n")}\n` });
  }
  // A function names tables by their text: one the migration renames breaks it, at run time.
  const renamedTables = new Map(conversions.flatMap((c) => (c.kind === "rename_table" ? [[c.from, c.to] as const] : [])));
  for (const f of db.functions ?? []) {
    const named = [...new Set(sqlIdentifiers(f.body).map((x) => x.name))].filter((n) => renamedTables.has(n));
    if (named.length) notes.push({ message: `function ${f.name} names ${named.map((n) => `${n} (renamed to ${renamedTables.get(n)})`).join(", ")}: NEED_CLARITY: rename them inside it after the migration, or it fails when it runs` });
  }
  if (newTenant && tenantRows.length) {
    const table = tableName(facts.tenantModel);
    conversions.push({ kind: "tenant", table, id: newTenant.id, name: newTenant.name, column: facts.tenantColumn, primaryKey: constraintNames.pk(table), tables: tenantRows });
    const text = [
      "# yaml-language-server: $schema=../generated/schema/spec.schema.json",
      "# Written by `gen import`: the legacy schema has no tenant table. The first migration creates",
      `# this table with one tenant, ${newTenant.name} (${newTenant.id}), which owns every legacy row.`,
      "models:",
      `  ${facts.tenantModel}:`,
      `    description: ${scalar("The owner of every tenant-scoped row (Blueprint 2.1.8.2).")}`,
      "    tenant_scoped: false",
      "    fields:",
      "      name: { type: text }",
    ].join("\n");
    specs.push({ path: `specs/${snakeCase(facts.tenantModel)}.yaml`, model: facts.tenantModel, content: `${text}\n` });
    notes.push({ message: `no legacy table is the tenant model ${facts.tenantModel}: it is created with one tenant, ${newTenant.name}, owning every row of ${tenantRows.length} table(s)` });
  }
  if (domainSpecs.size) {
    const text = ["# yaml-language-server: $schema=../generated/schema/spec.schema.json", "# Imported by `gen import` from the legacy domains.", "domains:", ...[...domainSpecs.values()].map((d) => d.text)].join("\n");
    specs.push({ path: "specs/domains.yaml", model: [...domainSpecs.values()][0]!.name, content: `${text}\n` });
  }
  const views = importViews(db, modelOf, columnRenames, dbEnums, problems, viewTypes);
  if (views) {
    let path = "specs/views.yaml";
    while (specs.some((x) => x.path === path)) path = path.replace(/\.yaml$/, "_2.yaml");
    specs.push({ path, model: views.names[0]!, content: views.content });
  }
  return { specs: specs.sort((a, b) => (a.path < b.path ? -1 : 1)), baseline: { schema: db.schema, conversions, source }, notes, problems };
}

const EMPTY_META: TableMeta = { relationships: [], pyDefaults: new Map(), valuesSeen: new Map(), enums: new Map(), looseReferences: new Map(), lines: new Map() };
/** The keys a view column takes: its type and the type's own parameters. */
const VIEW_COLUMN_KEYS = new Set(["type", "max_length", "length", "precision", "scale", "of", "enum"]);

/**
 * The legacy views as spec views: the query as PostgreSQL prints it, with the tables and
 * columns the import renames renamed; a column whose name the blueprint refuses, or whose type
 * the spec type does not give exactly, is renamed or cast by an outer SELECT over the query.
 * PostgreSQL does not say whether a view column can be NULL, so each is declared nullable.
 */
function importViews(
  db: LegacyDb,
  modelOf: ReadonlyMap<string, string>,
  columnRenames: ReadonlyMap<string, ReadonlyMap<string, string>>,
  dbEnums: ReadonlyMap<string, readonly string[]>,
  problems: ImportNote[],
  viewTypes: ReadonlyMap<string, ReadonlyMap<string, string>> | undefined,
): { names: string[]; content: string } | undefined {
  const legacy = db.schema.views ?? [];
  if (legacy.length === 0) return undefined;
  // A name renamed the same way wherever it occurs: tables, views, then columns that every
  // table holding them renames alike.
  const renames = new Map<string, string>();
  for (const [table, model] of modelOf) if (tableName(model) !== table) renames.set(table, tableName(model));
  const viewNames = new Map(legacy.map((v) => [v.name, db.views?.get(v.name)?.model ?? modelNameOf(v.name)]));
  for (const [view, name] of viewNames) if (tableName(name) !== view) renames.set(view, tableName(name));
  const columnVotes = new Map<string, Set<string>>();
  for (const [table, map] of columnRenames) {
    const t = db.schema.tables.find((x) => x.name === table)!;
    for (const c of t.columns) {
      const to = map.get(c.name) ?? c.name;
      columnVotes.set(c.name, (columnVotes.get(c.name) ?? new Set()).add(to));
    }
  }
  const columnNames = new Map(legacy.map((v) => [v.name, compliantColumns(v.columns.map((c) => c.name))]));
  for (const v of legacy) {
    for (const [i, c] of v.columns.entries()) columnVotes.set(c.name, (columnVotes.get(c.name) ?? new Set()).add(columnNames.get(v.name)![i]!.name));
  }
  for (const [from, to] of columnVotes) if (to.size === 1 && !to.has(from) && !renames.has(from)) renames.set(from, [...to][0]!);
  const lines = ["# yaml-language-server: $schema=../generated/schema/spec.schema.json", "# Imported by `gen import` from the legacy views.", "views:"];
  const names: string[] = [];
  for (const v of legacy) {
    const name = viewNames.get(v.name)!;
    names.push(name);
    const comments: string[] = [];
    if (tableName(name) !== v.name) comments.push(`# the legacy view ${v.name} is recreated as ${tableName(name)} (Blueprint 2.1.5).`);
    const meta = db.views?.get(v.name);
    if (!meta) comments.push("# NEED_CLARITY: PostgreSQL does not say which view columns can be NULL (all are declared nullable), nor which identify a row (`key`).");
    const columns: string[] = [];
    const select: string[] = [];
    const aliases: string[] = [];
    let renamed = false;
    let cast = false;
    for (const [i, c] of v.columns.entries()) {
      const { name: col, reason } = columnNames.get(v.name)![i]!;
      aliases.push(col);
      // What the column holds once the tables are converted, when an earlier plan measured it.
      const type = viewTypes?.get(name)?.get(col) ?? c.type;
      const f = field({ name: col, type, nullable: false, default: null }, EMPTY_META, name, col, dbEnums);
      if (!f) {
        problems.push({ message: `view ${v.name}: column ${c.name} has type ${type}, which has no spec type` });
        continue;
      }
      const entries = f.entries.filter(([k]) => VIEW_COLUMN_KEYS.has(k));
      if (!meta || meta.nullable.has(c.name)) entries.push(["nullable", true]);
      const specType = specSqlType(entries, type);
      if (col !== c.name) {
        renamed = true;
        columns.push(`      # renamed from ${c.name} (Blueprint 2.1.8: ${reason})`);
      }
      // Cast only to types measured over the converted tables (a first plan measures them uncast).
      if (specType !== type && viewTypes !== undefined) {
        cast = true;
        columns.push(`      # ${type} in the legacy view: cast to ${specType}`);
        select.push(`legacy.${col}::${specType} AS ${col}`);
      } else select.push(`legacy.${col}`);
      columns.push(`      ${col}: ${flow(entries)}`);
    }
    // The query's own output columns take the compliant names by position (the column list of
    // the alias), so a rename inside it cannot break the outer SELECT.
    const query = renameInSql(v.sql, renames);
    const sql = renamed || cast || query !== v.sql ? `SELECT ${select.join(", ")}\nFROM (\n${query}\n) AS legacy(${aliases.join(", ")})` : query;
    lines.push(`  ${name}:`, ...comments.map((x) => `    ${x}`), `    description: ${scalar(meta?.description ?? `Imported from the legacy view ${v.name}.`)}`);
    lines.push("    sql: |", ...sql.split("\n").map((l) => (l.trim() ? `      ${l}` : "")), "    columns:", ...columns);
    // The key the class maps, in compliant names, unless it is every column (the default).
    const key = (meta?.key ?? []).map((k) => aliases[v.columns.findIndex((c) => c.name === k)]).filter((k): k is string => k !== undefined);
    if (key.length && key.length < v.columns.length) lines.push(`    key: [${key.join(", ")}]`);
  }
  return { names, content: `${lines.join("\n")}\n` };
}

/** A domain's check split at its top-level ANDs: `(a) AND (b)` is two bounds. */
function conjuncts(expression: string): string[] {
  const e = normalizeCheck(expression);
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    const ch = e[i];
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && /^ AND /i.test(e.slice(i, i + 5))) {
      out.push(e.slice(start, i));
      start = i + 5;
    }
  }
  out.push(e.slice(start));
  return out.map((x) => normalizeCheck(x));
}

/**
 * The legacy domains as spec domains, by type name: the base type's keys, a check that is a
 * bound (`VALUE >= 0`, `char_length(VALUE) >= 2`, `VALUE ~ '…'`) as that bound, any other kept
 * as SQL under `checks:`.
 */
function importDomains(domains: readonly DbDomain[], dbEnums: ReadonlyMap<string, readonly string[]>, problems: ImportNote[]): Map<string, { name: string; text: string }> {
  const out = new Map<string, { name: string; text: string }>();
  for (const d of domains) {
    const name = pascal(d.name);
    const f = field({ name: "value", type: d.type, nullable: false, default: null }, EMPTY_META, name, "value", dbEnums);
    const entries = f?.entries.filter(([k]) => VIEW_COLUMN_KEYS.has(k) && k !== "enum");
    if (!f || !entries || f.entries.some(([k, v]) => k === "type" && (v === "enum" || v === "json" || v === "binary" || v === "array"))) {
      problems.push({ message: `domain ${d.name}: its base type ${d.type} is not one a spec domain takes` });
      continue;
    }
    const checks: Entry[][] = [];
    for (const k of d.checks) {
      for (const part of conjuncts(k.expression)) {
        // Read as a bound of a column named `value`: the bound's form is the same.
        const b = boundOfCheck(part.replace(/\bVALUE\b/g, "value"));
        const has = (kind: string) => entries.some(([key]) => key === kind);
        if (b && b.column === "value" && !has(b.kind) && (b.kind === "pattern" || b.kind === "min_length" || String(Number(b.value)) === b.value || /^-?[0-9]+(\.[0-9]+)?$/.test(b.value))) {
          entries.push([b.kind, b.kind === "min_length" ? Number(b.value) : b.kind === "pattern" ? b.value : String(Number(b.value)) === b.value ? Number(b.value) : b.value]);
          continue;
        }
        const own = k.name.replace(/^ck_/, "").replace(new RegExp(`^${d.name}_`), "").replace(/[^a-z0-9_]/gi, "_").toLowerCase() || "check";
        checks.push([["name", checks.some((x) => x[0]![1] === own) ? `${own}_${checks.length + 1}` : own], ["sql", part]]);
      }
    }
    const lines = [`  ${name}:`, `    description: ${scalar(`Imported from the legacy domain ${d.name}.`)}`, ...entries.map(([k, v]) => `    ${k}: ${scalar(v)}`)];
    if (checks.length) lines.push("    checks:", ...checks.map((c) => `      - ${flow(c)}`));
    out.set(d.name, { name, text: lines.join("\n") });
  }
  return out;
}

/** Compliant names for a view's columns, in order: each differs from the others and from the names kept. */
function compliantColumns(legacy: readonly string[]): { name: string; reason?: string | undefined }[] {
  const taken = new Set<string>();
  return legacy.map((c) => {
    const out = compliantColumnName(c, (n) => taken.has(n) || legacy.some((x) => x === n && x !== c));
    taken.add(out.name);
    return out;
  });
}

/** The PostgreSQL type a view column's spec entries give (an enum keeps the legacy type). */
function specSqlType(entries: readonly Entry[], legacy: string): string {
  const spec = Object.fromEntries(entries) as BaseFieldSpec;
  return spec.type === "enum" ? legacy : sqlType(fieldType(spec), enumTypeName);
}

/** A table's checks: the single-column bounds a field can say (by legacy column), and the rest. */
function splitChecks(t: DbTable): { bounds: Map<string, Entry[]>; others: DbCheck[] } {
  const bounds = new Map<string, Entry[]>();
  const others: DbCheck[] = [];
  for (const k of t.checks ?? []) {
    const b = boundOfCheck(k.expression);
    const column = b && t.columns.find((c) => c.name === b.column);
    const type = column ? parseSqlType(column.type) : undefined;
    const numeric = type && (type.kind === "numeric" || (type.kind === "named" && ["integer", "bigint", "smallint", "double precision", "real"].includes(type.name)));
    const textual = type && (type.kind === "varchar" || type.kind === "char" || (type.kind === "named" && type.name === "text"));
    const has = (kind: string) => (bounds.get(b!.column) ?? []).some(([key]) => key === kind);
    let entry: Entry | undefined;
    if (b && !has(b.kind)) {
      if ((b.kind === "min" || b.kind === "max") && numeric) entry = [b.kind, String(Number(b.value)) === b.value ? Number(b.value) : b.value];
      else if (b.kind === "min_length" && textual && Number(b.value) >= 1) entry = ["min_length", Number(b.value)];
      else if (b.kind === "pattern" && textual) {
        // Only a pattern that reads the same in every dialect, printed back as it is.
        const p = portablePattern(b.value);
        if ("pattern" in p && p.pattern === b.value) entry = ["pattern", b.value];
      }
    }
    if (entry) bounds.set(b!.column, [...(bounds.get(b!.column) ?? []), entry]);
    else others.push(k);
  }
  return { bounds, others };
}

/** A check's SQL with renamed columns renamed (identifiers outside string literals). */
function renameInSql(sql: string, newName: ReadonlyMap<string, string>): string {
  return renameIdentifiers(sql, (name) => newName.get(name));
}

/** The spec's `of` for a legacy array's element type, if it has one. */
function arrayOf(element: SqlType): string | undefined {
  if (element.kind === "varchar") return "string";
  if (element.kind !== "named") return undefined;
  return ({ text: "text", integer: "integer", boolean: "boolean", uuid: "uuid" } as Record<string, string>)[element.name];
}

const hasSql = indexHasSql;

function uniqueColumns(t: DbTable): Set<string> {
  return new Set([...t.uniques.filter((u) => u.columns.length === 1).map((u) => u.columns[0]!), ...t.indexes.filter((i) => i.unique && i.columns.length === 1 && !hasSql(i)).map((i) => i.columns[0]!)]);
}

/** Single-column uniques and indexes a field flag can say (not one that covers all rows under soft delete). */
function singleColumnConstraints(t: DbTable, allRows: ReadonlySet<string>): { unique: Set<string>; index: Set<string> } {
  const live = { ...t, uniques: t.uniques.filter((u) => !allRows.has(u.name)), indexes: t.indexes.filter((i) => !allRows.has(i.name)) };
  return { unique: uniqueColumns(live), index: new Set(live.indexes.filter((i) => !i.unique && i.columns.length === 1 && !hasSql(i)).map((i) => i.columns[0]!)) };
}

/**
 * A legacy table as the blueprint's soft delete reads it: `WHERE <column> IS NULL` dropped from
 * the indexes that say it (live rows only is the default), and the names of the uniques and
 * indexes that cover every row, which keep doing so (`all_rows`).
 */
function liveRowsOnly(t: DbTable, column: string): { table: DbTable; allRows: Set<string> } {
  const live = `${column} IS NULL`;
  const allRows = new Set<string>([...t.uniques.map((u) => u.name), ...t.indexes.filter((i) => i.where === undefined).map((i) => i.name)]);
  const indexes = t.indexes.map((i) => {
    if (i.where === undefined || normalizeCheck(i.where) !== live) return i;
    const { where: _, ...rest } = i;
    return rest;
  });
  return { table: { ...t, indexes }, allRows };
}

/** One legacy column as a spec field: its entries, comments to show above it, and a new enum. */
function field(
  c: DbColumn,
  m: TableMeta,
  model: string,
  name: string,
  dbEnums: ReadonlyMap<string, readonly string[]>,
  domains: ReadonlyMap<string, { readonly name: string; readonly type: string }> = new Map(),
): { entries: Entry[]; comments: string[]; enumBlock?: { name: string; text: string } } | undefined {
  const entries: Entry[] = [];
  const comments: string[] = [];
  let enumBlock: { name: string; text: string } | undefined;
  const py = m.pyDefaults.get(c.name);
  const server = c.default;
  const sql = parseSqlType(c.type);
  const varchar = sql.kind === "varchar" ? sql : undefined;
  const numeric = sql.kind === "numeric" ? sql : undefined;
  const textDefault = () => (typeof py === "string" ? py : /^'(.*)'::(character varying|text)$/.exec(server ?? "")?.[1]?.replace(/''/g, "'"));
  const numberDefault = () => (typeof py === "number" ? py : server !== null && /^-?\d+(\.\d+)?$/.test(server) ? Number(server) : undefined);
  if (c.generated !== undefined) {
    // The expression as PostgreSQL prints it; the type as the other branches read it.
    const stored = field({ ...c, generated: undefined, default: null, nullable: false }, m, model, name, dbEnums);
    if (!stored) return undefined;
    const entries2 = [...stored.entries, ["generated", c.generated] as Entry, ...(c.nullable ? [["nullable", true] as Entry] : [])];
    return { entries: entries2, comments: stored.comments, enumBlock: stored.enumBlock };
  }
  if (varchar) {
    if (varchar.length !== undefined) entries.push(["type", "string"], ["max_length", varchar.length]);
    else entries.push(["type", "text"]);
    const d = textDefault();
    if (d !== undefined) entries.push(["default", d]);
    if (FIXED_SET_NAMES.test(name)) {
      const seen = m.valuesSeen.get(c.name) ?? [];
      comments.push(`NEED_CLARITY: ${model}.${name} is a string; values seen: ${seen.length ? seen.join(", ") : "none"}. Consider an enum once the set is fixed.`);
    }
  } else if (sql.kind === "char") {
    entries.push(["type", "char"], ["length", sql.length]);
    const d = /^'(.*)'::bpchar$/.exec(server ?? "")?.[1]?.replace(/''/g, "'") ?? (typeof py === "string" ? py : undefined);
    if (d !== undefined) entries.push(["default", d]);
  } else if (c.type === "time without time zone") {
    entries.push(["type", "time"]);
  } else if (c.type === "interval" || c.type === "inet" || c.type === "tsvector") {
    entries.push(["type", c.type]);
  } else if (sql.kind === "array" && arrayOf(sql.element) !== undefined) {
    entries.push(["type", "array"], ["of", arrayOf(sql.element)]);
    if (server !== null && /^'\{\}'::/.test(server)) entries.push(["default", []]);
  } else if (c.type === "text" || c.type === "citext") {
    entries.push(["type", "text"]);
    if (c.type === "citext") comments.push(`NEED_CLARITY: ${model}.${name} was citext (case-insensitive); now text, so comparisons and uniqueness become case-sensitive: consider a lower() expression index.`);
    const unknown = m.unknownTypes?.get(c.name);
    if (unknown !== undefined) comments.push(`NEED_CLARITY: ${model}.${name} is typed \`${unknown}\` in the code, which the import does not understand: read as text; check the column's real type.`);
    const d = textDefault();
    if (d !== undefined) entries.push(["default", d]);
  } else if (c.type === "integer" || c.type === "smallint" || c.type === "bigint") {
    entries.push(["type", c.type === "bigint" ? "bigint" : "integer"]);
    const d = numberDefault();
    if (d !== undefined && Number.isInteger(d)) entries.push(["default", d]);
  } else if (c.type === "double precision" || c.type === "real") {
    const seen = m.floatDigits?.get(c.name);
    if (MONEY.test(name) && seen) {
      // Exact for every value the table holds: as many decimals as the most precise one has.
      const scale = Math.min(Math.max(seen.scale, 2), 12);
      const precision = Math.max(seen.whole, 1) + scale;
      entries.push(["type", "decimal"], ["precision", precision], ["scale", scale]);
      comments.push(`${model}.${name} held money as a float (Blueprint 2.1.8.7): now decimal(${precision}, ${scale}), which holds every value in the table exactly (at most ${seen.whole} whole digits and ${seen.scale} decimals).`);
    } else if (MONEY.test(name)) {
      entries.push(["type", "decimal"], ["precision", 12], ["scale", 2]);
      comments.push(`${model}.${name} held money as a float (Blueprint 2.1.8.7): now decimal(12, 2); the migration casts, rounding to cents.`);
    } else entries.push(["type", "float"]);
    const d = numberDefault();
    if (d !== undefined) entries.push(["default", d]);
  } else if (numeric) {
    entries.push(["type", "decimal"]);
    if (numeric.precision !== undefined) entries.push(["precision", numeric.precision], ["scale", numeric.scale ?? 0]);
    const d = numberDefault();
    if (d !== undefined) entries.push(["default", d]);
  } else if (c.type === "boolean") {
    entries.push(["type", "boolean"]);
    const d = typeof py === "boolean" ? py : server === "true" ? true : server === "false" ? false : undefined;
    if (d !== undefined) entries.push(["default", d]);
  } else if (c.type === "date") {
    entries.push(["type", "date"]);
    if (server === "CURRENT_DATE") entries.push(["default", "today"]);
  } else if (c.type === "timestamp with time zone" || c.type === "timestamp without time zone") {
    entries.push(["type", "datetime"]);
    if (server === "now()" || server === "CURRENT_TIMESTAMP") entries.push(["default", "now"]);
    if (c.type === "timestamp without time zone") {
      entries.push(["using", `${name} AT TIME ZONE 'UTC'`]);
      comments.push(`${model}.${name} was a naive timestamp (Blueprint 2.1.8.6): now timezone-aware; the migration reads the old values as UTC.`);
    }
  } else if (c.type === "uuid") entries.push(["type", "uuid"]);
  else if (c.type === "json" || c.type === "jsonb") entries.push(["type", "json"]);
  else if (c.type === "bytea") entries.push(["type", "binary"]);
  else if (domains.has(c.type)) {
    // The default as the base type reads it (PostgreSQL casts it to the base type).
    const d = domains.get(c.type)!;
    const base = field({ ...c, type: d.type, nullable: false }, m, model, name, dbEnums);
    entries.push(["type", "domain"], ["domain", d.name], ...(base?.entries.filter(([k]) => k === "default") ?? []));
  }
  else {
    const e = m.enums.get(c.name);
    const type = e ? undefined : c.type;
    const labels = e?.labels ?? (dbEnums.get(c.type) ?? []).map((v) => ({ label: v, value: v }));
    if (!e && !type) return undefined;
    const enumName = e ? e.className.replace(/Enum$/, "") : pascal(c.type);
    // Only a type the schema declares as an enum is one (a range, a geometric type… is not).
    if (!e && (!/^[a-z][a-z0-9_]*$/.test(c.type) || !dbEnums.has(c.type))) return undefined;
    entries.push(["type", "enum"], ["enum", enumName]);
    const values = labels.length ? labels.map((l) => (l.label === l.value ? l.value : { value: l.value, renamed_from: l.label })) : [];
    const legacyType = c.type;
    const text = [
      `  ${enumName}:`,
      `    description: ${scalar(`Imported from the legacy enum type ${legacyType}.`)}`,
      ...(enumTypeName(enumName) !== legacyType ? [`    renamed_from: ${scalar(legacyType)}`] : []),
      `    values: [${values.map((v) => (typeof v === "string" ? scalar(v) : flow([["value", v.value], ["renamed_from", v.renamed_from]]))).join(", ")}]`,
    ].join("\n");
    enumBlock = { name: enumName, text };
    // A server default reads `'draft'::invoice_status`: the label, as the type stores it.
    const m2 = /^'((?:[^']|'')*)'::"?([^"]+)"?$/.exec(server ?? "");
    const serverLabel = m2 && m2[2] === c.type ? m2[1]!.replace(/''/g, "'") : undefined;
    const given = typeof py === "string" ? py : serverLabel;
    const d = given !== undefined ? (labels.find((l) => l.label === given || l.value === given)?.value ?? given) : undefined;
    if (d !== undefined) entries.push(["default", d]);
  }
  if (c.nullable) entries.push(["nullable", true]);
  return { entries, comments, enumBlock };
}

