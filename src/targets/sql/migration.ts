import type { DbColumn, DbTable } from "../../db/types.js";
import { sqlString } from "../../lang/sql/quote.js";
import { q } from "../../lang/sql/quote.js";
import { assertNever, type MigrationOp } from "../../migrations/ops.js";

const cols = (names: readonly string[]) => names.map(q).join(", ");

function columnDef(c: DbColumn): string {
  const generated = c.generated !== undefined ? ` GENERATED ALWAYS AS (${c.generated}) STORED` : "";
  return `${q(c.name)} ${c.type}${generated}${c.nullable ? "" : " NOT NULL"}${c.default !== null ? ` DEFAULT ${c.default}` : ""}`;
}

function createTable(t: DbTable): string {
  const parts = [
    ...t.columns.map(columnDef),
    `CONSTRAINT ${q(t.primaryKey.name)} PRIMARY KEY (${cols(t.primaryKey.columns)})`,
    ...t.uniques.map((u) => `CONSTRAINT ${q(u.name)} UNIQUE (${cols(u.columns)})`),
    ...(t.checks ?? []).map((k) => `CONSTRAINT ${q(k.name)} CHECK (${k.expression})`),
  ];
  return `CREATE TABLE ${q(t.name)} (\n  ${parts.join(",\n  ")}\n);`;
}

/** True for steps PostgreSQL cannot run in a transaction together with later uses. */
function isNonTransactional(op: MigrationOp): boolean {
  return op.kind === "add_enum_value";
}

/** One operation as PostgreSQL statements (the same steps the Alembic revision runs). */
export function opToSql(op: MigrationOp): string[] {
  switch (op.kind) {
    case "create_enum":
      return [`CREATE TYPE ${q(op.enum.name)} AS ENUM (${op.enum.values.map(sqlString).join(", ")});`];
    case "drop_enum":
      return [`DROP TYPE ${q(op.enum.name)};`];
    case "rename_enum":
      return [`ALTER TYPE ${q(op.from)} RENAME TO ${q(op.to)};`];
    case "add_enum_value":
      return [`ALTER TYPE ${q(op.enum)} ADD VALUE ${sqlString(op.value)}${op.before !== undefined ? ` BEFORE ${sqlString(op.before)}` : ""};`];
    case "rename_enum_value":
      return [`ALTER TYPE ${q(op.enum)} RENAME VALUE ${sqlString(op.from)} TO ${sqlString(op.to)};`];
    case "recreate_enum": {
      const old = `${op.name}__old`;
      const out = [`ALTER TYPE ${q(op.name)} RENAME TO ${q(old)};`, `CREATE TYPE ${q(op.name)} AS ENUM (${op.to.map(sqlString).join(", ")});`];
      for (const c of op.columns) {
        const t = `ALTER TABLE ${q(c.table)} ALTER COLUMN ${q(c.column)}`;
        const cases = Object.entries(op.replace).map(([from, to]) => ` WHEN ${sqlString(from)} THEN ${sqlString(to)}`).join("");
        const value = cases ? `CASE ${q(c.column)}::text${cases} ELSE ${q(c.column)}::text END` : `${q(c.column)}::text`;
        if (c.default !== null) out.push(`${t} DROP DEFAULT;`);
        out.push(`${t} TYPE ${q(op.name)} USING (${value})::${q(op.name)};`);
        if (c.default !== null) out.push(`${t} SET DEFAULT ${c.default};`);
      }
      out.push(`DROP TYPE ${q(old)};`);
      return out;
    }
    case "create_domain":
      return [`CREATE DOMAIN ${q(op.domain.name)} AS ${op.domain.type}${op.domain.checks.map((k) => `\n  CONSTRAINT ${q(k.name)} CHECK (${k.expression})`).join("")};`];
    case "drop_domain":
      return [`DROP DOMAIN ${q(op.domain.name)};`];
    case "add_domain_check":
      return [`ALTER DOMAIN ${q(op.domain)} ADD CONSTRAINT ${q(op.check.name)} CHECK (${op.check.expression});`];
    case "drop_domain_check":
      return [`ALTER DOMAIN ${q(op.domain)} DROP CONSTRAINT ${q(op.check.name)};`];
    case "create_view":
      return [`CREATE VIEW ${q(op.view.name)} AS\n${op.view.sql.replace(/;\s*$/, "")};`];
    case "drop_view":
      return [`DROP VIEW ${q(op.view.name)};`];
    case "create_table":
      return [createTable(op.table)];
    case "drop_table":
      return [`DROP TABLE ${q(op.table.name)};`];
    case "rename_table":
      return [`ALTER TABLE ${q(op.from)} RENAME TO ${q(op.to)};`];
    case "add_column":
      return [`ALTER TABLE ${q(op.table)} ADD COLUMN ${columnDef(op.column)};`];
    case "drop_column":
      return [`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column.name)};`];
    case "rename_column":
      return [`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)};`];
    case "alter_type":
      return [`ALTER TABLE ${q(op.table)} ALTER COLUMN ${q(op.column)} TYPE ${op.to} USING ${op.using};`];
    case "backfill":
      return [`UPDATE ${q(op.table)} SET ${q(op.column)} = ${op.value} WHERE ${q(op.column)} IS NULL;`];
    case "alter_nullable":
      return [`ALTER TABLE ${q(op.table)} ALTER COLUMN ${q(op.column)} ${op.nullable ? "DROP" : "SET"} NOT NULL;`];
    case "alter_default":
      return [`ALTER TABLE ${q(op.table)} ALTER COLUMN ${q(op.column)} ${op.to === null ? "DROP DEFAULT" : `SET DEFAULT ${op.to}`};`];
    case "create_index": {
      const i = op.index;
      const keys = i.expression !== undefined ? `(${i.expression})` : cols(i.columns);
      return [`CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${q(i.name)} ON ${q(op.table)}${i.using ? ` USING ${i.using}` : ""} (${keys})${i.where !== undefined ? ` WHERE ${i.where}` : ""};`];
    }
    case "drop_index":
      return [`DROP INDEX ${q(op.index.name)};`];
    case "add_unique":
      return [`ALTER TABLE ${q(op.table)} ADD CONSTRAINT ${q(op.name)} UNIQUE (${cols(op.columns)});`];
    case "drop_unique":
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.name)};`];
    case "add_check":
      return [`ALTER TABLE ${q(op.table)} ADD CONSTRAINT ${q(op.check.name)} CHECK (${op.check.expression});`];
    case "drop_check":
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.check.name)};`];
    case "add_foreign_key":
      return [
        `ALTER TABLE ${q(op.table)} ADD CONSTRAINT ${q(op.fk.name)} FOREIGN KEY (${cols(op.fk.columns)}) REFERENCES ${q(op.fk.refTable)} (${cols(op.fk.refColumns)}) ON DELETE ${op.fk.onDelete};`,
      ];
    case "drop_foreign_key":
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.fk.name)};`];
    case "rename_constraint":
      return [`ALTER TABLE ${q(op.table)} RENAME CONSTRAINT ${q(op.from)} TO ${q(op.to)};`];
    case "rename_index":
      return [`ALTER INDEX ${q(op.from)} RENAME TO ${q(op.to)};`];
    case "drop_primary_key":
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.name)};`];
    case "add_primary_key":
      return [`ALTER TABLE ${q(op.table)} ADD CONSTRAINT ${q(op.name)} PRIMARY KEY (${cols(op.columns)});`];
    case "check_rows": {
      const from = `FROM ${q(op.table)} AS t WHERE ${op.condition}`;
      return [
        [
          "DO $$",
          "DECLARE n bigint; sample text;",
          "BEGIN",
          `  SELECT count(*) INTO n ${from};`,
          "  IF n > 0 THEN",
          `    SELECT string_agg(x, ', ') INTO sample FROM (SELECT (${op.show}) AS x ${from} ORDER BY 1 LIMIT 20) s;`,
          `    RAISE EXCEPTION USING MESSAGE = ${sqlString(`${op.message}: `)} || n || ' row(s), e.g. ' || sample, HINT = 'fix or delete these rows, then run the migration again; nothing was changed';`,
          "  END IF;",
          "END $$;",
        ].join("\n"),
      ];
    }
    case "fill_column":
      return [`UPDATE ${q(op.table)} AS t SET ${q(op.column)} = ${op.value};`];
    case "insert_row":
      return [`INSERT INTO ${q(op.table)} (${cols(op.values.map(([c]) => c))}) VALUES (${op.values.map(([, v]) => v).join(", ")});`];
    case "set_triggers":
      return [`ALTER TABLE ${q(op.table)} ${op.enabled ? "ENABLE" : "DISABLE"} TRIGGER USER;`];
    default:
      return assertNever(op);
  }
}

/** A whole SQL script: non-transactional steps first, the rest in one transaction. */
export function renderSqlScript(title: string, ops: readonly MigrationOp[], lossy: readonly string[]): string {
  const out = [`-- Code generated by blueprint-gen. DO NOT EDIT.`, `-- ${title}`];
  if (lossy.length) {
    out.push("-- This direction cannot restore data:", ...lossy.map((l) => `--   ${l}`), "DO $$ BEGIN RAISE EXCEPTION 'migration cannot be reverted without data loss'; END $$;");
    return `${out.join("\n")}\n`;
  }
  const outside = ops.filter(isNonTransactional);
  const inside = ops.filter((o) => !isNonTransactional(o));
  if (outside.length) out.push("", "-- Outside a transaction: ALTER TYPE … ADD VALUE", ...outside.flatMap(opToSql));
  out.push("", "BEGIN;", ...inside.flatMap(opToSql), "COMMIT;");
  return `${out.join("\n")}\n`;
}
