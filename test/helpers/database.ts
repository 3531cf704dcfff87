import pg from "pg";
import { expect, inject } from "vitest";

/**
 * A fresh PostgreSQL database for one test, dropped afterwards; `fn` gets its URL. Without a
 * server the test passes only outside CI (CI=true requires PostgreSQL).
 */
export async function withDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const url = inject("databaseUrl");
  if (!url) {
    expect(process.env.CI === "true", `CI=true requires PostgreSQL: ${inject("databaseProblem")}`).toBe(false);
    return;
  }
  const name = `bpg_t_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    await fn(url.replace(/\/[^/]*$/, `/${name}`));
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** `withDatabase` with a connected client, ended afterwards. */
export async function withClient(fn: (client: pg.Client, url: string) => Promise<void>): Promise<void> {
  await withDatabase(async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await fn(client, url);
    } finally {
      await client.end();
    }
  });
}
