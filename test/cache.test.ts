import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CACHE_DIR, CACHE_FILE, FILES_CACHE_FILE, FileHashes, SPECS_CACHE_FILE } from "../src/project/cache.js";
import { copyProject, listFiles, REPO, runCli } from "./helpers/project.js";

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
    writeFileSync(join(dir, "generated", CACHE_DIR, FILES_CACHE_FILE), "[1, 2");
    edit(dir, "specs/jobs.yaml", "max_length: 64", "max_length: 66");
    const r = await runCli(["models"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(cacheFile(dir), "utf8")).version).toBeDefined();
    expect((await runCli(["models", "--check"], dir)).code).toBe(0);
  });

  it("finds a hand edit that keeps the file's size, made right after the run wrote it", async () => {
    const dir = project();
    expect((await runCli(["models"], dir)).code).toBe(0);
    const file = join(dir, "generated/python/jobsvc/models/job.py");
    const text = readFileSync(file, "utf8");
    const edited = text.replace("class Job(", "class Jxb(");
    expect(edited.length).toBe(text.length);
    writeFileSync(file, edited);
    const r = await runCli(["models"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/conflict\s+generated\/python\/jobsvc\/models\/job\.py was edited by hand/);
  });
});

describe("gen migration after gen models", () => {
  const migrationFiles = (dir: string) =>
    Object.fromEntries(listFiles(join(dir, "generated/migrations")).map((f) => [f, readFileSync(join(dir, "generated/migrations", f), "utf8")]));

  it("takes the analysis of the last gen models run on the same inputs, and writes what it would write alone", async () => {
    const warm = project();
    edit(warm, "specs/jobs.yaml", "external_ref: { type: string, max_length: 64 }", "external_ref: { type: string, max_length: 80 }");
    expect((await runCli(["models"], warm)).code).toBe(0);
    const cold = copyProject(warm);
    dirs.push(cold);
    rmSync(join(cold, "generated", CACHE_DIR), { recursive: true, force: true });
    expect((await runCli(["migration", "-m", "widen ref"], warm)).code).toBe(0);
    expect((await runCli(["migration", "-m", "widen ref"], cold)).code).toBe(0);
    expect(migrationFiles(warm)).toEqual(migrationFiles(cold));
    expect(migrationFiles(warm)["versions/0002_widen_ref.py"]).toContain("external_ref");
    // The diff gen models found was against the snapshot before 0002: not taken again.
    const again = await runCli(["migration", "-m", "again"], warm);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/No changes/);
    expect(Object.keys(migrationFiles(warm)).filter((f) => f.startsWith("versions/"))).toHaveLength(2);
  });

  it("analyses the specs itself when they changed after gen models", async () => {
    const dir = project();
    expect((await runCli(["models"], dir)).code).toBe(0);
    // Not regenerated: the last run's analysis is of other specs.
    edit(dir, "specs/jobs.yaml", "external_ref: { type: string, max_length: 64 }", "external_ref: { type: string, max_length: 80 }");
    expect((await runCli(["migration", "-m", "widen ref"], dir)).code).toBe(0);
    expect(migrationFiles(dir)["sql/0002_widen_ref.up.sql"]).toMatch(/external_ref.*character varying\(80\)/s);
  });

  it("reads nothing under generated/ back as an input: a hand-edited database.json changes nothing", async () => {
    const dir = project();
    expect((await runCli(["models"], dir)).code).toBe(0);
    edit(dir, "generated/schema/database.json", '"character varying(64)"', '"character varying(65)"');
    const run = await runCli(["migration", "-m", "anything"], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/No changes/);
    expect(listFiles(join(dir, "generated/migrations/versions"))).toEqual(["0001_initial_schema.py"]);
  });

  it("analyses the specs itself when the cached schema is damaged, with the same result", async () => {
    const warm = project();
    edit(warm, "specs/jobs.yaml", "external_ref: { type: string, max_length: 64 }", "external_ref: { type: string, max_length: 80 }");
    expect((await runCli(["models"], warm)).code).toBe(0);
    const cold = copyProject(warm);
    dirs.push(cold);
    const schemaCache = join(warm, "generated", CACHE_DIR, "schema.json");
    const text = readFileSync(schemaCache, "utf8");
    // The head names this run; the schema after it is cut short.
    writeFileSync(schemaCache, text.slice(0, text.indexOf("\n") + 20));
    expect((await runCli(["migration", "-m", "widen ref"], warm)).code).toBe(0);
    expect((await runCli(["migration", "-m", "widen ref"], cold)).code).toBe(0);
    expect(migrationFiles(warm)).toEqual(migrationFiles(cold));
    expect(migrationFiles(warm)["sql/0002_widen_ref.up.sql"]).toMatch(/external_ref.*character varying\(80\)/s);
  });
});

describe(FileHashes.name, () => {
  const tmp = () => {
    const dir = mkdtempSync(join(tmpdir(), "bpg-hashes-"));
    dirs.push(dir);
    mkdirSync(join(dir, CACHE_DIR));
    return dir;
  };
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");

  it("does not vouch for a file hashed within a tick of its mtime (racily clean)", () => {
    const dir = tmp();
    const path = join(dir, "a.txt");
    writeFileSync(path, "one");
    // An mtime a few milliseconds ago, set exactly so that it can be set again: a second write
    // in the same tick of the file system's clock leaves the same size and mtime.
    const recent = (Date.now() - 5) / 1000;
    utimesSync(path, recent, recent);
    const first = FileHashes.load(dir);
    expect(first.hash("a.txt")).toBe(sha("one"));
    expect(first.hash("missing.txt")).toBeUndefined();
    first.save();
    writeFileSync(path, "two");
    utimesSync(path, recent, recent);
    expect(FileHashes.load(dir).hash("a.txt")).toBe(sha("two"));
  });

  it("trusts the stat of a file older than the clock's tick, as git's index does", () => {
    const dir = tmp();
    const path = join(dir, "a.txt");
    const old = new Date(Date.now() - 60_000);
    // Every write keeps the same old mtime.
    const put = (text: string) => {
      writeFileSync(path, text);
      utimesSync(path, old, old);
    };
    const hashNow = (save = false) => {
      const hashes = FileHashes.load(dir);
      const hash = hashes.hash("a.txt");
      if (save) hashes.save();
      return hash;
    };
    put("one");
    expect(hashNow(true)).toBe(sha("one"));
    // Another size is another stat: the file is read again...
    put("three");
    expect(hashNow()).toBe(sha("three"));
    // ...but an edit that keeps size and mtime is the one it cannot see: it is not read.
    put("two");
    expect(hashNow()).toBe(sha("one"));
  });
});
