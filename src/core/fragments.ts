import type { DbSchema } from "../db/types.js";
import { checkExpression, type Query } from "../db/introspect.js";
import { q, sqlString } from "../lang/sql/quote.js";
import { baselineSql } from "../targets/sql/baseline.js";

/** A SQL fragment of the specs that PostgreSQL refused. */
export interface FragmentProblem {
  readonly table: string;
  readonly check: string;
  readonly message: string;
}

/**
 * Every SQL fragment of the schema tried on a database, inside a transaction that is rolled
 * back: the tables are built without their checks, then each check is added alone. Gives the
 * problems (PostgreSQL's own message) and the schema with each check as PostgreSQL prints it,
 * which is what an introspection of the migrated database is compared with.
 */
export async function tryFragments(
  db: { exec(sql: string): Promise<void>; query: Query },
  schema: DbSchema,
): Promise<{ problems: FragmentProblem[]; canonical: DbSchema }> {
  const problems: FragmentProblem[] = [];
  const printed = new Map<string, string>();
  const withChecks = schema.tables.filter((t) => t.checks?.length);
  if (withChecks.length === 0) return { problems, canonical: schema };
  await db.exec("BEGIN");
  try {
    await db.exec(baselineSql({ ...schema, tables: schema.tables.map((t) => ({ ...t, checks: undefined })) }));
    for (const t of withChecks) {
      for (const k of t.checks!) {
        await db.exec("SAVEPOINT bpg_fragment");
        try {
          await db.exec(`ALTER TABLE ${q(t.name)} ADD CONSTRAINT ${q(k.name)} CHECK (${k.expression}) NOT VALID`);
          const rows = await db.query(
            `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = ${sqlString(k.name)} AND conrelid = ${sqlString(q(t.name))}::regclass`,
          );
          printed.set(`${t.name}\u0000${k.name}`, checkExpression(String(rows[0]?.def)));
        } catch (err) {
          problems.push({ table: t.name, check: k.name, message: (err as Error).message });
        }
        await db.exec("ROLLBACK TO SAVEPOINT bpg_fragment");
      }
    }
  } finally {
    await db.exec("ROLLBACK");
  }
  const canonical: DbSchema = {
    ...schema,
    tables: schema.tables.map((t) =>
      t.checks?.length ? { ...t, checks: t.checks.map((k) => ({ ...k, expression: printed.get(`${t.name}\u0000${k.name}`) ?? k.expression })) } : t,
    ),
  };
  return { problems, canonical };
}
