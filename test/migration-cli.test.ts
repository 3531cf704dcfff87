import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { diffSchemas, isWidening } from "../src/migrations/diff.js";
import { copyProject, REPO, runCli } from "./helpers/project.js";

const MIGRATIONS = "generated/migrations";

function editSpec(dir: string, from: string, to: string): void {
  const path = join(dir, "specs", "workers.yaml");
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe("gen migration and the history", () => {
  it("writes nothing when there are no changes", async () => {
    const dir = copyProject(REPO);
    const r = await runCli(["migration", "-m", "noop"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("No changes");
    expect(readdirSync(join(dir, MIGRATIONS, "versions"))).toEqual(["0001_initial_schema.py"]);
  });

  it("gen models reports pending schema changes; gen migration writes the next revision", async () => {
    const dir = copyProject(REPO);
    editSpec(dir, "      is_enabled: { type: boolean, default: true }", "      is_enabled: { type: boolean, default: true }\n      region: { type: string, max_length: 32, nullable: true }");
    const models = await runCli(["models"], dir);
    expect(models.stderr).toContain("1 pending schema change(s)");
    const r = await runCli(["migration", "-m", "Add worker region"], dir);
    expect(r.code, r.stderr).toBe(0);
    const py = readFileSync(join(dir, MIGRATIONS, "versions/0002_add_worker_region.py"), "utf8");
    expect(py).toContain('down_revision: str | None = "0001"');
    expect(py).toContain('op.add_column("workers", sa.Column("region", sa.String(length=32), nullable=True))');
    expect(py).toContain('op.drop_column("workers", "region")');
    expect(readFileSync(join(dir, MIGRATIONS, "sql/0002_add_worker_region.up.sql"), "utf8")).toContain(
      "ALTER TABLE workers ADD COLUMN region character varying(32);",
    );
    expect((await runCli(["models", "--check"], dir)).stderr).not.toContain("pending");
  });

  it("detects a migration edited after it was written, in gen models --check and gen migration", async () => {
    const dir = copyProject(REPO);
    const file = join(dir, MIGRATIONS, "sql/0001_initial_schema.up.sql");
    writeFileSync(file, readFileSync(file, "utf8").replace("character varying(120)", "character varying(121)"));
    const check = await runCli(["models", "--check"], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("migration 0001_initial_schema was changed after it was written");
    const mig = await runCli(["migration", "-m", "x"], dir);
    expect(mig.code).toBe(1);
    expect(mig.stderr).toContain("no migration written");
  });

  it("reports a second head after a merge, with the fix", async () => {
    const dir = copyProject(REPO);
    copyFileSync(join(dir, MIGRATIONS, "versions/0001_initial_schema.py"), join(dir, MIGRATIONS, "versions/0002_from_other_branch.py"));
    const check = await runCli(["models", "--check"], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/0002_from_other_branch\.py is not in history\.sum: a second head.*\n\s+hint: remove it and run `gen migration` again/);
  });

  it("refuses destructive steps with an explanation unless --allow-destructive", async () => {
    const dir = copyProject(REPO);
    editSpec(dir, "      capacity: { type: integer, default: 4 }\n", "");
    const refused = await runCli(["migration", "-m", "drop capacity"], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("destructive drops column workers.capacity and its values");
    expect(readdirSync(join(dir, MIGRATIONS, "versions"))).toHaveLength(1);
    const allowed = await runCli(["migration", "-m", "drop capacity", "--allow-destructive"], dir);
    expect(allowed.code, allowed.stderr).toBe(0);
    const py = readFileSync(join(dir, MIGRATIONS, "versions/0002_drop_capacity.py"), "utf8");
    expect(py).toContain("DESTRUCTIVE: drops column workers.capacity");
    expect(py).toContain('raise RuntimeError("migration cannot be reverted without data loss")');
  });
});

describe("gen migrate verify", () => {
  it("applies the history on PGlite and finds no drift for the example project", async () => {
    const r = await runCli(["migrate", "verify"], REPO);
    expect(r.stderr).toContain("the schema matches the specs");
    expect(r.code).toBe(0);
  });

  it("reports drift located at the spec when a change has no migration", async () => {
    const dir = copyProject(REPO);
    editSpec(dir, "capacity: { type: integer, default: 4 }", "capacity: { type: bigint, default: 4 }");
    const r = await runCli(["migrate", "verify"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^specs\/workers\.yaml:13:7: error \[2\.1\.0\.5\] Worker\.fields\.capacity: column workers\.capacity is integer, the specs say bigint/m);
  });

  it("verifies against a real PostgreSQL with --database-url", async (ctx) => {
    const url = inject("databaseUrl");
    if (!url) {
      expect(process.env.CI, "CI=true requires PostgreSQL").not.toBe("true");
      ctx.skip();
    }
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `verify_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const target = url.replace(/\/[^/]*$/, `/${name}`);
      const r = await runCli(["migrate", "verify", "--database-url", target], REPO);
      expect(r.stderr).toContain("applied on the database; the schema matches");
      expect(r.code).toBe(0);
      // A migrated database with rows: read and compared, never changed.
      const db = new pg.Client({ connectionString: target });
      await db.connect();
      try {
        await db.query("INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'kept', 'kept')");
        const again = await runCli(["migrate", "verify", "--database-url", target], REPO);
        expect(again.stderr).toContain("the database matches the specs; it was read, not changed");
        expect(again.code).toBe(0);
        expect((await db.query("SELECT name FROM tenants")).rows).toEqual([{ name: "kept" }]);
        // Drift by hand is found, located at the spec; an Alembic-migrated one must be at the head.
        await db.query("ALTER TABLE workers DROP COLUMN capacity");
        const drifted = await runCli(["migrate", "verify", "--database-url", target], REPO);
        expect(drifted.code).toBe(1);
        expect(drifted.stderr).toMatch(/specs\/workers\.yaml:\d+:\d+: error \[2\.1\.0\.5\] Worker\.fields\.capacity: column workers\.capacity is missing/);
        await db.query("CREATE TABLE alembic_version (version_num varchar(32) NOT NULL); INSERT INTO alembic_version VALUES ('0000')");
        const behind = await runCli(["migrate", "verify", "--database-url", target], REPO);
        expect(behind.code).toBe(1);
        expect(behind.stderr).toMatch(/the database is at revision 0000, the history's head is \d{4}/);
      } finally {
        await db.end();
      }
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe(diffSchemas.name, () => {
  it.each([
    ["character varying(10)", "character varying(20)", true],
    ["character varying(20)", "character varying(10)", false],
    ["character varying(20)", "text", true],
    ["text", "character varying(20)", false],
    ["integer", "bigint", true],
    ["bigint", "integer", false],
    ["numeric(10,2)", "numeric(12,2)", true],
    ["numeric(10,2)", "numeric(10,3)", false],
    ["integer", "text", false],
  ] as const)("%s → %s widening: %s", (from, to, want) => {
    expect(isWidening(from, to)).toBe(want);
  });
});
