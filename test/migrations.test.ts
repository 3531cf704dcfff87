import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pyrightStrict } from "./helpers/python.js";
import { describe, expect, inject, it } from "vitest";
import { copyProject, REPO, runCli } from "./helpers/project.js";
import { driver, PYTHON } from "./helpers/alembic.js";
import { CASES_DIR, slugOf } from "./helpers/migration-cases.js";

/**
 * Migration scenarios on a real PostgreSQL, through Alembic: rows inserted before each step
 * are all there after it with their values; `alembic check` finds no difference; the
 * downgrade restores the data (or says it cannot); the SQL files build the same schema.
 */
const ci = process.env.CI === "true";

type Row = Record<string, unknown>;
type Dump = Record<string, Row[]>;

interface Scenario {
  name: string;
  edit: (project: string) => void;
  allowDestructive?: boolean;
  expect?: "ok" | "refused" | "no_changes";
  /** restores: the downgrade gives back the rows exactly; runs: it works but data differs; raises: it refuses. */
  downgrade?: "restores" | "runs" | "raises";
  tables?: Record<string, string>;
  columns?: Record<string, string>;
  /** `table.column` (new names) → expected new value from the old one. */
  transform?: Record<string, (old: unknown) => unknown>;
}

function replaceIn(project: string, file: string, from: string, to: string): void {
  const path = join(project, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`scenario edit: ${JSON.stringify(from)} not in ${file}`);
  writeFileSync(path, text.replace(from, to));
}
/**
 * A scenario is a case folder, `test/migrations/<slug>/{before,after}/` (blueprint.yaml and
 * specs/), read here and by the database-free goldens (migration-cases.test.ts).
 */
function after(slug: string) {
  return (project: string) => {
    rmSync(join(project, "specs"), { recursive: true, force: true });
    cpSync(join(CASES_DIR, slug, "after"), project, { recursive: true });
  };
}
const all = (...edits: ((p: string) => void)[]) => (p: string) => edits.forEach((e) => e(p));

const scenarios: Scenario[] = [
  { name: "add a nullable column", edit: after("add-a-nullable-column") },
  {
    name: "add a NOT NULL column with a default to a populated table",
    edit: after("add-a-not-null-column-with-a-default-to-a-populated-table"),
  },
  {
    name: "refuse a NOT NULL column without a default",
    edit: after("refuse-a-not-null-column-without-a-default"),
    expect: "refused",
  },
  {
    name: "rename a column (renamed_from) keeps its data",
    edit: after("rename-a-column-renamed-from-keeps-its-data"),
    columns: { "projects.code": "project_code" },
  },
  { name: "widen a string", edit: after("widen-a-string") },
  { name: "integer to bigint", edit: after("integer-to-bigint") },
  { name: "integer to decimal (widening cast)", edit: after("integer-to-decimal-widening-cast"), transform: { "projects.budget": (v) => (v === null ? null : `${v as number}.00`) } },
  { name: "refuse narrowing a string", edit: after("refuse-narrowing-a-string"), expect: "refused" },
  {
    name: "type change with a reviewed USING cast",
    edit: after("type-change-with-a-reviewed-using-cast"),
    allowDestructive: true,
    downgrade: "raises",
    transform: { "projects.budget": (v) => (v === null ? null : `EUR ${v as number}`) },
  },
  { name: "add an enum value at the end", edit: after("add-an-enum-value-at-the-end") },
  { name: "add an enum value in the middle", edit: after("add-an-enum-value-in-the-middle") },
  {
    name: "rename an enum value",
    edit: after("rename-an-enum-value"),
    transform: { "projects.status": (v) => (v === "active" ? "live" : v) },
  },
  {
    name: "remove an enum value with a declared replacement",
    edit: after("remove-an-enum-value-with-a-declared-replacement"),
    allowDestructive: true,
    downgrade: "raises",
    transform: { "projects.status": (v) => (v === "archived" ? "draft" : v) },
  },
  { name: "refuse removing an enum value without a replacement", edit: after("refuse-removing-an-enum-value-without-a-replacement"), allowDestructive: true, expect: "refused" },
  {
    name: "rename an enum type",
    edit: after("rename-an-enum-type"),
  },
  {
    name: "rename an enum type and one of its values together",
    edit: after("rename-an-enum-type-and-one-of-its-values-together"),
    transform: { "projects.status": (v) => (v === "active" ? "live" : v) },
  },
  {
    name: "new model with foreign keys",
    edit: after("new-model-with-foreign-keys"),
  },
  {
    name: "many-to-many",
    edit: after("many-to-many"),
  },
  {
    name: "add an index and a unique constraint",
    edit: after("add-an-index-and-a-unique-constraint"),
  },
  { name: "add, change and drop checks", edit: after("add-change-and-drop-checks") },
  { name: "add char, time and array columns", edit: after("add-char-time-and-array-columns") },
  { name: "partial, expression and gin indexes", edit: after("partial-expression-and-gin-indexes") },
  { name: "turn on soft delete", edit: after("turn-on-soft-delete") },
  { name: "views are rebuilt around the columns they read", edit: after("views-are-rebuilt-around-the-columns-they-read") },
  { name: "add, change and drop domains", edit: after("add-change-and-drop-domains") },
  {
    name: "add and change generated columns",
    edit: after("add-and-change-generated-columns"),
    // The database computes them anew: estimate * 3 where it held estimate * 2.
    transform: { "tasks.double_estimate": (v) => ((v as number) / 2) * 3 },
  },
  {
    name: "rename a model (table, keys and constraints follow)",
    edit: after("rename-a-model-table-keys-and-constraints-follow"),
    tables: { tasks: "work_items" },
  },
  {
    name: "set NOT NULL with a default backfills NULLs",
    edit: after("set-not-null-with-a-default-backfills-nulls"),
    downgrade: "runs",
    transform: { "projects.budget": (v) => v ?? 0 },
  },
  { name: "refuse SET NOT NULL without a default", edit: after("refuse-set-not-null-without-a-default"), expect: "refused" },
  { name: "make a column nullable", edit: after("make-a-column-nullable") },
  { name: "change a default", edit: after("change-a-default") },
  { name: "change on_delete (the foreign key is recreated)", edit: after("change-on-delete-the-foreign-key-is-recreated") },
  { name: "refuse dropping a column", edit: after("refuse-dropping-a-column"), expect: "refused" },
  { name: "drop a column with --allow-destructive", edit: after("drop-a-column-with-allow-destructive"), allowDestructive: true, downgrade: "raises" },
  {
    name: "drop a model with --allow-destructive",
    edit: after("drop-a-model-with-allow-destructive"),
    allowDestructive: true,
    downgrade: "raises",
  },
  {
    name: "blueprint change: a base column reaches every table",
    edit: after("blueprint-change-a-base-column-reaches-every-table"),
  },
  { name: "no changes writes nothing", edit: after("no-changes-writes-nothing"), expect: "no_changes" },
];

function createDatabase(url: string, name: string): string {
  const r = spawnSync(PYTHON, ["-c", `import sqlalchemy as sa; e = sa.create_engine(${JSON.stringify(url.replace("postgresql://", "postgresql+psycopg://"))}, isolation_level="AUTOCOMMIT"); c = e.connect(); c.exec_driver_sql('CREATE DATABASE "${name}"')`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return url.replace(/\/[^/]*$/, `/${name}`);
}

/** Every row of `before` is in `after` (by id), with its values, under renamed names. */
function expectRowsKept(before: Dump, after: Dump, s: Scenario): void {
  for (const [table, rows] of Object.entries(before)) {
    const newTable = s.tables?.[table] ?? table;
    const afterRows = after[newTable];
    if (afterRows === undefined) continue; // a dropped table (destructive, allowed)
    expect(afterRows.length, `rows of ${newTable}`).toBe(rows.length);
    const byKey = new Map(afterRows.map((r) => [String(r.id ?? JSON.stringify(r)), r]));
    for (const row of rows) {
      const now = byKey.get(String(row.id ?? JSON.stringify(row)));
      expect(now, `row ${String(row.id)} of ${table}`).toBeDefined();
      for (const [col, value] of Object.entries(row)) {
        const newCol = s.columns?.[`${table}.${col}`] ?? col;
        if (col === "updated_at" || !(newCol in now!)) continue;
        const t = s.transform?.[`${newTable}.${newCol}`];
        expect(now![newCol], `${newTable}.${newCol}`).toEqual(t ? t(value) : value);
      }
    }
  }
}

const url = inject("databaseUrl");
const ready = existsSync(PYTHON) && !!url;

describe("migration scenarios on PostgreSQL", () => {
  it("has PostgreSQL and the Python venv", () => {
    if (ci) expect(ready, `CI=true requires PostgreSQL and .venv (${inject("databaseProblem")})`).toBe(true);
  });

  it.skipIf(!ready)("the example project's committed history applies, matches the models, reverts and reapplies", () => {
    const work = copyProject(REPO);
    try {
      const db = createDatabase(url, `example_${process.pid}`);
      const r = driver(work, db, [{ do: "upgrade" }, { do: "fill", rows: 2 }, { do: "check" }, { do: "downgrade", to: "base" }, { do: "upgrade" }, { do: "check" }]);
      expect(r).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it.skipIf(!ready)("a dozen realistic changes to the example project, each migrated with its data intact", async () => {
    const project = copyProject(REPO);
    const edit = (file: string, from: string, to: string) => (p: string) => replaceIn(p, `specs/${file}`, from, to);
    const steps: Scenario[] = [
      { name: "worker region", edit: edit("workers.yaml", "      is_enabled: { type: boolean, default: true }", "      is_enabled: { type: boolean, default: true }\n      region: { type: string, max_length: 32, nullable: true }") },
      { name: "job timeout", edit: edit("jobs.yaml", "      attempts: { type: integer, default: 0 }", "      attempts: { type: integer, default: 0 }\n      timeout_seconds: { type: integer, default: 3600 }") },
      { name: "queued status", edit: edit("jobs.yaml", "values: [pending, running, succeeded, failed, cancelled]", "values: [pending, queued, running, succeeded, failed, cancelled]") },
      { name: "tag colour", edit: edit("tags.yaml", "      color: { type: string, max_length: 7, nullable: true,", "      colour: { type: string, max_length: 7, nullable: true, renamed_from: color,"), columns: { "tags.color": "colour" } },
      { name: "longer domain names", edit: (p) => replaceIn(p, "specs/tenancy.yaml", "  Domain:\n    description: A business domain whose jobs run together (e.g. \"billing\", \"search\").\n    fields:\n      name: { type: string, max_length: 120 }", "  Domain:\n    description: A business domain whose jobs run together (e.g. \"billing\", \"search\").\n    fields:\n      name: { type: string, max_length: 200 }") },
      {
        name: "job logs",
        edit: all(
          edit("jobs.yaml", "      result: { kind: has_one, model: JobResult }", "      result: { kind: has_one, model: JobResult }\n      logs: { kind: has_many, model: JobLog }"),
          (p) => writeFileSync(join(p, "specs/logs.yaml"), "models:\n  JobLog:\n    description: A line a job logged.\n    fields:\n      line: { type: text }\n      logged_at: { type: datetime, default: now }\n    relations:\n      job: { kind: belongs_to, model: Job, on_delete: cascade }\n"),
        ),
      },
      { name: "batch index", edit: edit("jobs.yaml", "      total_jobs: { type: integer, default: 0 }", "      total_jobs: { type: integer, default: 0 }\n    indexes:\n      - { columns: [status, submitted_at] }") },
      { name: "wider amounts", edit: edit("billing.yaml", "precision: 12, scale: 2", "precision: 14, scale: 2") },
      { name: "bigint exit codes", edit: edit("jobs.yaml", "exit_code: { type: integer, nullable: true }", "exit_code: { type: bigint, nullable: true }") },
      {
        name: "retiring workers",
        edit: edit("workers.yaml", "values: [idle, busy, draining, offline]", "values: [idle, busy, { value: retiring, renamed_from: draining }, offline]"),
        transform: { "workers.state": (v) => (v === "draining" ? "retiring" : v) },
      },
      {
        name: "workers become runners",
        edit: all(edit("workers.yaml", "  Worker:\n", "  Runner:\n    renamed_from: Worker\n"), edit("jobs.yaml", "model: Worker,", "model: Runner,")),
        tables: { workers: "runners" },
      },
      { name: "soft delete everywhere", edit: (p) => replaceIn(p, "blueprint.yaml", "    updated_at:", "    deleted_at: { type: datetime, nullable: true }\n    updated_at:") },
    ];
    try {
      const db = createDatabase(url, `chain_${process.pid}`);
      let [, , current] = driver(project, db, [{ do: "upgrade" }, { do: "fill", rows: 3 }, { do: "dump" }]) as [string, string, Dump];
      for (const [i, step] of steps.entries()) {
        step.edit(project);
        const models = await runCli(["models"], project);
        expect(models.code, `${step.name}: ${models.stderr}`).toBe(0);
        const mig = await runCli(["migration", "-m", step.name], project);
        expect(mig.code, `${step.name}: ${mig.stderr}`).toBe(0);
        expect(readdirSync(join(project, "generated/migrations/versions"))).toHaveLength(i + 2);
        const [up, after, check] = driver(project, db, [{ do: "upgrade" }, { do: "dump" }, { do: "check" }]);
        expect([up, check], step.name).toEqual(["ok", "ok"]);
        expectRowsKept(current, after as Dump, step);
        current = after as Dump;
      }
      const verify = await runCli(["migrate", "verify"], project);
      expect(verify.code, verify.stderr).toBe(0);
      // The revisions this run wrote (every step kind above) pass the strict type checkers too.
      const migrations = join(project, "generated", "migrations");
      const written = readdirSync(join(migrations, "versions")).filter((f) => f.endsWith(".py") && !f.startsWith("0001_")).map((f) => join(migrations, "versions", f));
      const pyright = pyrightStrict(migrations, join(project, "generated", "python"), [join(migrations, "env.py"), ...written]);
      expect(pyright.code, pyright.output).toBe(0);
      expect(pyright.files, pyright.output).toBeGreaterThan(0);
      const mypy = spawnSync(join(REPO, ".venv", "bin", "mypy"), ["--strict", "--no-incremental", "--cache-dir=/dev/null", ...written], {
        encoding: "utf8",
        env: { ...process.env, MYPYPATH: join(project, "generated", "python") },
      });
      expect(mypy.status, mypy.stdout + mypy.stderr).toBe(0);
      const back = driver(project, db, [{ do: "downgrade", to: "base" }, { do: "upgrade" }, { do: "check" }]);
      expect(back).toEqual(["ok", "ok", "ok"]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it.skipIf(!ready).each(scenarios.map((s, i) => [s.name, s, i] as const))("%s", async (_name, s, i) => {
    const project = copyProject(join(CASES_DIR, slugOf(s.name), "before"));
    try {
      expect((await runCli(["models"], project)).code).toBe(0);
      const init = await runCli(["migration", "-m", "initial"], project);
      expect(init.code, init.stderr).toBe(0);
      const stamp = `${process.pid}_${i}`;
      const db = createDatabase(url, `scen_${stamp}_a`);
      const sqlDb = createDatabase(url, `scen_${stamp}_b`);
      const [, , before] = driver(project, db, [{ do: "upgrade" }, { do: "fill", rows: 3 }, { do: "dump" }]) as [string, string, Dump];

      s.edit(project);
      const models = await runCli(["models"], project);
      expect(models.code, models.stderr).toBe(0);
      const versionsBefore = readdirSync(join(project, "generated/migrations/versions")).length;
      const mig = await runCli(["migration", "-m", s.name, ...(s.allowDestructive ? ["--allow-destructive"] : [])], project);
      const versionsAfter = readdirSync(join(project, "generated/migrations/versions")).length;
      const expected = s.expect ?? "ok";
      if (expected !== "ok") {
        expect(mig.code, mig.stderr).toBe(expected === "refused" ? 1 : 0);
        if (expected === "no_changes") expect(mig.stderr).toContain("No changes");
        else expect(mig.stderr).toMatch(/destructive|replaced_values/);
        expect(versionsAfter, "nothing written").toBe(versionsBefore);
        return;
      }
      expect(mig.code, mig.stderr).toBe(0);
      expect(versionsAfter).toBe(versionsBefore + 1);

      const sqlFiles = readdirSync(join(project, "generated/migrations/sql")).sort();
      const up = sqlFiles.filter((f) => f.endsWith(".up.sql")).map((f) => join(project, "generated/migrations/sql", f));
      const down = join(project, "generated/migrations/sql", sqlFiles.filter((f) => f.endsWith(".down.sql")).at(-1)!);
      const steps: object[] = [
        { do: "upgrade" },
        { do: "dump" },
        { do: "check" },
        { do: "schema" },
        ...up.map((file) => ({ do: "sql", url: sqlDb, file })),
        { do: "schema", url: sqlDb },
      ];
      const mode = s.downgrade ?? "restores";
      if (mode !== "raises") {
        steps.push({ do: "downgrade", to: "-1" }, { do: "dump" }, { do: "schema" }, { do: "sql", url: sqlDb, file: down }, { do: "schema", url: sqlDb }, { do: "upgrade" }, { do: "check" });
      } else steps.push({ do: "downgrade", to: "-1" });
      const r = driver(project, db, steps);
      const errors = r.filter((x) => typeof x === "object" && x !== null && "error" in x);
      if (mode === "raises") {
        expect(errors.length, JSON.stringify(errors)).toBe(1);
        expect(JSON.stringify(errors[0])).toContain("cannot be reverted without data loss");
        expect(r.length).toBe(steps.length);
      } else expect(errors, JSON.stringify(errors)).toEqual([]);
      const after = r[1] as Dump;
      expectRowsKept(before, after, s);
      // The SQL scripts build the same schema as the Alembic revisions.
      expect(r[4 + up.length]).toEqual(r[3]);
      if (mode !== "raises") {
        const base = 5 + up.length;
        const downgraded = r[base + 1] as Dump;
        if (mode === "restores") expect(downgraded).toEqual(before);
        expect(r[base + 4]).toEqual(r[base + 2]);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

