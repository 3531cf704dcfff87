import type { Column, ColumnDefault, ColumnType, Project } from "../../ir/types.js";
import { Imports, call, type PyExpr } from "./layout.js";
import { pyString } from "./escape.js";

/** Python annotation type for a column (ORM side). */
export function pyType(type: ColumnType, project: Project, imports: Imports): string {
  switch (type.kind) {
    case "string":
    case "text":
      return "str";
    case "integer":
    case "bigint":
      return "int";
    case "float":
      return "float";
    case "decimal":
      imports.add("decimal", "Decimal");
      return "Decimal";
    case "boolean":
      return "bool";
    case "date":
      imports.module("datetime");
      return "datetime.date";
    case "datetime":
      imports.module("datetime");
      return "datetime.datetime";
    case "uuid":
      imports.module("uuid");
      return "uuid.UUID";
    case "json":
      imports.add("typing", "Any");
      return "Any";
    case "binary":
      return "bytes";
    case "enum": {
      const cls = enumClass(type.enumName, project);
      imports.add("..enums", cls);
      return cls;
    }
  }
}

export function enumClass(name: string, project: Project): string {
  const e = project.enums.find((x) => x.name === name);
  if (!e) throw new Error(`enum ${name} missing from the IR`);
  return e.className;
}

/** SQLAlchemy column type expression. */
export function saType(type: ColumnType, project: Project, imports: Imports, enumsModule: string): PyExpr {
  switch (type.kind) {
    case "string":
      imports.add("sqlalchemy", "String");
      return `String(${type.maxLength})`;
    case "text":
      imports.add("sqlalchemy", "Text");
      return "Text";
    case "integer":
      imports.add("sqlalchemy", "Integer");
      return "Integer";
    case "bigint":
      imports.add("sqlalchemy", "BigInteger");
      return "BigInteger";
    case "float":
      imports.add("sqlalchemy", "Double");
      return "Double";
    case "decimal":
      imports.add("sqlalchemy", "Numeric");
      return `Numeric(${type.precision}, ${type.scale})`;
    case "boolean":
      imports.add("sqlalchemy", "Boolean");
      return "Boolean";
    case "date":
      imports.add("sqlalchemy", "Date");
      return "Date";
    case "datetime":
      imports.add("sqlalchemy", "DateTime");
      return "DateTime(timezone=True)";
    case "uuid":
      imports.add("sqlalchemy", "Uuid");
      return "Uuid";
    case "json":
      imports.add("sqlalchemy.dialects.postgresql", "JSONB");
      return "JSONB";
    case "binary":
      imports.add("sqlalchemy", "LargeBinary");
      return "LargeBinary";
    case "enum": {
      const e = project.enums.find((x) => x.name === type.enumName)!;
      imports.add("sqlalchemy", "Enum");
      imports.add(enumsModule, e.className, "enum_values");
      // Stored by value in a named PostgreSQL enum type (DESIGN: outputs).
      return call("Enum", [e.className, `name=${pyString(e.typeName)}`, "values_callable=enum_values"]);
    }
  }
}

/** Python value of a default, for `default=` and DTO defaults. */
export function pyDefault(d: ColumnDefault, project: Project, imports: Imports): string | undefined {
  switch (d.kind) {
    case "literal":
      if (typeof d.value === "boolean") return d.value ? "True" : "False";
      if (typeof d.value === "number") return String(d.value);
      return pyString(d.value);
    case "enum": {
      const e = project.enums.find((x) => x.name === d.enumName)!;
      const v = e.values.find((x) => x.value === d.value)!;
      return `${e.className}.${v.member}`;
    }
    case "uuid4":
      imports.module("uuid");
      return "uuid.uuid4";
    default:
      return undefined;
  }
}

/** `default=` for the ORM column. Decimal literals become `Decimal("…")`. */
export function columnDefault(c: Column, project: Project, imports: Imports): string | undefined {
  if (!c.default) return undefined;
  if (c.type.kind === "decimal" && c.default.kind === "literal") {
    imports.add("decimal", "Decimal");
    return `Decimal(${pyString(String(c.default.value))})`;
  }
  return pyDefault(c.default, project, imports);
}

/** `server_default=` expression. */
export function serverDefault(c: Column, imports: Imports): string | undefined {
  const d = c.serverDefault;
  if (!d) return undefined;
  switch (d.kind) {
    case "now":
      imports.add("sqlalchemy", "func");
      return "func.now()";
    case "today":
      imports.add("sqlalchemy", "func");
      return "func.current_date()";
    case "gen_random_uuid":
      imports.add("sqlalchemy", "func");
      return "func.gen_random_uuid()";
    case "uuid4":
      return undefined;
    case "enum":
      return pyString(d.value);
    case "literal":
      if (typeof d.value === "string" && c.type.kind !== "decimal") return pyString(d.value);
      imports.add("sqlalchemy", "text");
      return `text(${pyString(typeof d.value === "boolean" ? (d.value ? "true" : "false") : String(d.value))})`;
  }
}
