import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { copyProject, REPO } from "./helpers/project.js";

/** Wait until `predicate` holds on the output so far (watch runs are asynchronous). */
async function until(read: () => string, predicate: (out: string) => boolean, ms = 15_000): Promise<string> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (predicate(read())) return read();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out; output so far:\n${read()}`);
}

describe("gen models --watch", () => {
  it("reruns on real edits, survives an invalid save, and writes only what changed", async () => {
    const dir = copyProject(REPO);
    let out = "";
    const stop = new AbortController();
    const done = main(["models", "--watch"], { cwd: dir, env: { NO_COLOR: "1" }, isTTY: false, stdout: (s) => (out += s), stderr: (s) => (out += s) }, stop.signal);
    const runs = () => out.split("\n").filter((l) => /^\[\d\d:\d\d:\d\d\] /.test(l));
    await until(() => out, (o) => o.includes("watching specs/"));
    const spec = join(dir, "specs", "workers.yaml");
    const original = readFileSync(spec, "utf8");

    // An editor that saves by rename (write a temp file, then move it over the spec).
    writeFileSync(`${spec}.swp`, original.replace("default: 4 }", "default: 4, bogus: 1 }"));
    renameSync(`${spec}.swp`, spec);
    await until(() => out, (o) => o.includes("unknown key `bogus`"));
    expect(runs().at(-1)).toMatch(/^\[\d\d:\d\d:\d\d\] specs\/workers\.yaml:13:\d+: error \[2\.1\.0\.2\]/);
    expect(out).toContain("nothing written");

    writeFileSync(spec, original.replace("default: 4 }", "default: 6 }"));
    await until(() => out, (o) => / 5 written, \d+ unchanged, 0 removed/.test(o));
    expect(readFileSync(join(dir, "generated/python/jobsvc/models/worker.py"), "utf8")).toContain("default=6");
    expect(runs().length).toBeGreaterThanOrEqual(3);
    stop.abort();
    expect(await done).toBe(0);
  });
});
