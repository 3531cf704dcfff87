import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Starts a throwaway PostgreSQL cluster for the suite (unless BLUEPRINT_GEN_TEST_DATABASE_URL
 * names one). PostgreSQL refuses to run as root, so as root the cluster runs as `postgres`.
 * Under CI=true a missing server is a failure; elsewhere the database tests are skipped.
 */
declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseProblem: string;
  }
}

function pgBin(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(base, v, "bin");
    if (existsSync(join(bin, "pg_ctl"))) return bin;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
    srv.on("error", reject);
  });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.BLUEPRINT_GEN_TEST_DATABASE_URL;
  if (given) {
    project.provide("databaseUrl", given);
    project.provide("databaseProblem", "");
    return () => {};
  }
  const bin = pgBin();
  if (!bin) {
    const problem = "PostgreSQL server binaries not found (apt-get install postgresql)";
    if (process.env.CI === "true") throw new Error(`${problem}; CI=true requires the database`);
    project.provide("databaseUrl", "");
    project.provide("databaseProblem", problem);
    return () => {};
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "bpg-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] as const : [cmd, args] as const;
    const r = spawnSync(full[0], full[1], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  const port = await freePort();
  run(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  run(join(bin, "pg_ctl"), [
    "-D", data, "-l", join(dir, "log"), "-w", "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    "start",
  ]);
  project.provide("databaseUrl", `postgresql://postgres@127.0.0.1:${port}/postgres`);
  project.provide("databaseProblem", "");
  return () => {
    try {
      run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

