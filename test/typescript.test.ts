import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { DbSchema } from "../src/schema/types.js";
import { CASES, REPO } from "./helpers/project.js";

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
        primaryKey: c.primaryKeys.map((p) => [p.getName(), p.columns.map((x) => x.name)]),
        foreignKeys: c.foreignKeys
          .map((f) => {
            const ref = f.reference();
            return [f.getName(), ref.columns.map((x) => x.name), getTableConfig(ref.foreignTable).name, (f.onDelete ?? "no action").toUpperCase()];
          })
          .sort(),
        indexes: c.indexes.map((i) => [i.config.name, i.config.columns.map((x) => (x as { name: string }).name), i.config.unique]).sort(),
        uniques: c.uniqueConstraints.map((u) => [u.getName(), u.columns.map((x) => x.name)]).sort(),
      };
    });
    const want = db.tables.map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => [c.name, c.type.replace("character varying", "varchar").replace(/^numeric\((\d+),(\d+)\)$/, "numeric($1, $2)"), c.nullable]).sort(),
      primaryKey: [[t.primaryKey.name, t.primaryKey.columns]],
      foreignKeys: t.foreignKeys.map((f) => [f.name, f.columns, f.refTable, f.onDelete]).sort(),
      indexes: t.indexes.map((i) => [i.name, i.columns, i.unique]).sort(),
      uniques: t.uniques.map((u) => [u.name, u.columns]).sort(),
    }));
    expect(seen.sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(want);
  });
});

/** One Create payload per model that both DTO stacks must accept, then variants both must reject. */
function payloads(db: DbSchema, models: { name: string; table: string; writable: string[] }[]) {
  const out: { dto: string; payload: Record<string, unknown>; note: string }[] = [];
  for (const m of models) {
    const table = db.tables.find((t) => t.name === m.table)!;
    const cols = table.columns.filter((c) => m.writable.includes(c.name));
    const enumOf = (type: string) => db.enums.find((e) => e.name === type);
    const valid: Record<string, unknown> = {};
    const bad: [string, unknown, string][] = [];
    const good: [string, unknown, string][] = [];
    for (const c of cols) {
      const len = /^character varying\((\d+)\)$/.exec(c.type);
      const num = /^numeric\((\d+),(\d+)\)$/.exec(c.type);
      const e = enumOf(c.type);
      if (len) {
        const n = Number(len[1]);
        valid[c.name] = "ab".slice(0, n);
        bad.push([c.name, "x".repeat(n + 1), "too long"]);
        good.push([c.name, "😀".repeat(n), "astral characters count once"]);
      } else if (num) {
        const [p, s] = [Number(num[1]), Number(num[2])];
        valid[c.name] = s > 0 ? "1.5" : "1";
        good.push([c.name, 2.5, "a JSON number"], [c.name, `${"9".repeat(p - s)}${s ? `.${"0".repeat(s + 2)}` : ""}`, "trailing zeros"]);
        bad.push([c.name, `0.${"1".repeat(s + 1)}`, "too many decimals"], [c.name, "1".repeat(p - s + 1), "too many digits"], [c.name, "abc", "not a number"]);
      } else if (e) {
        valid[c.name] = e.values[0];
        bad.push([c.name, "not-a-member", "enum value"]);
      } else if (c.type === "integer") {
        valid[c.name] = 7;
        bad.push([c.name, 2 ** 31, "out of range"], [c.name, "7", "a string"], [c.name, 7.5, "a fraction"]);
      } else if (c.type === "bigint") {
        valid[c.name] = 2 ** 40;
        bad.push([c.name, 2 ** 64, "out of range"]);
      } else if (c.type === "double precision") {
        valid[c.name] = 1.5;
        bad.push([c.name, "1.5", "a string"]);
      } else if (c.type === "boolean") {
        valid[c.name] = true;
        bad.push([c.name, "true", "a string"]);
      } else if (c.type === "date") {
        valid[c.name] = "2026-01-02";
        bad.push([c.name, "2026-13-01", "no such month"], [c.name, "01/02/2026", "not ISO"]);
      } else if (c.type === "timestamp with time zone") {
        valid[c.name] = "2026-01-02T03:04:05Z";
        good.push([c.name, "2026-01-02T03:04:05.123+02:00", "an offset"]);
        bad.push([c.name, "2026-01-02T03:04:05", "naive (Blueprint 2.1.8.6)"]);
      } else if (c.type === "uuid") {
        valid[c.name] = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
        bad.push([c.name, "not-a-uuid", "not a uuid"]);
      } else if (c.type === "jsonb") {
        valid[c.name] = { a: [1, "two", null] };
      } else if (c.type === "text" || c.type === "bytea") {
        valid[c.name] = "text";
        bad.push([c.name, 5, "a number"]);
      }
      if (!c.nullable) bad.push([c.name, null, "null"]);
    }
    const dto = `${m.name}Create`;
    out.push({ dto, payload: valid, note: "valid" });
    out.push({ dto, payload: { ...valid, unexpected: 1 }, note: "unknown key" });
    for (const c of cols) {
      if (!c.nullable && c.default === null) {
        const { [c.name]: _, ...rest } = valid;
        out.push({ dto, payload: rest, note: `${c.name} missing` });
      }
    }
    for (const [k, v, note] of good) out.push({ dto, payload: { ...valid, [k]: v }, note: `${k}: ${note}` });
    for (const [k, v, note] of bad) out.push({ dto, payload: { ...valid, [k]: v }, note: `${k}: ${note}` });
    out.push({ dto: `${m.name}Update`, payload: {}, note: "empty update" });
    for (const [k, v, note] of bad.filter(([, v]) => v !== null)) out.push({ dto: `${m.name}Update`, payload: { [k]: v }, note: `update ${k}: ${note}` });
  }
  return out;
}

const venvPython = join(REPO, ".venv", "bin", "python");

describe("zod and Pydantic DTOs agree", () => {
  it.skipIf(!existsSync(venvPython) && process.env.CI !== "true")("on every payload of the shared table (example project)", async () => {
    const db = JSON.parse(readFileSync(join(REPO, "generated", "schema", "database.json"), "utf8")) as DbSchema;
    const dtos = (await import(pathToFileURL(join(REPO, "generated", "typescript", "index.ts")).href)) as Record<string, z.ZodType>;
    const models = Object.keys(dtos)
      .filter((k) => k.endsWith("CreateSchema"))
      .map((k) => {
        const name = k.replace(/CreateSchema$/, "");
        const shape = (dtos[k] as unknown as { shape: Record<string, unknown> }).shape;
        const table = db.tables.find((t) => t.columns.length && Object.keys(shape).every((f) => t.columns.some((c) => c.name === f)) && t.name.replace(/_/g, "").startsWith(name.toLowerCase().slice(0, 4)));
        return { name, table: table?.name ?? "", writable: Object.keys(shape) };
      });
    expect(models.every((m) => m.table !== "")).toBe(true);
    const cases = payloads(db, models);
    expect(cases.length).toBeGreaterThan(100);
    const zodResults = cases.map((c) => dtos[`${c.dto}Schema`]!.safeParse(c.payload).success);
    const dir = mkdtempSync(join(tmpdir(), "bpg-dto-"));
    writeFileSync(join(dir, "payloads.json"), JSON.stringify(cases));
    const r = spawnSync(venvPython, [join(REPO, "test", "python", "dto_agreement.py"), join(dir, "payloads.json"), join(dir, "results.json")], {
      encoding: "utf8",
      env: { ...process.env, BPG_PACKAGE_ROOT: join(REPO, "generated", "python"), BPG_PACKAGE: "jobsvc" },
    });
    expect(r.status, r.stderr).toBe(0);
    const pyResults = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as boolean[];
    const disagreements = cases
      .map((c, i) => ({ dto: c.dto, note: c.note, zod: zodResults[i], pydantic: pyResults[i] }))
      .filter((d) => d.zod !== d.pydantic);
    expect(disagreements).toEqual([]);
    // The table is not trivially all-accept or all-reject.
    expect(zodResults.filter(Boolean).length).toBeGreaterThan(20);
    expect(zodResults.filter((x) => !x).length).toBeGreaterThan(50);
  });
});

describe("drizzle-kit cross-check", () => {
  it("drizzle-kit's SQL for the generated entities builds the same schema as our migrations (PGlite)", async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const { compareSchemas, introspect } = await import("../src/migrations/introspect.js");
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
      expect(compareSchemas(b, a)).toEqual([]);
    } finally {
      await theirs.close();
      await ours.close();
    }
  });
});
