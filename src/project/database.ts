import type { Query } from "../db/introspect.js";
import { loadModule } from "./load-module.js";

/** A database to apply SQL to and read the catalog from: PGlite in memory, or PostgreSQL. */
export interface Database {
  exec(sql: string): Promise<void>;
  query: Query;
  close(): Promise<void>;
}

/** PGlite when no URL is given, else node-postgres. */
export async function openDatabase(url: string | undefined): Promise<Database> {
  if (url === undefined) {
    const { PGlite } = await loadModule<typeof import("@electric-sql/pglite")>("@electric-sql/pglite");
    const db = new PGlite();
    return {
      exec: async (sql) => {
        await db.exec(sql);
      },
      query: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
      close: () => db.close(),
    };
  }
  const { default: pg } = await loadModule<typeof import("pg")>("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}
