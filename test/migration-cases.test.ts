import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CASES_DIR } from "./helpers/migration-cases.js";
import { REPO, runCli } from "./helpers/project.js";
import { pyrightStrict } from "./helpers/python.js";
import { spawnSync } from "node:child_process";

/**
 * Migration scenarios as golden case folders, without a database: `before/` is migrated
 * first, then `after/`; the revision, its SQL (up and down) and what the command printed are
 * pinned under `expected/`. A refused step is run again with --allow-destructive, pinned under
 * `expected/allow-destructive/`. The same folders run on PostgreSQL in migrations.test.ts.
 */
const cases = readdirSync(CASES_DIR).filter((d) => existsSync(join(CASES_DIR, d, "after")));

async function step(project: string, message: string, flags: string[]) {
  const r = await runCli(["migration", "-m", message, ...flags], project);
  const versions = join(project, "generated", "migrations", "versions");
  const sql = join(project, "generated", "migrations", "sql");
  const newest = (dir: string, suffix: string) => readdirSync(dir).filter((f) => f.startsWith("0002_") && f.endsWith(suffix));
  const files: Record<string, string> = {};
  for (const f of newest(versions, ".py")) files["revision.py"] = readFileSync(join(versions, f), "utf8");
  for (const f of newest(sql, ".up.sql")) files["up.sql"] = readFileSync(join(sql, f), "utf8");
  for (const f of newest(sql, ".down.sql")) files["down.sql"] = readFileSync(join(sql, f), "utf8");
  return { code: r.code, stderr: r.stderr.split(project).join("<project>"), files };
}

describe("migration scenarios (golden, no database)", () => {
  it("has the scenarios", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("%s", async (name) => {
    const dir = join(CASES_DIR, name);
    const project = mkdtempSync(join(tmpdir(), "bpg-mig-case-"));
    try {
      cpSync(join(dir, "before"), project, { recursive: true });
      expect((await runCli(["models"], project)).code).toBe(0);
      expect((await runCli(["migration", "-m", "initial"], project)).code).toBe(0);
      rmSync(join(project, "specs"), { recursive: true, force: true });
      cpSync(join(dir, "after"), project, { recursive: true });
      const models = await runCli(["models"], project);
      expect(models.code, models.stderr).toBe(0);
      const message = readFileSync(join(dir, "scenario.txt"), "utf8").trim();
      const plain = await step(project, message, []);
      await expect(`exit ${plain.code}\n${plain.stderr}`).toMatchFileSnapshot(join(dir, "expected", "stderr.txt"));
      for (const [f, text] of Object.entries(plain.files)) await expect(text).toMatchFileSnapshot(join(dir, "expected", f));
      if (plain.code !== 0) {
        const allowed = await step(project, message, ["--allow-destructive"]);
        await expect(`exit ${allowed.code}\n${allowed.stderr}`).toMatchFileSnapshot(join(dir, "expected", "allow-destructive", "stderr.txt"));
        for (const [f, text] of Object.entries(allowed.files)) await expect(text).toMatchFileSnapshot(join(dir, "expected", "allow-destructive", f));
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe("the pinned revisions as a project's tools judge them", () => {
  const venv = join(REPO, ".venv", "bin");
  it.skipIf(!existsSync(join(venv, "python")) && process.env.CI !== "true")("every scenario's revision passes ruff check, ruff format --check, mypy --strict and pyright --strict", () => {
    const files = cases.flatMap((d) =>
      ["revision.py", join("allow-destructive", "revision.py")].map((f) => join(CASES_DIR, d, "expected", f)).filter((f) => existsSync(f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(30);
    // Each file is its own module: copied apart, as a versions/ folder holds them.
    const dir = mkdtempSync(join(tmpdir(), "bpg-revisions-"));
    const copies = files.map((f, i) => {
      const to = join(dir, `r${String(i).padStart(3, "0")}_${f.split("/").slice(-3).join("_").replace(/[^a-z0-9_.]/gi, "_")}`);
      cpSync(f, to);
      return to;
    });
    const config = join(REPO, "test", "python", "ruff.toml");
    for (const args of [["check", "--no-cache", "--config", config, dir], ["format", "--no-cache", "--check", "--config", config, dir]]) {
      const r = spawnSync(join(venv, "ruff"), args, { encoding: "utf8" });
      expect(r.status, r.stdout + r.stderr).toBe(0);
    }
    const mypy = spawnSync(join(venv, "mypy"), ["--strict", "--no-incremental", "--cache-dir=/dev/null", ...copies], { encoding: "utf8" });
    expect(mypy.status, mypy.stdout + mypy.stderr).toBe(0);
    const pyright = pyrightStrict(dir, undefined, copies);
    expect(pyright.code, pyright.output).toBe(0);
    expect(pyright.files).toBe(copies.length);
    rmSync(dir, { recursive: true, force: true });
  });
});
