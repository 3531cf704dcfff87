import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadYaml } from "../src/input/load.js";
import { copyProject, listFiles, REPO, runCli } from "./helpers/project.js";
import { SYNTHETIC_BLUEPRINT, syntheticSpecs } from "./helpers/synthetic.js";

const BIN = join(REPO, "bin", "gen.js");

function project(specs: { path: string; text: string }[], blueprint = SYNTHETIC_BLUEPRINT): string {
  const dir = mkdtempSync(join(tmpdir(), "bpg-hard-"));
  writeFileSync(join(dir, "blueprint.yaml"), blueprint);
  mkdirSync(join(dir, "specs"));
  for (const s of specs) writeFileSync(join(dir, s.path), s.text);
  return dir;
}

function writeSpecs(dir: string, specs: { path: string; text: string }[]): void {
  rmSync(join(dir, "specs"), { recursive: true, force: true });
  mkdirSync(join(dir, "specs"));
  for (const s of specs) writeFileSync(join(dir, s.path), s.text);
}

describe("YAML attacks are refused quickly with a clear message", () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ["alias bomb", `a: &a ["x","x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `l${i}: &l${i} [${Array(10).fill(i === 0 ? "*a" : `*l${i - 1}`).join(",")}]`).join("\n")}\n`, /too many alias expansions/],
    ["deep nesting", `models: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`, /nesting deeper than 64 levels/],
    ["10 MB file", `models:\n${"  # padding\n".repeat(1_000_000)}`, /limited to 1 MB/],
    ["binary data", Buffer.from([0x6d, 0x3a, 0x00, 0xff, 0xfe, 0x01]), /not valid UTF-8|NUL bytes/],
    ["NUL in text", "models:\n  Job:\u0000\n", /NUL bytes/],
  ];
  it.each(cases)("%s", async (_name, content, message) => {
    const dir = project([]);
    writeFileSync(join(dir, "specs/attack.yaml"), content);
    writeFileSync(join(dir, "specs/00-tenant.yaml"), syntheticSpecs(0)[0]!.text);
    const start = performance.now();
    const r = await runCli(["models"], dir);
    const ms = performance.now() - start;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/specs\/attack\.yaml:\d+:1: error \[2\.1\.0\.1\]/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(ms).toBeLessThan(1000);
    expect(existsSync(join(dir, "generated"))).toBe(false);
  });

  it("loadYaml never throws on arbitrary text", () => {
    for (const s of ["{{{{", "- - - -", ": : :", "&a *a", "!!binary xx", "%YAML 9.9\n---\n", "a: !!js/function x", "? [a]\n: b", "\t\tx"]) {
      expect(() => loadYaml("x.yaml", s)).not.toThrow();
    }
  });
});

describe("writing is safe", () => {
  it("never writes through a symbolic link inside generated/", async () => {
    const dir = copyProject(REPO);
    const outside = mkdtempSync(join(tmpdir(), "bpg-outside-"));
    rmSync(join(dir, "generated/python/jobsvc/models"), { recursive: true });
    symlinkSync(outside, join(dir, "generated/python/jobsvc/models"));
    const r = await runCli(["models"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to write through the symbolic link .*jobsvc\/models/);
    expect(listFiles(outside)).toEqual([]);
  });

  it("a write that fails part-way leaves the old tree intact and no temporary files", async () => {
    const dir = copyProject(REPO);
    const before = new Map(listFiles(join(dir, "generated")).map((f) => [f, readFileSync(join(dir, "generated", f), "utf8")]));
    const spec = join(dir, "specs", "workers.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("default: 4 }", "default: 9 }"));
    // Block the temporary file of one target (sorted last among the changes) with a folder.
    const blocked = join(dir, "generated/typescript/entities/worker.ts");
    mkdirSync(`${blocked}.${process.pid}.bpg-tmp`);
    const r = await runCli(["models"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write|EISDIR|illegal operation/i);
    rmSync(`${blocked}.${process.pid}.bpg-tmp`, { recursive: true });
    const after = listFiles(join(dir, "generated"));
    expect(after.filter((f) => f.endsWith(".bpg-tmp"))).toEqual([]);
    for (const [f, content] of before) expect(readFileSync(join(dir, "generated", f), "utf8"), f).toBe(content);
  });

  it("a write that fails on the writer thread (a big change) leaves the old tree intact and no temporary files", async () => {
    // 60 models changed at once: past the first files, temporary files are written by the
    // background writer, where this failure happens.
    const dir = project(syntheticSpecs(60, 0));
    expect((await runCli(["models"], dir)).code).toBe(0);
    const before = new Map(listFiles(join(dir, "generated")).map((f) => [f, readFileSync(join(dir, "generated", f), "utf8")]));
    writeSpecs(dir, syntheticSpecs(60, 1));
    const blocked = join(dir, "generated/typescript/dtos/entity0059.ts");
    mkdirSync(`${blocked}.${process.pid}.bpg-tmp`);
    const r = await runCli(["models"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write: EISDIR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    rmSync(`${blocked}.${process.pid}.bpg-tmp`, { recursive: true });
    const after = listFiles(join(dir, "generated"));
    expect(after.filter((f) => f.endsWith(".bpg-tmp"))).toEqual([]);
    expect(after.sort()).toEqual([...before.keys()].sort());
    for (const [f, content] of before) expect(readFileSync(join(dir, "generated", f), "utf8"), f).toBe(content);
    // The next run, unblocked, writes the new tree.
    expect((await runCli(["models"], dir)).code).toBe(0);
    expect(readFileSync(blocked, "utf8")).toContain("text(81)");
  });

  it("a run killed at random moments leaves every file old or new, and the next run repairs", async () => {
    const n = 40;
    const dirA = project(syntheticSpecs(n, 0));
    const dirB = project(syntheticSpecs(n, 1));
    expect((await runCli(["models"], dirA)).code).toBe(0);
    expect((await runCli(["models"], dirB)).code).toBe(0);
    // The run cache is not output: it is keyed by the build (these trees come from in-process
    // runs and from the bundle) and records file timestamps, so no two runs write it alike; a
    // damaged one only makes a run slower (test/cache.test.ts).
    const isCache = (f: string) => f.startsWith(".cache/");
    const read = (d: string) =>
      new Map(listFiles(join(d, "generated")).filter((f) => !isCache(f)).map((f) => [f, readFileSync(join(d, "generated", f), "utf8")]));
    const A = read(dirA);
    const B = read(dirB);
    // Time one whole run from the old tree to the new, then kill runs at points inside it,
    // weighted towards the end where files are renamed into place.
    const probe = mkdtempSync(join(tmpdir(), "bpg-kill-"));
    cpSync(dirA, probe, { recursive: true });
    writeSpecs(probe, syntheticSpecs(n, 1));
    const t0 = performance.now();
    expect(spawnSync(process.execPath, [BIN, "models"], { cwd: probe }).status).toBe(0);
    const total = performance.now() - t0;
    let sawMix = false;
    // Kills at fixed points of the run, and kills the moment the first file is renamed into place.
    const plans: (number | "first-rename")[] = [0.5, 0.9, "first-rename", "first-rename"].map((f) => (f === "first-rename" ? f : Math.round(total * (f as number))));
    for (const delay of plans) {
      const work = mkdtempSync(join(tmpdir(), "bpg-kill-"));
      cpSync(dirA, work, { recursive: true });
      writeSpecs(work, syntheticSpecs(n, 1));
      const child = spawn(process.execPath, [BIN, "models"], { cwd: work, stdio: "ignore" });
      if (delay === "first-rename") {
        const { watch } = await import("node:fs");
        await new Promise<void>((resolve) => {
          const w = watch(join(work, "generated/python/synth/models"), (_e, name) => {
            if (name && !String(name).endsWith(".bpg-tmp")) {
              child.kill("SIGKILL");
              w.close();
              resolve();
            }
          });
          child.on("exit", () => (w.close(), resolve()));
        });
      } else {
        await new Promise((r) => setTimeout(r, delay));
        child.kill("SIGKILL");
      }
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.on("exit", r));
      for (const f of listFiles(join(work, "generated"))) {
        if (f.endsWith(".bpg-tmp") || f === ".gen.lock" || isCache(f)) continue;
        const content = readFileSync(join(work, "generated", f), "utf8");
        if (f === ".manifest.json") continue;
        expect(content === A.get(f) || content === B.get(f), `${f} is neither old nor new after a kill at ${delay} ms`).toBe(true);
        if (content === B.get(f) && content !== A.get(f)) sawMix = true;
      }
      const again = spawnSync(process.execPath, [BIN, "models"], { cwd: work, encoding: "utf8" });
      expect(again.status, again.stderr).toBe(0);
      const repaired = read(work);
      repaired.delete(".gen.lock");
      expect([...repaired.keys()].filter((f) => f.endsWith(".bpg-tmp"))).toEqual([]);
      for (const [f, content] of B) expect(repaired.get(f), f).toBe(content);
      expect(spawnSync(process.execPath, [BIN, "models", "--check"], { cwd: work }).status).toBe(0);
    }
    // At least one kill landed while new files were being moved into place.
    expect(sawMix).toBe(true);
  });
});

describe("concurrent runs", () => {
  it("two gen models at once are serialized by the lock", async () => {
    // Big enough that the first run holds the lock longer than the second takes to start.
    const dir = project(syntheticSpecs(300));
    const run = () =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const c = spawn(process.execPath, [BIN, "models"], { cwd: dir });
        let err = "";
        c.stderr.on("data", (d: Buffer) => (err += d.toString()));
        c.on("exit", (code) => resolve({ code, err }));
      });
    // The second starts once the first holds the lock (a run is quick: started together, the
    // first could be done before the second looks).
    const first = run();
    const lock = join(dir, "generated", ".gen.lock");
    for (let i = 0; i < 2000 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 1));
    const [a, b] = await Promise.all([first, run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.err + b.err).toContain("waiting for another gen run");
    expect(spawnSync(process.execPath, [BIN, "models", "--check"], { cwd: dir }).status).toBe(0);
  });

  it("a stale lock from a killed run is recovered", async () => {
    const dir = project(syntheticSpecs(2));
    mkdirSync(join(dir, "generated"));
    writeFileSync(join(dir, "generated/.gen.lock"), "999999\n");
    const r = await runCli(["models"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("recovered a stale lock");
    expect(existsSync(join(dir, "generated/.gen.lock"))).toBe(false);
  });
});
