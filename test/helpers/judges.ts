import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { checkDrizzleService } from "./drizzle-service.js";
import { REPO } from "./project.js";
import { pyrightStrict, VENV } from "./python.js";

/** A tool of the project's venv, run in `cwd`. */
export function runVenv(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(join(VENV, cmd), args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/**
 * The ecosystem's own tools on what `gen models` wrote into `project` (inside the repository, so
 * its TypeScript resolves zod and drizzle-orm): tsc --strict, ruff check and format, mypy and
 * pyright --strict, the FastAPI suite (sync and async) and drizzle-orm on node-postgres.
 */
export async function judgeGenerated(project: string, url: string, pkg = "app"): Promise<void> {
  const generated = join(project, "generated");
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ extends: join(REPO, "test", "typescript", "tsconfig.json"), include: ["generated/typescript/**/*.ts"] }));
  const tsc = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(project, "tsconfig.json")], { encoding: "utf8" });
  expect(tsc.stdout + tsc.stderr).toBe("");
  const python = join(generated, "python");
  const ruffConfig = join(REPO, "test", "python", "ruff.toml");
  for (const [cmd, args] of [
    ["ruff", ["check", "--no-cache", "--config", ruffConfig, "."]],
    ["ruff", ["format", "--no-cache", "--check", "--config", ruffConfig, "."]],
    ["mypy", ["--strict", "--no-incremental", "--cache-dir=/dev/null", "."]],
  ] as const) {
    const r = runVenv(cmd, args, python);
    expect(r.code, `${cmd}: ${r.output}`).toBe(0);
  }
  const pyright = pyrightStrict(python);
  expect(pyright.code, pyright.output).toBe(0);
  expect(pyright.files).toBeGreaterThan(0);
  const served = runVenv("python", ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(REPO, "test", "python")], REPO, {
    BPG_PACKAGE_ROOT: python,
    BPG_PACKAGE: pkg,
    BPG_DATABASE_JSON: join(generated, "schema", "database.json"),
    BPG_DATABASE_URL: url,
  });
  expect(served.code, served.output).toBe(0);
  expect(served.output).toMatch(/\d+ passed/);
  await checkDrizzleService(generated, url);
}
