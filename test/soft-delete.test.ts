import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbSchema } from "../src/db/types.js";
import { baselineSql } from "../src/targets/sql/baseline.js";
import { tmpdir } from "node:os";
import { CASES, REPO, runCli } from "./helpers/project.js";
import { withDatabase } from "./helpers/database.js";

/**
 * Soft delete through the TypeScript target, on PostgreSQL with drizzle-orm on node-postgres:
 * `live(t)` hides deleted rows, `softDeleted()` marks one, the partial unique index frees its
 * values and a hard delete still deletes (the Python side: test/python/test_soft_delete.py).
 */
const root = join(CASES, "soft-delete", "expected");

describe("soft delete read back by gen import --from-sqlalchemy", () => {
  it("a nullable deleted_at turns the blueprint's soft delete on; a live-rows unique is the default, another keeps all_rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bpg-soft-import-"));
    const r = await runCli(["import", "--from-sqlalchemy", join(REPO, "test", "legacy", "soft-delete")], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "blueprint.yaml"), "utf8")).toMatch(/^soft_delete: \{ column: deleted_at \}$/m);
    const member = readFileSync(join(dir, "specs", "member.yaml"), "utf8");
    expect(member).toContain("email: { type: string, max_length: 200, unique: true }");
    expect(member).toContain("unique:\n      - { columns: [ledger_ref], all_rows: true }");
    expect(member).not.toContain("deleted_at");
    expect(readdirSync(join(dir, "specs")).sort()).toEqual(["member.yaml", "tenant.yaml"]);
    expect((await runCli(["models"], dir)).code).toBe(0);
    const m = await runCli(["migration", "-m", "Adopt legacy schema"], dir);
    expect(m.code, m.stderr).toBe(0);
    const verified = await runCli(["migrate", "verify"], dir);
    expect(verified.code, verified.stderr).toBe(0);
  });
});

describe("soft delete with drizzle-orm", () => {
  it("live() hides a row softDeleted() marked; its unique email is free again; db.delete still deletes", async () => {
    await withDatabase(async (url) => {
      const pool = new pg.Pool({ connectionString: url });
      pool.on("error", () => {});
      try {
        const schema = JSON.parse(
          readFileSync(join(root, "schema", "database.json"), "utf8"),
        ) as DbSchema;
        await pool.query(baselineSql(schema));
        const entities = (await import(
          pathToFileURL(join(root, "typescript", "entities", "index.ts")).href
        )) as Record<string, never>;
        const { drizzle } = await import("drizzle-orm/node-postgres");
        const { and, eq } = await import("drizzle-orm");
        type Table = PgTable & Record<"id" | "email", PgColumn>;
        const { live, softDeleted, members, tenants } = entities as unknown as {
          live: (t: Table) => SQL;
          softDeleted: () => Record<string, string>;
          members: Table;
          tenants: Table;
        };
        const db = drizzle({ client: pool, schema: entities });
        const [tenant] = (await db
          .insert(tenants)
          .values({ name: "t" })
          .returning()) as { id: string }[];
        const member = (email: string, ledgerRef: string) => ({
          tenantId: tenant!.id,
          email,
          handle: email.split("@")[0]!,
          badge: "b",
          ledgerRef,
        });
        const [first] = (await db
          .insert(members)
          .values(member("a@x.io", "L1"))
          .returning()) as { id: string }[];
        await db
          .update(members)
          .set(softDeleted())
          .where(eq(members.id, first!.id));

        expect(await db.select().from(members).where(live(members))).toEqual(
          [],
        );
        const all = (await db.select().from(members)) as {
          id: string;
          deletedAt: string | null;
        }[];
        expect(all.map((m) => m.id)).toEqual([first!.id]);
        expect(all[0]!.deletedAt).not.toBeNull();

        // The partial unique index covers live rows only: the email is free again, twice it is not.
        await db.insert(members).values(member("a@x.io", "L2"));
        await expect(
          db
            .insert(members)
            .values({ ...member("a@x.io", "L3"), handle: "other" }),
        ).rejects.toMatchObject({ cause: { constraint: "uq_members_email" } });
        expect(
          (
            await db
              .select()
              .from(members)
              .where(and(live(members), eq(members.email, "a@x.io")))
          ).length,
        ).toBe(1);

        await db.delete(members).where(eq(members.id, first!.id));
        expect((await db.select().from(members)).length).toBe(1);
      } finally {
        await pool.end();
      }
    });
  });
});
