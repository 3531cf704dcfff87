import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./project.js";

/** The project's Python venv (created by scripts/python-env.sh). */
export const PYTHON = join(REPO, ".venv", "bin", "python");
const DRIVER = join(REPO, "test", "python", "migration_driver.py");

/**
 * Run steps through test/python/migration_driver.py (Alembic upgrade/downgrade/check, fill,
 * dump, a SQL script) against `url`; one result per step, stopping at the first error. `env`
 * adds to the driver's environment (`PGTZ`: the session time zone of its connections).
 */
export function driver(project: string, url: string, steps: object[], env: Readonly<Record<string, string>> = {}): unknown[] {
  const out = join(project, "driver-results.json");
  const r = spawnSync(PYTHON, [DRIVER, join(project, "generated/migrations/alembic.ini"), url, out], {
    input: JSON.stringify(steps),
    encoding: "utf8",
    env: { ...process.env, ...env, DATABASE_URL: url },
  });
  if (r.status !== 0) throw new Error(`driver failed: ${r.stderr}`);
  return JSON.parse(readFileSync(out, "utf8")) as unknown[];
}
