import { constraintNames } from "../ir/naming.js";
import type { Column, ColumnDefault, ColumnType, OnDelete, Project } from "../ir/types.js";
import type { DbColumn, DbForeignKey, DbIndex, DbSchema, DbTable } from "./types.js";
import { formatSqlType } from "./sql-type.js";
import { sqlString } from "../lang/sql/quote.js";

/** The one mapping between the spec's `on_delete` spellings and PostgreSQL's. */
export const ON_DELETE_SQL: Readonly<Record<OnDelete, DbForeignKey["onDelete"]>> = {
  cascade: "CASCADE",
  restrict: "RESTRICT",
  set_null: "SET NULL",
  no_action: "NO ACTION",
};

/** PostgreSQL's spelling (`SET NULL`) as the spec's (`set_null`); undefined if it is neither. */
export function onDeleteOfSql(sql: string): OnDelete | undefined {
  return (Object.keys(ON_DELETE_SQL) as OnDelete[]).find((k) => ON_DELETE_SQL[k] === sql.toUpperCase());
}

export function sqlType(type: ColumnType, enumTypeName: (name: string) => string): string {
  switch (type.kind) {
    case "string":
      return formatSqlType({ kind: "varchar", length: type.maxLength });
    case "char":
      return formatSqlType({ kind: "char", length: type.length });
    case "time":
      return "time without time zone";
    case "interval":
    case "inet":
    case "tsvector":
      return type.kind;
    case "array":
      return formatSqlType({ kind: "array", element: { kind: "named", name: type.of } });
    case "text":
      return "text";
    case "integer":
      return "integer";
    case "bigint":
      return "bigint";
    case "float":
      return "double precision";
    case "decimal":
      return formatSqlType({ kind: "numeric", precision: type.precision, scale: type.scale });
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "timestamp with time zone";
    case "uuid":
      return "uuid";
    case "json":
      return "jsonb";
    case "binary":
      return "bytea";
    case "enum":
      return enumTypeName(type.enumName);
  }
}


/** The default as PostgreSQL reports it back (`pg_get_expr`), so projection and database compare equal. */
export function sqlDefault(d: ColumnDefault | undefined, type: string): string | null {
  if (!d) return null;
  switch (d.kind) {
    case "now":
      return "now()";
    case "today":
      return "CURRENT_DATE";
    case "gen_random_uuid":
      return "gen_random_uuid()";
    case "uuid4":
      return null; // application-side only
    case "empty_array":
      return null; // application-side only
    case "enum":
      return `${sqlString(d.value)}::${type}`;
    case "literal":
      if (typeof d.value === "boolean") return d.value ? "true" : "false";
      if (typeof d.value === "number") return d.value < 0 ? `'${d.value}'::${type}` : String(d.value);
      if (type === "text") return `${sqlString(d.value)}::text`;
      // PostgreSQL keeps a CHAR default as `'US'::bpchar`.
      if (type.startsWith("character(")) return `${sqlString(d.value)}::bpchar`;
      if (type.startsWith("numeric")) return /^-/.test(d.value) ? `'${d.value}'::numeric` : d.value;
      return `${sqlString(d.value)}::${type.replace(/\(.*\)$/, "")}`;
  }
}

/** IR → database schema: tables, columns, SQL types, FKs, indexes, enum types. Pure. */
export function projectSchema(project: Project): DbSchema {
  const enumType = new Map(project.enums.map((e) => [e.name, e.typeName]));
  const typeName = (name: string) => enumType.get(name) ?? name;
  const tables: DbTable[] = [];
  for (const m of project.models) {
    const column = (c: Column): DbColumn => {
      // A domain column's default reads back cast to the domain's base type.
      const base = sqlType(c.type, typeName);
      const type = c.domain ? c.domain.typeName : base;
      return { name: c.name, type, nullable: c.nullable, default: sqlDefault(c.serverDefault, base), ...(c.generated !== undefined ? { generated: c.generated } : {}) };
    };
    const indexes: DbIndex[] = [
      ...m.columns.filter((c) => c.index && !c.unique).map((c) => ({ name: constraintNames.ix(m.table, [c.name]), columns: [c.name], unique: false })),
      ...m.columns.filter((c) => c.index && c.unique).map((c) => ({ name: constraintNames.ix(m.table, [c.name]), columns: [c.name], unique: true })),
      ...m.indexes.map((i) => ({
        name: i.name,
        columns: i.columns,
        unique: i.unique ?? false,
        ...(i.expression !== undefined ? { expression: i.expression } : {}),
        ...(i.where !== undefined ? { where: i.where } : {}),
        ...(i.using !== undefined ? { using: i.using } : {}),
      })),
    ];
    tables.push({
      name: m.table,
      columns: m.columns.map(column),
      primaryKey: { name: m.primaryKeyName, columns: m.columns.filter((c) => c.primaryKey).map((c) => c.name) },
      foreignKeys: m.columns
        .filter((c) => c.foreignKey)
        .map((c) => ({
          name: c.foreignKey!.name,
          columns: [c.name],
          refTable: c.foreignKey!.table,
          refColumns: [c.foreignKey!.column],
          onDelete: ON_DELETE_SQL[c.foreignKey!.onDelete],
        })),
      indexes: sortByName(indexes),
      uniques: sortByName([
        ...m.columns.filter((c) => c.unique && !c.index).map((c) => ({ name: constraintNames.uq(m.table, [c.name]), columns: [c.name] })),
        ...m.uniques.map((u) => ({ name: u.name, columns: u.columns })),
      ]),
      ...(m.checks.length ? { checks: sortByName(m.checks.map((c) => ({ name: c.name, expression: c.sql }))) } : {}),
    });
  }
  for (const a of project.associations) {
    tables.push({
      name: a.name,
      columns: [a.left, a.right].map((s) => ({ name: s.column, type: "uuid", nullable: false, default: null })),
      primaryKey: { name: a.primaryKeyName, columns: [a.left.column, a.right.column] },
      foreignKeys: [a.left, a.right].map((s) => ({
        name: s.foreignKeyName,
        columns: [s.column],
        refTable: s.table,
        refColumns: ["id"],
        onDelete: "CASCADE" as const,
      })),
      indexes: [{ name: constraintNames.ix(a.name, [a.right.column]), columns: [a.right.column], unique: false }],
      uniques: [],
    });
  }
  const views = project.views.map((v) => ({ name: v.viewName, sql: v.sql, columns: v.columns.map((c) => ({ name: c.name, type: sqlType(c.type, typeName) })) }));
  const domains = project.domains.map((d) => ({ name: d.typeName, type: sqlType(d.type, typeName), checks: sortByName(d.checks.map((k) => ({ name: k.name, expression: k.sql }))) }));
  return {
    enums: project.enums.map((e) => ({ name: e.typeName, values: e.values.map((v) => v.value) })),
    tables: sortByName(tables),
    ...(views.length ? { views: sortByName(views) } : {}),
    ...(domains.length ? { domains: sortByName(domains) } : {}),
  };
}

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
