import type { Project } from "../ir/types.js";
import { enumTypeName, tableName } from "../ir/naming.js";

/** Intent the spec declares and a schema diff cannot guess: renames, casts, replacements. */
export interface MigrationHints {
  /** new table → old table */
  readonly tables: ReadonlyMap<string, string>;
  /** table → (new column → old column) */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** table → (column → USING expression) */
  readonly using: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** new enum type → old enum type */
  readonly enums: ReadonlyMap<string, string>;
  /** enum type → (new value → old value) */
  readonly enumValues: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** enum type → (removed value → replacement) */
  readonly replacedValues: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export function migrationHints(project: Project): MigrationHints {
  const tables = new Map<string, string>();
  const columns = new Map<string, Map<string, string>>();
  const using = new Map<string, Map<string, string>>();
  for (const m of project.models) {
    if (m.renamedFrom) tables.set(m.table, tableName(m.renamedFrom));
    for (const c of m.columns) {
      if (c.renamedFrom) columns.set(m.table, (columns.get(m.table) ?? new Map()).set(c.name, c.renamedFrom));
      if (c.using) using.set(m.table, (using.get(m.table) ?? new Map()).set(c.name, c.using));
    }
  }
  const enums = new Map<string, string>();
  const enumValues = new Map<string, Map<string, string>>();
  const replacedValues = new Map<string, Readonly<Record<string, string>>>();
  for (const e of project.enums) {
    if (e.renamedFrom) enums.set(e.typeName, enumTypeName(e.renamedFrom));
    for (const v of e.values) {
      if (v.renamedFrom) enumValues.set(e.typeName, (enumValues.get(e.typeName) ?? new Map()).set(v.value, v.renamedFrom));
    }
    if (Object.keys(e.replacedValues).length) replacedValues.set(e.typeName, e.replacedValues);
  }
  return { tables, columns, using, enums, enumValues, replacedValues };
}

/** Hints as JSON, for the run cache (maps as entry lists). */
export interface HintsJson {
  readonly tables: [string, string][];
  readonly columns: [string, [string, string][]][];
  readonly using: [string, [string, string][]][];
  readonly enums: [string, string][];
  readonly enumValues: [string, [string, string][]][];
  readonly replacedValues: [string, Readonly<Record<string, string>>][];
}

const nested = (m: ReadonlyMap<string, ReadonlyMap<string, string>>): [string, [string, string][]][] => [...m].map(([k, v]) => [k, [...v]]);
const unnested = (entries: readonly [string, readonly [string, string][]][]) => new Map(entries.map(([k, v]) => [k, new Map(v)]));

export function hintsToJson(h: MigrationHints): HintsJson {
  return {
    tables: [...h.tables],
    columns: nested(h.columns),
    using: nested(h.using),
    enums: [...h.enums],
    enumValues: nested(h.enumValues),
    replacedValues: [...h.replacedValues],
  };
}

export function hintsFromJson(j: HintsJson): MigrationHints {
  return {
    tables: new Map(j.tables),
    columns: unnested(j.columns),
    using: unnested(j.using),
    enums: new Map(j.enums),
    enumValues: unnested(j.enumValues),
    replacedValues: new Map(j.replacedValues),
  };
}
