import { createHash } from "node:crypto";
import pluralize from "pluralize";

/** PostgreSQL's identifier limit: NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

export const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
export const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** `BatchJob` → `batch_job`, `HTTPLog` → `http_log`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** A many_to_many association table's column for one side: `<model>_id` (`Tag` → `tag_id`). */
export function associationColumn(modelName: string): string {
  return `${snakeCase(modelName)}_id`;
}

/** Blueprint 2.1.5: the table is the plural snake_case of the model name (`BatchJob` → `batch_jobs`). */
export function tableName(modelName: string): string {
  const words = snakeCase(modelName).split("_");
  const last = words.pop() ?? "";
  return [...words, pluralize.plural(last)].join("_");
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * Constraint and index names longer than the limit are cut the way SQLAlchemy cuts names
 * produced by a naming convention (`name[:55] + "_" + md5(name)[-4:]`), so the names we put
 * in migrations are the names SQLAlchemy and Alembic see.
 */
function truncateIdentifier(name: string, max = MAX_IDENTIFIER_BYTES): string {
  if (name.length <= max) return name;
  const digest = createHash("md5").update(name, "utf8").digest("hex");
  return `${name.slice(0, max - 8)}_${digest.slice(-4)}`;
}

/** Mirrors the naming convention rendered into base.py (`Base.metadata`). */
export const NAMING_CONVENTION = {
  ix: "ix_%(table_name)s_%(column_0_N_name)s",
  uq: "uq_%(table_name)s_%(column_0_N_name)s",
  ck: "ck_%(table_name)s_%(constraint_name)s",
  fk: "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
  pk: "pk_%(table_name)s",
} as const;

export const constraintNames = {
  pk: (table: string) => truncateIdentifier(`pk_${table}`),
  fk: (table: string, columns: readonly string[], referred: string) =>
    truncateIdentifier(`fk_${table}_${columns.join("_")}_${referred}`),
  ix: (table: string, columns: readonly string[]) => truncateIdentifier(`ix_${table}_${columns.join("_")}`),
  uq: (table: string, columns: readonly string[]) => truncateIdentifier(`uq_${table}_${columns.join("_")}`),
  ck: (table: string, key: string) => truncateIdentifier(`ck_${table}_${key}`),
};

/** PostgreSQL enum type name: `JobStatus` → `job_status`. */
export function enumTypeName(enumName: string): string {
  return snakeCase(enumName);
}

/** Python class for an enum: `JobStatus` → `JobStatusEnum` (DESIGN: outputs). */
export function enumClassName(enumName: string): string {
  return enumName.endsWith("Enum") ? enumName : `${enumName}Enum`;
}

/** Python member for an enum value: `pending` → `PENDING`, `on-hold` → `ON_HOLD`, `2fa` → `V_2FA`. */
export function enumMemberName(value: string): string | undefined {
  const upper = value
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  if (upper === "") return undefined;
  return /^[0-9]/.test(upper) ? `V_${upper}` : upper;
}
