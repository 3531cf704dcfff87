import type { DbColumn, DbEnum, DbForeignKey, DbIndex, DbSchema, DbTable, DbView } from "../db/types.js";
import { q } from "../lang/sql/quote.js";
import { sqlIdentifiers } from "../lang/sql/tokens.js";
import type { MigrationHints } from "./hints.js";
import type { EnumColumnUse, MigrationOp } from "./ops.js";
import { formatSqlType, parseSqlType, type SqlType } from "../db/sql-type.js";
import { normalizeCheck } from "../db/checks.js";

/** A step that can lose data: refused unless --allow-destructive. */
export interface Destructive {
  readonly op: MigrationOp;
  readonly why: string;
}

/** A change the specs ask for that cannot be migrated as written. */
export interface DiffProblem {
  readonly message: string;
  readonly hint: string;
}

export interface DiffResult {
  readonly ops: readonly MigrationOp[];
  readonly destructive: readonly Destructive[];
  readonly problems: readonly DiffProblem[];
}


/** Lossless type changes: every old value is representable in the new type. */
export function isWidening(from: string, to: string): boolean {
  if (from === to) return true;
  const f = parseSqlType(from);
  const t = parseSqlType(to);
  const named = (x: SqlType, name: string) => x.kind === "named" && x.name === name;
  // An array widens as its element does (a legacy VARCHAR[] into TEXT[]).
  if (f.kind === "array" || t.kind === "array") return f.kind === "array" && t.kind === "array" && isWidening(formatSqlType(f.element), formatSqlType(t.element));
  // An unbounded varchar or numeric never comes from a spec, but a legacy baseline has them
  // (SQLAlchemy's `Mapped[str]` is an unbounded VARCHAR): such a varchar holds what text holds.
  const numeric = (x: SqlType) => (x.kind === "numeric" && x.precision !== undefined ? { p: x.precision, s: x.scale ?? 0 } : undefined);
  if (f.kind === "varchar" && f.length === undefined) return named(t, "text");
  if (f.kind === "varchar" && f.length !== undefined) {
    if (t.kind === "varchar" && t.length !== undefined) return t.length >= f.length;
    return named(t, "text");
  }
  const nt = numeric(t);
  if (named(f, "smallint") && (named(t, "integer") || named(t, "bigint") || (nt !== undefined && nt.p - nt.s >= 5) || named(t, "double precision"))) return true;
  if (named(f, "real") && named(t, "double precision")) return true;
  // json to jsonb: every value converts, to the same value (duplicate keys of an object keep
  // the last, as JSON readers do).
  if (named(f, "json") && named(t, "jsonb")) return true;
  // citext holds text; only its comparisons ignore case.
  if (named(f, "citext") && named(t, "text")) return true;
  // A naive timestamp read as UTC (the cast alterColumn writes), and back.
  if (named(f, "timestamp without time zone") && named(t, "timestamp with time zone")) return true;
  if (named(f, "integer") && (named(t, "bigint") || nt !== undefined || named(t, "double precision"))) return true;
  if (named(f, "bigint") && nt) return nt.p - nt.s >= 19;
  const nf = numeric(f);
  if (nf && nt) return nt.s >= nf.s && nt.p - nt.s >= nf.p - nf.s;
  return false;
}

function enumUses(schema: DbSchema, type: string): EnumColumnUse[] {
  return schema.tables.flatMap((t) =>
    t.columns.filter((c) => c.type === type).map((c) => ({ table: t.name, column: c.name, default: c.default })),
  );
}

/**
 * prev snapshot + next schema (+ the spec's intent) → ordered operations. Order: enum
 * changes, renames, drops of constraints, table and column changes, new constraints, enum drops.
 */
export function diffSchemas(prev: DbSchema, next: DbSchema, hints: MigrationHints, options: { readonly views?: boolean } = {}): DiffResult {
  const destructive: Destructive[] = [];
  const problems: DiffProblem[] = [];
  const enumsFirst: MigrationOp[] = [];
  const renames: MigrationOp[] = [];
  const drops: MigrationOp[] = [];
  const tableDrops: MigrationOp[] = [];
  const changes: MigrationOp[] = [];
  const creates: MigrationOp[] = [];
  const late: MigrationOp[] = [];
  const danger = (op: MigrationOp, why: string) => destructive.push({ op, why });

  // --- enums
  const prevEnums = new Map(prev.enums.map((e) => [e.name, e]));
  const nextEnums = new Set(next.enums.map((e) => e.name));
  const matchedPrevEnums = new Set<string>();
  for (const e of next.enums) {
    let old = prevEnums.get(e.name);
    const renamedFrom = hints.enums.get(e.name);
    if (!old && renamedFrom && prevEnums.has(renamedFrom) && !nextEnums.has(renamedFrom)) {
      old = prevEnums.get(renamedFrom)!;
      // Before its value steps, which name the type by its new name.
      enumsFirst.push({ kind: "rename_enum", from: renamedFrom, to: e.name });
    }
    if (!old) {
      enumsFirst.push({ kind: "create_enum", enum: e });
      continue;
    }
    matchedPrevEnums.add(old.name);
    enumsFirst.push(...diffEnumValues(old, e));
  }
  for (const e of prev.enums) {
    if (!matchedPrevEnums.has(e.name)) late.push({ kind: "drop_enum", enum: e });
  }

  function diffEnumValues(old: DbEnum, e: DbEnum): MigrationOp[] {
    const ops: MigrationOp[] = [];
    const valueRenames = hints.enumValues.get(e.name) ?? new Map<string, string>();
    let current = [...old.values];
    for (const [to, from] of valueRenames) {
      if (current.includes(from) && !current.includes(to)) {
        ops.push({ kind: "rename_enum_value", enum: e.name, from, to });
        current = current.map((v) => (v === from ? to : v));
      }
    }
    const removed = current.filter((v) => !e.values.includes(v));
    const keptInOrder = e.values.filter((v) => current.includes(v)).join("\u0000") === current.filter((v) => e.values.includes(v)).join("\u0000");
    if (removed.length === 0 && keptInOrder) {
      for (const [i, v] of e.values.entries()) {
        if (current.includes(v)) continue;
        const before = e.values.slice(i + 1).find((x) => current.includes(x));
        current = before === undefined ? [...current, v] : current.flatMap((x) => (x === before ? [v, x] : [x]));
        ops.push({ kind: "add_enum_value", enum: e.name, value: v, before, values: [...current], columns: enumUses(next, e.name) });
      }
      return ops;
    }
    const replace = hints.replacedValues.get(e.name) ?? {};
    const unmapped = removed.filter((v) => replace[v] === undefined || !e.values.includes(replace[v]!));
    if (unmapped.length) {
      problems.push({
        message: `enum ${e.name} drops ${unmapped.map((v) => `'${v}'`).join(", ")}, and existing rows may hold ${unmapped.length === 1 ? "it" : "them"}`,
        hint: `declare what those rows become: \`replaced_values: { ${unmapped[0]}: <remaining value> }\` on the enum`,
      });
    }
    const op: MigrationOp = { kind: "recreate_enum", name: e.name, from: current, to: e.values, replace, columns: enumUses(next, e.name) };
    if (removed.length) danger(op, `removes value(s) ${removed.map((v) => `'${v}'`).join(", ")} of enum ${e.name}; rows holding them are rewritten`);
    ops.push(op);
    return ops;
  }

  const prevBase = new Map((prev.domains ?? []).map((d) => [d.name, d.type]));
  const nextBase = new Map((next.domains ?? []).map((d) => [d.name, d.type]));
  // --- domains: created before the tables that use them, dropped after.
  const prevDomains = new Map((prev.domains ?? []).map((d) => [d.name, d]));
  const nextDomains = new Set((next.domains ?? []).map((d) => d.name));
  for (const d of next.domains ?? []) {
    const old = prevDomains.get(d.name);
    if (!old) {
      enumsFirst.push({ kind: "create_domain", domain: d });
      continue;
    }
    if (old.type !== d.type) {
      problems.push({
        message: `domain ${d.name} changes its base type from ${old.type} to ${d.type}, which PostgreSQL cannot alter`,
        hint: "declare a new domain with the new type and move the fields to it (a column type change the migration can cast)",
      });
      continue;
    }
    matchNamed(
      old.checks,
      d.checks,
      (k) => normalizeCheck(k.expression),
      (k) => normalizeCheck(k.expression),
      (from, to) => {
        drops.push({ kind: "drop_domain_check", domain: d.name, check: from });
        late.push({ kind: "add_domain_check", domain: d.name, check: to });
      },
      (k) => drops.push({ kind: "drop_domain_check", domain: d.name, check: k }),
      (k) => late.push({ kind: "add_domain_check", domain: d.name, check: k }),
    );
  }
  const domainDrops: MigrationOp[] = (prev.domains ?? []).filter((d) => !nextDomains.has(d.name)).map((d) => ({ kind: "drop_domain", domain: d }));

  // --- tables
  const prevTables = new Map(prev.tables.map((t) => [t.name, t]));
  const nextTableNames = new Set(next.tables.map((t) => t.name));
  const matchedPrev = new Set<string>();
  const pairs: [DbTable, DbTable][] = [];
  for (const t of next.tables) {
    let old = prevTables.get(t.name);
    const renamedFrom = hints.tables.get(t.name);
    if (!old && renamedFrom && prevTables.has(renamedFrom) && !nextTableNames.has(renamedFrom)) {
      old = prevTables.get(renamedFrom)!;
      renames.push({ kind: "rename_table", from: old.name, to: t.name });
    }
    if (!old) {
      creates.push({ kind: "create_table", table: t });
      for (const i of t.indexes) late.push({ kind: "create_index", table: t.name, index: i });
      for (const fk of t.foreignKeys) late.push({ kind: "add_foreign_key", table: t.name, fk });
      continue;
    }
    matchedPrev.add(old.name);
    pairs.push([old, t]);
  }
  for (const t of prev.tables) {
    if (matchedPrev.has(t.name)) continue;
    const op: MigrationOp = { kind: "drop_table", table: t };
    for (const fk of t.foreignKeys) drops.push({ kind: "drop_foreign_key", table: t.name, fk });
    tableDrops.push(op);
    danger(op, `drops table ${t.name} and every row in it`);
  }

  for (const [old, t] of pairs) {
    const table = t.name;
    const renamedCols = hints.columns.get(table) ?? new Map<string, string>();
    const oldCols = new Map(old.columns.map((c) => [c.name, c]));
    const newNames = new Set(t.columns.map((c) => c.name));
    const colMap = new Map<string, string>(); // old name → new name
    const matchedCols = new Set<string>();
    for (const c of t.columns) {
      let o = oldCols.get(c.name);
      const from = renamedCols.get(c.name);
      if (!o && from && oldCols.has(from) && !newNames.has(from)) {
        o = oldCols.get(from)!;
        renames.push({ kind: "rename_column", table, from, to: c.name });
      }
      if (!o) {
        addColumn(table, c);
        continue;
      }
      matchedCols.add(o.name);
      colMap.set(o.name, c.name);
      alterColumn(table, o, c);
    }
    for (const c of old.columns) {
      if (matchedCols.has(c.name)) continue;
      const op: MigrationOp = { kind: "drop_column", table, column: c };
      tableDrops.push(op);
      danger(op, `drops column ${table}.${c.name} and its values`);
    }
    const renameCols = (cols: readonly string[]) => cols.map((c) => colMap.get(c) ?? `\u0000${c}`).join(",");
    // Primary key: same columns, maybe a new name after a table rename.
    // Other columns (an adopted join table's key, dropped with its legacy columns): a new key.
    if (renameCols(old.primaryKey.columns) !== t.primaryKey.columns.join(",")) {
      if (old.primaryKey.columns.length) drops.push({ kind: "drop_primary_key", table, name: old.primaryKey.name, columns: old.primaryKey.columns });
      if (t.primaryKey.columns.length) late.push({ kind: "add_primary_key", table, name: t.primaryKey.name, columns: t.primaryKey.columns });
    } else if (old.primaryKey.name !== t.primaryKey.name) {
      renames.push({ kind: "rename_constraint", table, from: old.primaryKey.name, to: t.primaryKey.name });
    }
    // An index's SQL as PostgreSQL prints it or as the spec writes it (see normalizeCheck).
    const sqlOf = (i: DbIndex) => `${i.using ?? "btree"}|${normalizeCheck(i.expression ?? "")}|${normalizeCheck(i.where ?? "")}`;
    matchNamed(
      old.indexes,
      t.indexes,
      (i) => `${renameCols(i.columns)}|${i.unique}|${sqlOf(i)}`,
      (i) => `${i.columns.join(",")}|${i.unique}|${sqlOf(i)}`,
      (from, to) => renames.push({ kind: "rename_index", from: from.name, to: to.name }),
      (i) => drops.push({ kind: "drop_index", table, index: i }),
      (i) => late.push({ kind: "create_index", table, index: i }),
    );
    matchNamed(
      old.uniques,
      t.uniques,
      (u) => renameCols(u.columns),
      (u) => u.columns.join(","),
      (from, to) => renames.push({ kind: "rename_constraint", table, from: from.name, to: to.name }),
      (u) => drops.push({ kind: "drop_unique", table, name: u.name, columns: u.columns }),
      (u) => late.push({ kind: "add_unique", table, name: u.name, columns: u.columns }),
    );
    matchNamed(
      old.checks ?? [],
      t.checks ?? [],
      // As PostgreSQL prints it or as the spec writes it: a legacy baseline holds the former.
      (k) => normalizeCheck(k.expression),
      (k) => normalizeCheck(k.expression),
      (from, to) => renames.push({ kind: "rename_constraint", table, from: from.name, to: to.name }),
      (k) => drops.push({ kind: "drop_check", table, check: k }),
      (k) => late.push({ kind: "add_check", table, check: k }),
    );
    const tableMap = (name: string) => [...hints.tables].find(([, o]) => o === name)?.[0] ?? name;
    matchNamed(
      old.foreignKeys,
      t.foreignKeys,
      (f: DbForeignKey) => `${renameCols(f.columns)}|${tableMap(f.refTable)}|${f.refColumns.join(",")}|${f.onDelete}`,
      (f: DbForeignKey) => `${f.columns.join(",")}|${f.refTable}|${f.refColumns.join(",")}|${f.onDelete}`,
      (from, to) => renames.push({ kind: "rename_constraint", table, from: from.name, to: to.name }),
      (f) => drops.push({ kind: "drop_foreign_key", table, fk: f }),
      (f) => late.push({ kind: "add_foreign_key", table, fk: f }),
    );
  }

  function addColumn(table: string, c: DbColumn): void {
    if (c.nullable || c.default !== null || c.generated !== undefined) {
      changes.push({ kind: "add_column", table, column: c });
      return;
    }
    // NOT NULL without a default: only safe on an empty table.
    const op: MigrationOp = { kind: "add_column", table, column: c };
    changes.push(op);
    danger(op, `adds NOT NULL column ${table}.${c.name} without a default: fails if the table has rows`);
  }

  function alterColumn(table: string, old: DbColumn, c: DbColumn): void {
    // A generated expression cannot be altered (before PostgreSQL 17): the column is dropped
    // and added again, computed anew. Only a stored column turned generated loses values.
    if (normalizeCheck(old.generated ?? "") !== normalizeCheck(c.generated ?? "")) {
      const drop: MigrationOp = { kind: "drop_column", table, column: old };
      tableDrops.push(drop);
      addColumn(table, c);
      if (old.generated === undefined) danger(drop, `replaces the stored values of ${table}.${c.name} by the generated ${c.generated}`);
      return;
    }
    // A renamed enum type: PostgreSQL follows the rename in the column type and its default.
    const renamedType = prevEnumRenamed(old.type);
    const o =
      renamedType === undefined
        ? old
        : { ...old, type: renamedType, default: old.default?.replace(new RegExp(`::${old.type}$`), `::${renamedType}`) ?? null };
    const typeChanged = o.type !== c.type;
    if (typeChanged) {
      // A float to double or numeric goes through its text: PostgreSQL prints a float's shortest
      // exact form (61.02), where the binary cast keeps a real's noise (61.02000045776367) and a
      // cast to numeric rounds to 6 (real) or 15 (double) significant digits.
      // A domain widens as its base type does (its checks hold when the column takes it).
      const widening = isWidening(prevBase.get(o.type) ?? o.type, nextBase.get(c.type) ?? c.type);
      const fromFloat = (o.type === "real" || o.type === "double precision") && (c.type === "double precision" || c.type.startsWith("numeric"));
      // A naive timestamp is read as UTC, whatever the session's time zone (a plain cast reads
      // it in that zone); the same expression turns it back.
      const naive = o.type === "timestamp without time zone" && c.type === "timestamp with time zone";
      const utc = `${q(c.name)} AT TIME ZONE 'UTC'`;
      const cast = naive ? utc : fromFloat && o.type !== c.type ? `${q(c.name)}::text::${c.type}` : `${q(c.name)}::${c.type}`;
      const hinted = hints.using.get(table)?.get(c.name);
      const using = hinted ?? cast;
      // A `using:` that says what the cast says keeps the step reversible.
      const ownCast = hinted === undefined || normalizeCheck(hinted) === normalizeCheck(cast);
      const op: MigrationOp = {
        kind: "alter_type",
        table,
        column: c.name,
        from: o.type,
        to: c.type,
        using,
        usingBack: naive ? utc : `${q(c.name)}::${o.type}`,
        reversible: widening && ownCast,
      };
      if (o.default !== null) changes.push({ kind: "alter_default", table, column: c.name, type: o.type, from: o.default, to: null });
      changes.push(op);
      if (!widening) danger(op, `changes ${table}.${c.name} from ${o.type} to ${c.type} (USING ${using}), which can fail or lose precision`);
      if (c.default !== null) changes.push({ kind: "alter_default", table, column: c.name, type: c.type, from: null, to: c.default });
    } else if (o.default !== c.default) {
      changes.push({ kind: "alter_default", table, column: c.name, type: c.type, from: o.default, to: c.default });
    }
    if (o.nullable !== c.nullable) {
      if (!c.nullable) {
        if (c.default !== null) changes.push({ kind: "backfill", table, column: c.name, value: c.default });
        const op: MigrationOp = { kind: "alter_nullable", table, column: c.name, type: c.type, nullable: false };
        changes.push(op);
        if (c.default === null) danger(op, `sets ${table}.${c.name} NOT NULL with no default to fill existing NULLs`);
      } else changes.push({ kind: "alter_nullable", table, column: c.name, type: c.type, nullable: true });
    }
  }

  function prevEnumRenamed(type: string): string | undefined {
    return [...hints.enums].find(([, old]) => old === type)?.[0];
  }

  const ops = [...enumsFirst, ...renames, ...drops, ...tableDrops, ...creates, ...changes, ...late, ...domainDrops];
  return { ops: options.views === false ? ops : withViews(prev.views ?? [], next.views ?? [], ops), destructive, problems };
}

/**
 * The relations a view's SQL names: its identifiers outside string literals and comments,
 * unquoted ones folded to lower case as PostgreSQL folds them. A superset of what it reads
 * (a column named like a table counts too), which only ever rebuilds a view once more.
 */
export function sqlRelationNames(sql: string): Set<string> {
  return new Set(sqlIdentifiers(sql).map((t) => t.name));
}

/** Steps after which a view reading the table must be rebuilt: PostgreSQL refuses them under a view, or the view's SQL names the old name. */
function touchedTables(ops: readonly MigrationOp[]): Set<string> {
  const out = new Set<string>();
  for (const op of ops) {
    switch (op.kind) {
      case "alter_type":
      case "drop_column":
      case "rename_column":
        out.add(op.table);
        break;
      case "drop_table":
        out.add(op.table.name);
        break;
      case "rename_table":
        out.add(op.from);
        out.add(op.to);
        break;
      case "recreate_enum":
      case "add_enum_value":
        for (const c of op.columns) out.add(c.table);
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * The view steps around a revision's other steps: a view that is gone, changed, or reads a
 * table whose columns change is dropped before them (dependent views first) and created
 * after them from the specs (dependencies first); views read by a dropped view follow it.
 */
export function withViews(prev: readonly DbView[], next: readonly DbView[], ops: readonly MigrationOp[]): MigrationOp[] {
  const nextByName = new Map(next.map((v) => [v.name, v]));
  const prevByName = new Map(prev.map((v) => [v.name, v]));
  const touched = touchedTables(ops);
  const enumTypes = new Set(ops.flatMap((op) => (op.kind === "recreate_enum" || op.kind === "add_enum_value" ? [op.kind === "recreate_enum" ? op.name : op.enum] : op.kind === "drop_enum" ? [op.enum.name] : [])));
  const same = (a: DbView, b: DbView) =>
    a.sql.replace(/\s+/g, " ").trim() === b.sql.replace(/\s+/g, " ").trim() && JSON.stringify(a.columns) === JSON.stringify(b.columns);
  const refs = (v: DbView) => sqlRelationNames(v.sql);
  const rebuilt = new Set<string>();
  for (const v of prev) {
    const n = nextByName.get(v.name);
    const reads = refs(v);
    if (!n || !same(v, n) || [...reads].some((r) => touched.has(r)) || v.columns.some((c) => enumTypes.has(c.type))) rebuilt.add(v.name);
  }
  // A view over a rebuilt view is rebuilt with it (PostgreSQL would refuse the drop).
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of prev) {
      if (rebuilt.has(v.name)) continue;
      if ([...refs(v)].some((r) => rebuilt.has(r) && r !== v.name)) {
        rebuilt.add(v.name);
        grew = true;
      }
    }
  }
  const drops = inDependencyOrder(prev.filter((v) => rebuilt.has(v.name))).reverse();
  const creates = inDependencyOrder(next.filter((v) => !prevByName.has(v.name) || rebuilt.has(v.name)));
  return [...drops.map((view): MigrationOp => ({ kind: "drop_view", view })), ...ops, ...creates.map((view): MigrationOp => ({ kind: "create_view", view }))];
}

/** Views a view reads come before it; otherwise by name. A cycle cannot be created, so its views keep their order. */
function inDependencyOrder(views: readonly DbView[]): DbView[] {
  const names = new Set(views.map((v) => v.name));
  const deps = new Map(views.map((v) => [v.name, [...sqlRelationNames(v.sql)].filter((r) => names.has(r) && r !== v.name)]));
  const out: DbView[] = [];
  const done = new Set<string>();
  const visit = (v: DbView, path: Set<string>) => {
    if (done.has(v.name) || path.has(v.name)) return;
    path.add(v.name);
    for (const d of deps.get(v.name) ?? []) visit(views.find((x) => x.name === d)!, path);
    done.add(v.name);
    out.push(v);
  };
  for (const v of [...views].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(v, new Set());
  return out;
}

/** Pair old and new items: same name; else same definition under a new name (a rename). */
function matchNamed<T extends { name: string }>(
  olds: readonly T[],
  news: readonly T[],
  oldKey: (t: T) => string,
  newKey: (t: T) => string,
  rename: (from: T, to: T) => void,
  drop: (t: T) => void,
  add: (t: T) => void,
): void {
  const newByName = new Map(news.map((n) => [n.name, n]));
  const leftOld: T[] = [];
  const matched = new Set<string>();
  for (const o of olds) {
    const n = newByName.get(o.name);
    if (n && oldKey(o) === newKey(n)) matched.add(n.name);
    else leftOld.push(o);
  }
  const leftNew = news.filter((n) => !matched.has(n.name));
  for (const o of leftOld) {
    const i = leftNew.findIndex((n) => newKey(n) === oldKey(o) && !olds.some((x) => x.name === n.name));
    if (i >= 0) {
      rename(o, leftNew[i]!);
      leftNew.splice(i, 1);
    } else drop(o);
  }
  for (const n of leftNew) add(n);
}

