import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CACHE_DIR, CACHE_FILE, SPECS_CACHE_FILE } from "../src/cli/cache.js";
import { copyProject, REPO, runCli } from "./helpers/project.js";

/**
 * The run cache under generated/.cache only saves time: every run must report and write
 * exactly what a run without it would, whatever changed in between.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = copyProject(REPO);
  dirs.push(dir);
  return dir;
}

const cacheFile = (dir: string) => join(dir, "generated", CACHE_DIR, CACHE_FILE);
const edit = (dir: string, file: string, from: string, to: string) => {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  writeFileSync(path, text.replace(from, to));
};

describe("the run cache", () => {
  it("is written by a run and makes the next run report the same", async () => {
    const dir = project();
    expect(existsSync(cacheFile(dir))).toBe(false);
    const first = await runCli(["models"], dir);
    expect(first.code).toBe(0);
    expect(existsSync(cacheFile(dir))).toBe(true);
    const second = await runCli(["models"], dir);
    expect(second.code).toBe(0);
    const strip = (s: string) => s.replace(/ in \d+ ms/, "");
    expect(strip(second.stderr)).toBe(strip(first.stderr));
    expect(second.stderr).toContain("0 written");
  });

  it("never hides a hand edit, a deleted file, or drift for --check", async () => {
    const dir = project();
    await runCli(["models"], dir);
    const job = join(dir, "generated/python/jobsvc/models/job.py");
    writeFileSync(job, `${readFileSync(job, "utf8")}# edited\n`);
    const check = await runCli(["models", "--check"], dir);
    expect(check.code).toBe(1);
    const run = await runCli(["models"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("conflict");
    rmSync(job);
    const again = await runCli(["models"], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("1 written");
    expect(existsSync(job)).toBe(true);
  });

  it("regenerates after a spec, template or blueprint change", async () => {
    const dir = project();
    await runCli(["models"], dir);
    edit(dir, "specs/jobs.yaml", "external_ref:", "# a comment\n      external_ref:");
    expect((await runCli(["models"], dir)).stderr).toMatch(/0 written/);
    edit(dir, "specs/jobs.yaml", "max_length: 64", "max_length: 65");
    const changed = await runCli(["models"], dir);
    expect(changed.stderr).not.toMatch(/ 0 written/);
    expect(readFileSync(join(dir, "generated/python/jobsvc/models/job.py"), "utf8")).toContain("String(65)");
    edit(dir, "blueprint.yaml", "package: jobsvc", "package: jobsvc2");
    expect((await runCli(["models"], dir)).code).toBe(0);
    expect(existsSync(join(dir, "generated/python/jobsvc2/models/job.py"))).toBe(true);
  });

  it("locates a diagnostic in an unchanged (cached) file exactly as a cold run does", async () => {
    const dir = project();
    await runCli(["models"], dir);
    // Break a reference from jobs.yaml by removing its target in another file.
    const before = readFileSync(join(dir, "specs/jobs.yaml"), "utf8");
    edit(dir, "specs/workers.yaml", "  Worker:", "  Worker2:");
    const warm = await runCli(["models"], dir);
    rmSync(join(dir, "generated", CACHE_DIR), { recursive: true });
    const cold = await runCli(["models"], dir);
    expect(warm.code).toBe(1);
    expect(warm.stderr).toMatch(/specs\/jobs\.yaml:\d+:\d+: error/);
    expect(warm.stderr).toBe(cold.stderr);
    expect(readFileSync(join(dir, "specs/jobs.yaml"), "utf8")).toBe(before);
  });

  it("ignores a damaged cache", async () => {
    const dir = project();
    await runCli(["models"], dir);
    writeFileSync(cacheFile(dir), "{ not json");
    writeFileSync(join(dir, "generated", CACHE_DIR, SPECS_CACHE_FILE), '{"version": "0", "specs": 7}');
    edit(dir, "specs/jobs.yaml", "max_length: 64", "max_length: 66");
    const r = await runCli(["models"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(cacheFile(dir), "utf8")).version).toBeDefined();
  });
});
