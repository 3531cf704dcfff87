import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { compareSchemas } from "../src/db/introspect.js";
import { REPO, runCli } from "./helpers/project.js";
import { driver, PYTHON } from "./helpers/alembic.js";
import { judgeGenerated, runVenv } from "./helpers/judges.js";

/**
 * Real legacy model code this project did not write (test/corpora/legacy): CTFd's Flask-SQLAlchemy
 * models (automatic table names, joined and single-table inheritance, column_property, mutual
 * references). The database CTFd itself creates (Flask-SQLAlchemy's create_all) holds rows; the
 * import reads the same schema from the code as from that database, and the first migration
 * converts it with every row, reference and timestamp kept.
 */
const CTFD = join(REPO, "test", "corpora", "legacy", "ctfd", "__init__.py");
const SHIM = join(REPO, "test", "python", "ctfd_shim", "create_schema.py");
const url = inject("databaseUrl");
const ci = process.env.CI === "true";
const ready = existsSync(PYTHON) && !!url;

type Row = Record<string, unknown>;
type Dump = Record<string, Row[]>;


const baseline = (project: string) => JSON.parse(readFileSync(join(project, "generated/migrations/baseline.json"), "utf8")) as { enums: never[]; tables: never[] };

describe("CTFd's models (Flask-SQLAlchemy)", () => {
  mkdirSync(join(REPO, "test", ".fuzz"), { recursive: true });
  const project = mkdtempSync(join(REPO, "test", ".fuzz", "ctfd-"));
  const fromDb = mkdtempSync(join(tmpdir(), "bpg-ctfd-db-"));
  const db = `ctfd_${process.pid}`;
  const dbUrl = url ? url.replace(/\/[^/]*$/, `/${db}`) : "";
  let converted = false;
  afterAll(async () => {
    rmSync(project, { recursive: true, force: true });
    rmSync(fromDb, { recursive: true, force: true });
    if (!url) return;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  });

  it("has PostgreSQL and the Python venv", () => {
    if (ci) expect(ready, `CI=true requires PostgreSQL and .venv (${inject("databaseProblem")})`).toBe(true);
  });

  it("the audit covers every mapped class: each table's model, with its single-table subclasses", async () => {
    const r = await runCli(["audit", "--from-sqlalchemy", join(REPO, "test", "corpora", "legacy", "ctfd")], REPO);
    expect(r.stderr).not.toMatch(/internal error/);
    const source = readFileSync(CTFD, "utf8");
    const classes = [...source.matchAll(/^class (\w+)\((?:db\.Model|[A-Z]\w+)\):/gm)].map((m) => m[1]!);
    const audited = new Set([...r.stdout.matchAll(/^#### \d+\. MODEL: `(\w+)/gm)].map((m) => m[1]!));
    const subclasses = new Set([...r.stdout.matchAll(/Single-table subclasses \(rows of `\w+`\): ([^\n]*)/g)].flatMap((m) => [...m[1]!.matchAll(/`(\w+)`/g)].map((x) => x[1]!)));
    expect(classes.length).toBeGreaterThan(40);
    expect(classes.filter((c) => !audited.has(c) && !subclasses.has(c))).toEqual([]);
    expect(r.stdout).toContain("Single-table subclasses (rows of `files`): `ChallengeFiles` (challenge_id), `PageFiles` (page_id), `SolutionFiles` (solution_id).");
  });

  it.skipIf(!ready)("imports from the code the schema Flask-SQLAlchemy creates, and converts it with every row, reference and timestamp kept", async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
    const created = runVenv("python", [SHIM, CTFD, dbUrl.replace("postgresql://", "postgresql+psycopg://")], REPO);
    expect(created.code, created.output).toBe(0);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      await client.query(readFileSync(join(REPO, "test", "legacy", "ctfd", "rows.sql"), "utf8"));
      const imported = await runCli(["import", "--from-sqlalchemy", join(REPO, "test", "corpora", "legacy", "ctfd")], project);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toContain("ChallengeFiles is a single-table subclass of Files: its rows are rows of files, its columns challenge_id are columns of files");
      // The code says what the database holds: the same tables, columns, keys and constraints.
      const live = await runCli(["import", "--from-database", dbUrl], fromDb);
      expect(live.code, live.stderr).toBe(0);
      expect(compareSchemas(baseline(project), baseline(fromDb))).toEqual([]);

      const solves = readFileSync(join(project, "specs", "solves.yaml"), "utf8");
      expect(solves).toContain("# id referenced submissions.id (joined-table inheritance or a one-to-one)");
      expect(solves).toContain("submissions: { kind: belongs_to, model: Submissions, on_delete: cascade, back_populates: solves }");
      expect(readFileSync(join(project, "specs", "submissions.yaml"), "utf8")).toContain("solves: { kind: has_one, model: Solves, back_populates: submissions }");
      expect((await runCli(["models"], project)).code).toBe(0);
      const m = await runCli(["migration", "-m", "Adopt legacy schema"], project);
      expect(m.code, m.stderr).toBe(0);

      const [before, up, after, check] = driver(project, dbUrl, [{ do: "dump" }, { do: "upgrade" }, { do: "dump" }, { do: "check" }], { PGTZ: "Europe/Paris" }) as [Dump, string, Dump, string];
      expect([up, check]).toEqual(["ok", "ok"]);
      const count = (d: Dump) => Object.fromEntries(Object.entries(d).filter(([t]) => t !== "alembic_version" && t !== "tenants").map(([t, rows]) => [t, rows.length]));
      // Every row, in the tables Blueprint 2.1.5 names (plural snake_case).
      const renamed: Record<string, string> = { config: "configs", module_audience_access: "module_audience_accesses", tracking: "trackings" };
      expect(count(after)).toEqual(Object.fromEntries(Object.entries(count(before)).map(([t, n]) => [renamed[t] ?? t, n])));
      const legacy = (rows: Row[] | undefined, id: unknown) => rows!.find((r) => r.legacy_id === id)!;
      const byId = (rows: Row[] | undefined, id: unknown) => rows!.find((r) => r.id === id);
      // References, followed by the legacy ids on both sides.
      const alice = legacy(after.users, 1);
      expect(byId(after.teams, alice.team_id)!.legacy_id).toBe(1);
      expect(byId(after.users, legacy(after.teams, 1).captain_id)!.name).toBe("alice");
      expect(byId(after.challenges, legacy(after.challenges, 1).next_id)!.name).toBe("boss");
      // The joined-table subclass row still extends its submission.
      const solve = after.solves![0]!;
      expect(byId(after.submissions, solve.submissions_id)!.legacy_id).toBe(1);
      expect(byId(after.challenges, solve.challenge_id)!.name).toBe("warmup");
      // A single-table subclass's column, in its parent's table.
      expect(byId(after.challenges, legacy(after.files, 1).challenge_id)!.name).toBe("warmup");
      expect(legacy(after.files, 2).challenge_id).toBeNull();
      // Naive timestamps are the same instants, read as UTC; JSON keeps its values.
      const instant = (v: unknown) => new Date(String(v).replace(" ", "T")).toISOString();
      expect(instant(alice.created)).toBe("2024-03-01T11:00:00.000Z");
      expect(instant(legacy(after.submissions, 2).date)).toBe("2024-03-02T09:05:00.000Z");
      expect(legacy(after.awards, 1).requirements).toEqual({ a: 1 });
      expect(after.tenants!.length).toBe(1);
      converted = true;
    } finally {
      await client.end();
    }
    const verified = await runCli(["migrate", "verify", "--database-url", dbUrl], project);
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
  });

  it.skipIf(!ready)("the imported project's code passes tsc, ruff, mypy and pyright, and serves through FastAPI (sync and async) and drizzle-orm on PostgreSQL", async () => {
    expect(converted, "the import and conversion above ran").toBe(true);
    await judgeGenerated(project, url);
  });
});
