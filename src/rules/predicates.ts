import { snakeCase } from "../ir/naming.js";

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

/** Blueprint 2.1.8.2: the tenant column or an alias of it (`tenant`, `tenant_uuid`, `tenant_id_uuid`, `tenant_guid`…). */
export function isTenantAlias(tenantColumn: string, column: string): boolean {
  const stem = tenantColumn.replace(/_id$/, "");
  return column === tenantColumn || new RegExp(`^${stem}(_id)?(_(uuid|guid|ref|key|pk|fk|str|string|code|int|num))?$`).test(column);
}
