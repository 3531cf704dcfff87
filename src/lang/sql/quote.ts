import { POSTGRES_RESERVED } from "./reserved.js";

/** Identifiers are quoted only when PostgreSQL needs it (our names are validated snake_case). */
export const q = (id: string) => (/^[a-z_][a-z0-9_]*$/.test(id) && !POSTGRES_RESERVED.has(id) ? id : `"${id.replace(/"/g, '""')}"`);

/** SQL literal for a string as PostgreSQL prints it back (standard_conforming_strings). */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
