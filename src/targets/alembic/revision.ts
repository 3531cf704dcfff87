import { assertNever, type MigrationOp } from "../../migrations/ops.js";
import type { DbColumn, DbTable } from "../../db/types.js";
import { pyString, saText } from "../../lang/python/escape.js";
import { Imports, call, layout, type PyExpr } from "../../lang/python/layout.js";
import { opToSql } from "../sql/migration.js";
import { formatSqlType, parseSqlType } from "../../db/sql-type.js";

/** The imports of one revision, and the domains its column types may name (name → base type). */
type RevisionImports = Imports & { readonly domains: ReadonlyMap<string, string> };

/** SQLAlchemy type expression for a PostgreSQL type as the projection writes it. */
function saType(type: string, imports: RevisionImports): string {
  const t = parseSqlType(type);
  if (t.kind === "varchar" && t.length !== undefined) return `sa.String(length=${t.length})`;
  if (t.kind === "numeric" && t.precision !== undefined) return `sa.Numeric(precision=${t.precision}, scale=${t.scale ?? 0})`;
  if (t.kind === "char") return `sa.CHAR(length=${t.length})`;
  if (t.kind === "array") {
    imports.add("sqlalchemy.dialects", "postgresql");
    return `postgresql.ARRAY(${saType(formatSqlType(t.element), imports)})`;
  }
  const simple: Record<string, string> = {
    text: "sa.Text()",
    integer: "sa.Integer()",
    bigint: "sa.BigInteger()",
    // Parameterized, so type checkers know the column's Python type (pyright --strict).
    "double precision": "sa.Double[float]()",
    boolean: "sa.Boolean()",
    date: "sa.Date()",
    "timestamp with time zone": "sa.DateTime(timezone=True)",
    "time without time zone": "sa.Time()",
    interval: "sa.Interval()",
    uuid: "sa.Uuid()",
    bytea: "sa.LargeBinary()",
  };
  if (simple[type]) return simple[type];
  imports.add("sqlalchemy.dialects", "postgresql");
  if (type === "jsonb") return "postgresql.JSONB()";
  if (type === "inet") return "postgresql.INET()";
  if (type === "tsvector") return "postgresql.TSVECTOR()";
  // A domain, created by its own step.
  const base = imports.domains.get(type);
  if (base !== undefined) return `postgresql.DOMAIN(${pyString(type)}, ${saType(base, imports)}, create_type=False)`;
  // Any other type is one of the project's enums, created by its own step.
  return `postgresql.ENUM(name=${pyString(type)}, create_type=False)`;
}

/** A type as an argument (`type_=…`): a domain's as a call, so a long one breaks as ruff breaks it. */
function typeArg(keyword: string, type: string, imports: RevisionImports): PyExpr {
  const base = imports.domains.get(type);
  if (base === undefined) return `${keyword}${saType(type, imports)}`;
  imports.add("sqlalchemy.dialects", "postgresql");
  return call(`${keyword}postgresql.DOMAIN`, [pyString(type), saType(base, imports), "create_type=False"]);
}

function column(c: DbColumn, imports: RevisionImports): PyExpr {
  const type = saType(c.type, imports);
  const args: PyExpr[] = [pyString(c.name), typeArg("", c.type, imports)];
  if (c.generated !== undefined) args.push(call("sa.Computed", [pyString(saText(c.generated)), "persisted=True"]));
  args.push(`nullable=${c.nullable ? "True" : "False"}`);
  if (c.default !== null) args.push(`server_default=sa.text(${pyString(saText(c.default))})`);
  // An enum or domain column says its Python type: postgresql.ENUM and DOMAIN alone leave it unknown to pyright.
  if (type.startsWith("postgresql.DOMAIN(")) imports.add("typing", "Any");
  return call(type.startsWith("postgresql.ENUM(") ? "sa.Column[str]" : type.startsWith("postgresql.DOMAIN(") ? "sa.Column[Any]" : "sa.Column", args);
}

const list = (items: readonly string[]): PyExpr => ({ open: "[", args: items.map(pyString), close: "]" });

function createTable(t: DbTable, imports: RevisionImports): PyExpr {
  return call("op.create_table", [
    pyString(t.name),
    ...t.columns.map((c) => column(c, imports)),
    call("sa.PrimaryKeyConstraint", [...t.primaryKey.columns.map(pyString), `name=${pyString(t.primaryKey.name)}`]),
    ...t.uniques.map((u) => call("sa.UniqueConstraint", [...u.columns.map(pyString), `name=${pyString(u.name)}`])),
    ...(t.checks ?? []).map((k) => call("sa.CheckConstraint", [pyString(saText(k.expression)), `name=${checkName(k.name)}`])),
  ]);
}

/**
 * A check's full name, exempt from the naming convention: Alembic applies the target
 * metadata's `ck_%(table_name)s_%(constraint_name)s` to a plain name, prefixing it twice.
 */
const checkName = (name: string) => `op.f(${pyString(name)})`;

const execute = (sql: string): PyExpr => call("op.execute", [pyString(saText(sql))]);

/** One operation as Alembic `op.*` calls (raw SQL only where Alembic has no operation). */
function opToPython(op: MigrationOp, imports: RevisionImports): PyExpr[] {
  switch (op.kind) {
    case "create_enum":
    case "drop_enum":
    case "rename_enum":
    case "rename_enum_value":
    case "recreate_enum":
    case "backfill":
    case "rename_index":
    case "add_enum_value":
    case "create_view":
    case "drop_view":
    case "create_domain":
    case "drop_domain":
    case "add_domain_check":
    case "drop_domain_check":
      return opToSql(op).map(execute);
    case "create_table":
      return [createTable(op.table, imports)];
    case "drop_table":
      return [call("op.drop_table", [pyString(op.table.name)])];
    case "rename_table":
      return [call("op.rename_table", [pyString(op.from), pyString(op.to)])];
    case "add_column":
      return [call("op.add_column", [pyString(op.table), column(op.column, imports)])];
    case "drop_column":
      return [call("op.drop_column", [pyString(op.table), pyString(op.column.name)])];
    case "rename_column":
      return [call("op.alter_column", [pyString(op.table), pyString(op.from), `new_column_name=${pyString(op.to)}`])];
    case "alter_type":
      return [
        call("op.alter_column", [
          pyString(op.table),
          pyString(op.column),
          typeArg("type_=", op.to, imports),
          typeArg("existing_type=", op.from, imports),
          `postgresql_using=${pyString(op.using)}`,
        ]),
      ];
    case "alter_nullable":
      return [
        call("op.alter_column", [pyString(op.table), pyString(op.column), typeArg("existing_type=", op.type, imports), `nullable=${op.nullable ? "True" : "False"}`]),
      ];
    case "alter_default":
      return [
        call("op.alter_column", [
          pyString(op.table),
          pyString(op.column),
          typeArg("existing_type=", op.type, imports),
          `server_default=${op.to === null ? "None" : `sa.text(${pyString(saText(op.to))})`}`,
        ]),
      ];
    case "create_index": {
      const i = op.index;
      const keys: PyExpr = i.expression !== undefined ? { open: "[", args: [call("sa.text", [pyString(saText(i.expression))])], close: "]" } : list(i.columns);
      return [
        call("op.create_index", [
          pyString(i.name),
          pyString(op.table),
          keys,
          `unique=${i.unique ? "True" : "False"}`,
          ...(i.using ? [`postgresql_using=${pyString(i.using)}`] : []),
          ...(i.where !== undefined ? [call("postgresql_where=sa.text", [pyString(saText(i.where))])] : []),
        ]),
      ];
    }
    case "drop_index":
      return [call("op.drop_index", [pyString(op.index.name), `table_name=${pyString(op.table)}`])];
    case "add_unique":
      return [call("op.create_unique_constraint", [pyString(op.name), pyString(op.table), list(op.columns)])];
    case "drop_unique":
      return [call("op.drop_constraint", [pyString(op.name), pyString(op.table), 'type_="unique"'])];
    case "add_check":
      return [call("op.create_check_constraint", [checkName(op.check.name), pyString(op.table), pyString(saText(op.check.expression))])];
    case "drop_check":
      return [call("op.drop_constraint", [checkName(op.check.name), pyString(op.table), 'type_="check"'])];
    case "add_foreign_key":
      return [
        call("op.create_foreign_key", [
          pyString(op.fk.name),
          pyString(op.table),
          pyString(op.fk.refTable),
          list(op.fk.columns),
          list(op.fk.refColumns),
          ...(op.fk.onDelete === "NO ACTION" ? [] : [`ondelete=${pyString(op.fk.onDelete)}`]),
        ]),
      ];
    case "drop_foreign_key":
      return [call("op.drop_constraint", [pyString(op.fk.name), pyString(op.table), 'type_="foreignkey"'])];
    case "rename_constraint":
    case "check_rows":
    case "fill_column":
    case "insert_row":
    case "set_triggers":
      return opToSql(op).map(execute);
    case "drop_primary_key":
      return [call("op.drop_constraint", [pyString(op.name), pyString(op.table), 'type_="primary"'])];
    case "add_primary_key":
      return [call("op.create_primary_key", [pyString(op.name), pyString(op.table), list(op.columns)])];
    default:
      return assertNever(op);
  }
}

/** The body of upgrade() or downgrade(): statements at one indent level. */
function renderBody(ops: readonly MigrationOp[], lossy: readonly string[], imports: RevisionImports): string {
  if (lossy.length) {
    return [
      "    # This direction cannot restore data:",
      ...lossy.map((l) => `    #   ${l}`),
      ...layout("raise RuntimeError(", pyString("migration cannot be reverted without data loss"), ")", 1),
    ].join("\n");
  }
  if (ops.length === 0) return "    pass";
  const lines: string[] = [];
  let inAutocommit = false;
  for (const op of ops) {
    const autocommit = op.kind === "add_enum_value";
    if (autocommit && !inAutocommit) lines.push("    # ALTER TYPE … ADD VALUE cannot run inside a transaction block.", "    with op.get_context().autocommit_block():");
    inAutocommit = autocommit;
    for (const stmt of opToPython(op, imports)) lines.push(...layout("", stmt, "", autocommit ? 2 : 1));
  }
  return lines.join("\n");
}

interface RevisionFile {
  readonly revision: string;
  readonly downRevision: string | null;
  readonly message: string;
  readonly up: readonly MigrationOp[];
  readonly down: readonly MigrationOp[];
  readonly downLossy: readonly string[];
  readonly review: readonly string[];
  /** The domains of the schemas before and after: their column types render as DOMAIN. */
  readonly domains?: ReadonlyMap<string, string> | undefined;
}

/** An Alembic revision module, formatted as ruff would write it. */
export function renderRevision(r: RevisionFile): string {
  const imports: RevisionImports = Object.assign(new Imports().add("__future__", "annotations").add("alembic", "op"), { domains: r.domains ?? new Map<string, string>() });
  const up = renderBody(r.up, [], imports);
  const down = renderBody(r.down, r.downLossy, imports);
  if (/\bsa\./.test(up + down)) imports.module("sqlalchemy as sa");
  const doc = r.message.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ").trim();
  return [
    "# Code generated by blueprint-gen. DO NOT EDIT.",
    `"""${doc || "Migration"}`,
    "",
    `Revision ID: ${r.revision}`,
    `Revises: ${r.downRevision ?? "(none)"}`,
    ...(r.review.length ? ["", "Review:", ...r.review.map((l) => `- ${l}`)] : []),
    '"""',
    "",
    imports.render(),
    "",
    `revision = ${pyString(r.revision)}`,
    `down_revision: str | None = ${r.downRevision === null ? "None" : pyString(r.downRevision)}`,
    "branch_labels: str | None = None",
    "depends_on: str | None = None",
    "",
    "",
    "def upgrade() -> None:",
    up,
    "",
    "",
    "def downgrade() -> None:",
    down,
    "",
  ].join("\n");
}
