import { ARRAY_ELEMENT_TYPES, type Column, type ColumnDefault, type ColumnType, type Project } from "../../ir/types.js";
import { Imports, call, type PyExpr } from "../../lang/python/layout.js";
import { pyString } from "../../lang/python/escape.js";

/** Python annotation type for a column (ORM side). */
export function pyType(type: ColumnType, project: Project, imports: Imports, enumsModule = "..enums"): string {
  switch (type.kind) {
    case "string":
    case "char":
    case "text":
      return "str";
    case "time":
      return `${imports.module("datetime")}.time`;
    case "interval":
      return `${imports.module("datetime")}.timedelta`;
    case "inet": {
      // What psycopg and asyncpg read: an address, or an interface when a prefix is stored.
      const ip = imports.module("ipaddress");
      return ["IPv4Address", "IPv6Address", "IPv4Interface", "IPv6Interface"].map((t) => `${ip}.${t}`).join(" | ");
    }
    case "tsvector":
      return "str";
    case "array":
      return `list[${pyType(ARRAY_ELEMENT_TYPES[type.of], project, imports, enumsModule)}]`;
    case "integer":
    case "bigint":
      return "int";
    case "float":
      return "float";
    case "decimal":
      return imports.use("decimal", "Decimal");
    case "boolean":
      return "bool";
    case "date":
      return `${imports.module("datetime")}.date`;
    case "datetime":
      return `${imports.module("datetime")}.datetime`;
    case "uuid":
      return `${imports.module("uuid")}.UUID`;
    case "json":
      return imports.use("typing", "Any");
    case "binary":
      return "bytes";
    case "enum":
      return imports.use(enumsModule, enumClass(type.enumName, project));
  }
}

function enumClass(name: string, project: Project): string {
  const e = project.enums.find((x) => x.name === name);
  if (!e) throw new Error(`enum ${name} missing from the IR`);
  return e.className;
}

/** SQLAlchemy column type expression. */
export function saType(type: ColumnType, project: Project, imports: Imports, enumsModule: string): PyExpr {
  const sa = (name: string) => imports.use("sqlalchemy", name);
  switch (type.kind) {
    case "string":
      return `${sa("String")}(${type.maxLength})`;
    case "char":
      return `${sa("CHAR")}(${type.length})`;
    case "time":
      return sa("Time");
    case "interval":
      return sa("Interval");
    case "inet":
      return imports.use("sqlalchemy.dialects.postgresql", "INET");
    case "tsvector":
      return imports.use("sqlalchemy.dialects.postgresql", "TSVECTOR");
    case "array":
      // An instance, not the class: the element's Python type is then known (pyright --strict).
      return `${imports.use("sqlalchemy.dialects.postgresql", "ARRAY")}(${saType(ARRAY_ELEMENT_TYPES[type.of], project, imports, enumsModule)}())`;
    case "text":
      return sa("Text");
    case "integer":
      return sa("Integer");
    case "bigint":
      return sa("BigInteger");
    case "float":
      return sa("Double");
    case "decimal":
      return `${sa("Numeric")}(${type.precision}, ${type.scale})`;
    case "boolean":
      return sa("Boolean");
    case "date":
      return sa("Date");
    case "datetime":
      return `${sa("DateTime")}(timezone=True)`;
    case "uuid":
      return sa("Uuid");
    case "json":
      // SQL NULL for None, so `IS NULL` finds the rows a DTO left empty (not JSON `null`).
      return `${imports.use("sqlalchemy.dialects.postgresql", "JSONB")}(none_as_null=True)`;
    case "binary":
      return sa("LargeBinary");
    case "enum": {
      const e = project.enums.find((x) => x.name === type.enumName)!;
      // Stored by value in a named PostgreSQL enum type (DESIGN: outputs).
      return call(sa("Enum"), [imports.use(enumsModule, e.className), `name=${pyString(e.typeName)}`, `values_callable=${imports.use(enumsModule, "enum_values")}`]);
    }
  }
}

/** Python value of a default, for `default=` and DTO defaults. */
export function pyDefault(d: ColumnDefault, project: Project, imports: Imports, enumsModule: string): string | undefined {
  switch (d.kind) {
    case "literal":
      if (typeof d.value === "boolean") return d.value ? "True" : "False";
      if (typeof d.value === "number") return String(d.value);
      return pyString(d.value);
    case "enum": {
      const e = project.enums.find((x) => x.name === d.enumName)!;
      const v = e.values.find((x) => x.value === d.value)!;
      return `${imports.use(enumsModule, e.className)}.${v.member}`;
    }
    case "uuid4":
      return `${imports.module("uuid")}.uuid4`;
    case "empty_array":
      return "list";
    default:
      return undefined; // the database's: now, today, [] …
  }
}

/** `default=` for the ORM column. Decimal literals become `Decimal("…")`. */
export function columnDefault(c: Column, project: Project, imports: Imports, enumsModule: string): string | undefined {
  if (!c.default) return undefined;
  if (c.type.kind === "decimal" && c.default.kind === "literal") return `${imports.use("decimal", "Decimal")}(${pyString(String(c.default.value))})`;
  return pyDefault(c.default, project, imports, enumsModule);
}

/** `server_default=` expression. */
export function serverDefault(c: Column, imports: Imports): string | undefined {
  const d = c.serverDefault;
  if (!d) return undefined;
  switch (d.kind) {
    case "now":
      return `${imports.use("sqlalchemy", "func")}.now()`;
    case "today":
      return `${imports.use("sqlalchemy", "func")}.current_date()`;
    case "gen_random_uuid":
      return `${imports.use("sqlalchemy", "func")}.gen_random_uuid()`;
    case "uuid4":
      return undefined;
    case "empty_array":
      return undefined;
    case "enum":
      return pyString(d.value);
    case "literal":
      if (typeof d.value === "string" && c.type.kind !== "decimal") return pyString(d.value);
      return `${imports.use("sqlalchemy", "text")}(${pyString(typeof d.value === "boolean" ? (d.value ? "true" : "false") : String(d.value))})`;
  }
}
