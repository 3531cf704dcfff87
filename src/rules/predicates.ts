import { MAX_IDENTIFIER_BYTES, SNAKE_CASE, byteLength, snakeCase } from "../ir/naming.js";
import { PYTHON_CLASS_ATTRIBUTES, PYTHON_KEYWORDS, PYTHON_RESERVED_CLASS_NAMES } from "../lang/python/reserved.js";
import { TYPESCRIPT_RESERVED } from "../lang/typescript/reserved.js";
import { POSTGRES_RESERVED } from "../lang/sql/reserved.js";

/**
 * Predicates the rules, the audit and the import share: one definition of what counts as an
 * identity or a tenant alias, so `gen audit` and spec validation can never disagree, and
 * `gen import` never writes a spec its own validator rejects.
 */

/** Blueprint 2.1.6: a second identity next to `id` (`pk`, `uuid`, `job_pk`, `job_id`, `job_guid`… on Job). */
export function isIdentityAlias(model: string, column: string): boolean {
  const self = snakeCase(model);
  return ["pk", "uuid", "guid", "oid", "id_uuid", "uuid_id", `${self}_pk`, `${self}_id`, `${self}_uuid`, `${self}_guid`, `${self}_key`].includes(column);
}

/** Blueprint 2.1.5.1: a class name the generated code already uses (`Field`, `Base`, `Date`…). */
export function isReservedClassName(name: string): boolean {
  return PYTHON_RESERVED_CLASS_NAMES.has(name) || PYTHON_KEYWORDS.has(name) || TYPESCRIPT_RESERVED.has(name);
}

/** Blueprint 2.1.8.2: the tenant column or an alias of it (`tenant`, `tenant_uuid`, `tenant_id_uuid`, `tenant_guid`…). */
export function isTenantAlias(tenantColumn: string, column: string): boolean {
  const stem = tenantColumn.replace(/_id$/, "");
  return column === tenantColumn || new RegExp(`^${stem}(_id)?(_(uuid|guid|ref|key|pk|fk|str|string|code|int|num))?$`).test(column);
}

/**
 * Blueprint 2.1.8: what is wrong with a column or relation name (snake_case, at most 63 bytes,
 * not a Python keyword or PostgreSQL reserved word, not an attribute SQLAlchemy or Pydantic
 * owns); undefined when nothing is.
 */
export function columnNameProblem(name: string): { message: string; hint: string } | undefined {
  if (!SNAKE_CASE.test(name)) {
    const suggestion = name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .toLowerCase();
    return {
      message: `\`${name}\` is not snake_case`,
      hint: SNAKE_CASE.test(suggestion) ? `rename it to \`${suggestion}\`` : "use lower-case ASCII letters, digits and single underscores, starting with a letter",
    };
  }
  if (byteLength(name) > MAX_IDENTIFIER_BYTES) {
    return { message: `\`${name}\` is ${byteLength(name)} bytes; PostgreSQL cuts names at ${MAX_IDENTIFIER_BYTES}`, hint: "shorten the name" };
  }
  if (PYTHON_KEYWORDS.has(name)) return { message: `\`${name}\` is a Python keyword`, hint: `choose another name (e.g. \`${name}_value\`)` };
  if (POSTGRES_RESERVED.has(name)) return { message: `\`${name}\` is a reserved word in PostgreSQL`, hint: `choose another name (e.g. \`${name}_value\`)` };
  const owner = PYTHON_CLASS_ATTRIBUTES.get(name);
  if (owner) return { message: `\`${name}\` would shadow ${owner}`, hint: "choose another name" };
  return undefined;
}

/**
 * A legacy column name as the rules accept it, and why it had to change: snake_case first, cut
 * to 63 bytes when long, then `_value` added to a reserved or taken word (`order` →
 * `order_value`). `taken` says which names the model already uses. The audit advises this name
 * and the import writes it.
 */
export function compliantColumnName(legacy: string, taken: (name: string) => boolean = () => false): { name: string; reason?: string } {
  const problem = columnNameProblem(legacy);
  if (!problem) return { name: legacy };
  const reason = SNAKE_CASE.test(legacy) ? problem.message.replace(`\`${legacy}\` `, "") : "snake_case";
  let name = SNAKE_CASE.test(legacy) ? legacy : snakeCase(legacy);
  if (byteLength(name) > MAX_IDENTIFIER_BYTES) name = name.slice(0, MAX_IDENTIFIER_BYTES).replace(/_+$/, "");
  if (!columnNameProblem(name) && !taken(name)) return { name, reason };
  for (let i = 0; ; i++) {
    const candidate = `${name.slice(0, MAX_IDENTIFIER_BYTES - 8)}_value${i ? i + 1 : ""}`;
    if (!columnNameProblem(candidate) && !taken(candidate)) return { name: candidate, reason };
  }
}
