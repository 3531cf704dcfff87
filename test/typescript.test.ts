import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { DbSchema } from "../src/db/types.js";
import { CASES, REPO } from "./helpers/project.js";
import { checkWireTable } from "./helpers/wire-check.js";

/**
 * The TypeScript target is checked like the Python one: tsc --strict over every generated
 * package, the drizzle entities against the schema projection, and the zod DTOs against the
 * Pydantic DTOs on one shared table of payloads.
 */
const roots = [
  { name: "example project", root: join(REPO, "generated") },
  ...readdirSync(CASES)
    .filter((d) => !d.startsWith("fail-") && existsSync(join(CASES, d, "expected", "typescript")))
    .map((d) => ({ name: `case ${d}`, root: join(CASES, d, "expected") })),
];

describe("generated TypeScript", () => {
  it("type-checks with tsc --strict (all packages)", () => {
    const config = join(REPO, "test", "typescript", ".tsconfig.generated.json");
    writeFileSync(
      config,
      JSON.stringify({ extends: "./tsconfig.json", include: roots.map((r) => join(r.root, "typescript", "**", "*.ts")) }, null, 2),
    );
    const r = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", config], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.each(roots)("$name: drizzle entities declare exactly the projected schema", async ({ root }) => {
    const db = JSON.parse(readFileSync(join(root, "schema", "database.json"), "utf8")) as DbSchema;
    const entities = (await import(pathToFileURL(join(root, "typescript", "entities", "index.ts")).href)) as Record<string, unknown>;
    const tables = Object.values(entities).filter((v): v is PgTable => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v);
    const seen = tables.map((t) => {
      const c = getTableConfig(t);
      return {
        name: c.name,
        columns: c.columns.map((col) => [col.name, col.getSQLType(), !col.notNull]).sort(),
        // A one-column key is declared on its column (drizzle-kit push reads it so), without a name.
        primaryKey: c.primaryKeys.length
          ? c.primaryKeys.map((p) => [p.getName(), p.columns.map((x) => x.name)])
          : [[null, c.columns.filter((x) => x.primary).map((x) => x.name)]],
        foreignKeys: c.foreignKeys
          .map((f) => {
            const ref = f.reference();
            return [f.getName(), ref.columns.map((x) => x.name), getTableConfig(ref.foreignTable).name, (f.onDelete ?? "no action").toUpperCase()];
          })
          .sort(),
        // Columns by name; an expression key is SQL (no name), compared by its presence.
        indexes: c.indexes
          .map((i) => {
            const named = i.config.columns.map((x) => (x as { name?: string }).name);
            return [i.config.name, named.filter((n) => n !== undefined), i.config.unique, named.includes(undefined), i.config.method ?? "btree", i.config.where !== undefined];
          })
          .sort(),
        // Listed in table column order for drizzle-kit push (drizzle-orm#2888): the same constraint.
        uniques: c.uniqueConstraints.map((u) => [u.getName(), u.columns.map((x) => x.name).sort()]).sort(),
        checks: c.checks.map((k) => [k.name, (k.value as unknown as { queryChunks: { value: string[] }[] }).queryChunks.flatMap((q) => q.value).join("")]).sort(),
      };
    });
    const want = db.tables.map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => [c.name, c.type.replace("character varying", "varchar").replace(/^character\((\d+)\)$/, "char($1)").replace("time without time zone", "time").replace(/^numeric\((\d+),(\d+)\)$/, "numeric($1, $2)"), c.nullable]).sort(),
      primaryKey: [[t.primaryKey.columns.length > 1 ? t.primaryKey.name : null, t.primaryKey.columns]],
      foreignKeys: t.foreignKeys.map((f) => [f.name, f.columns, f.refTable, f.onDelete]).sort(),
      indexes: t.indexes.map((i) => [i.name, i.columns, i.unique, i.expression !== undefined, i.using ?? "btree", i.where !== undefined]).sort(),
      uniques: t.uniques.map((u) => [u.name, [...u.columns].sort()]).sort(),
      checks: (t.checks ?? []).map((k) => [k.name, k.expression]).sort(),
    }));
    expect(seen.sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(want);
  });
});

const venvPython = join(REPO, ".venv", "bin", "python");

describe("zod and Pydantic DTOs hold to one wire table", () => {
  it.skipIf(!existsSync(venvPython) && process.env.CI !== "true").each(roots)("$name: every body of the table, both stacks, both Python paths", async ({ root }) => {
    await checkWireTable(root);
  });
});

describe("drizzle-kit cross-check", () => {
  it("drizzle-kit's SQL for the generated entities builds the same schema as our migrations (PGlite)", async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const { compareSchemas, introspect } = await import("../src/db/introspect.js");
    const dir = mkdtempSync(join(tmpdir(), "bpg-drizzle-"));
    writeFileSync(
      join(dir, "drizzle.config.json"),
      JSON.stringify({ dialect: "postgresql", schema: join(REPO, "generated", "typescript", "entities", "index.ts"), out: join(dir, "out") }),
    );
    const r = spawnSync(join(REPO, "node_modules", ".bin", "drizzle-kit"), ["generate", "--config", "drizzle.config.json"], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const drizzleSql = readdirSync(join(dir, "out"))
      .filter((f) => f.endsWith(".sql"))
      .map((f) => readFileSync(join(dir, "out", f), "utf8"))
      .join("\n");
    const theirs = new PGlite();
    const ours = new PGlite();
    try {
      await theirs.exec(drizzleSql);
      const history = readFileSync(join(REPO, "generated", "migrations", "history.sum"), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.split(" ")[0]!);
      for (const id of history) await ours.exec(readFileSync(join(REPO, "generated", "migrations", "sql", `${id}.up.sql`), "utf8"));
      const q = (db: InstanceType<typeof PGlite>) => async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows;
      const a = await introspect(q(theirs));
      const b = await introspect(q(ours));
      expect(a.tables.length).toBeGreaterThan(5);
      // drizzle-kit cannot name a one-column primary key the way push reads back (it becomes
      // `<table>_pkey`), and lists a unique constraint's columns in table order: exactly those
      // two differences, each in both directions, and nothing else.
      const db = JSON.parse(readFileSync(join(REPO, "generated", "schema", "database.json"), "utf8")) as DbSchema;
      const known = new Set<string>();
      for (const t of db.tables) {
        if (t.primaryKey.columns.length === 1) {
          known.add(`pk ${t.primaryKey.name}(${t.primaryKey.columns[0]}) is missing on ${t.name}`);
          known.add(`pk ${t.name}_pkey(${t.primaryKey.columns[0]}) on ${t.name} is not in the specs`);
        }
        for (const u of t.uniques.filter((u) => u.columns.length > 1)) {
          const order = t.columns.map((c) => c.name).filter((c) => u.columns.includes(c));
          if (order.join() === u.columns.join()) continue;
          known.add(`unique ${u.name}(${u.columns.join(", ")}) is missing on ${t.name}`);
          known.add(`unique ${u.name}(${order.join(", ")}) on ${t.name} is not in the specs`);
        }
      }
      const diffs = compareSchemas(b, a).map((d) => d.message);
      expect(diffs.filter((m) => !known.has(m))).toEqual([]);
      expect(new Set(diffs)).toEqual(known);
    } finally {
      await theirs.close();
      await ours.close();
    }
  });
});

describe("times on the wire, as the Pydantic DTOs print them", () => {
  it("a time and a timestamptz read through node-postgres map to PostgreSQL's text: no trailing zeros (test_generated_package.py pins the Python side)", async () => {
    const { withDatabase } = await import("./helpers/database.js");
    const runtime = (await import(pathToFileURL(join(REPO, "generated", "typescript", "dtos", "_runtime.ts")).href)) as { readTimestamp: (v: string) => string };
    const pg = (await import("pg")).default;
    await withDatabase(async (url) => {
      const c = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
      await c.connect();
      try {
        const r = (await c.query("SELECT '12:30:00.500000'::time AS t, '00:00:00.000100'::time AS u, '2026-01-02 03:04:05.120000+00'::timestamptz::text AS a, '2026-01-02 03:04:05+00'::timestamptz::text AS b")).rows[0] as Record<string, string>;
        expect([r.t, r.u, runtime.readTimestamp(r.a!), runtime.readTimestamp(r.b!)]).toEqual(["12:30:00.5", "00:00:00.0001", "2026-01-02T03:04:05.12+00:00", "2026-01-02T03:04:05+00:00"]);
      } finally {
        await c.end();
      }
    });
  });
});
