import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { main } from "../../src/cli/main.js";
import { readTemplates } from "../../src/project/project.js";
import { generate } from "../../src/core/generate.js";
import type { SourceFile } from "../../src/input/spec-set.js";

export const REPO = join(import.meta.dirname, "..", "..");
export const CASES = join(REPO, "test", "cases");
export const DEFAULT_BLUEPRINT = join(CASES, "blueprint.yaml");

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split("\\").join("/"));
    }
  };
  walk(dir);
  return out;
}

/** Run the pure core on a case folder (specs/ + blueprint.yaml or the shared default). */
export async function generateCase(dir: string) {
  const specs: SourceFile[] = listFiles(join(dir, "specs"))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ path: `specs/${f}`, text: readFileSync(join(dir, "specs", f), "utf8") }));
  const own = join(dir, "blueprint.yaml");
  const blueprintText = readFileSync(existsSync(own) ? own : DEFAULT_BLUEPRINT, "utf8");
  const result = generate({ specs, blueprint: { path: "blueprint.yaml", text: blueprintText }, templates: readTemplates() });
  const sources = new Map([["blueprint.yaml", blueprintText], ...specs.map((s) => [s.path, s.text] as const)]);
  return { result, sources };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process, in `cwd`, without colors. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    cwd,
    env: { NO_COLOR: "1", ...env },
    isTTY: false,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

/** A temp copy of a project folder (blueprint.yaml, specs/, generated/). */
export function copyProject(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bpg-project-"));
  for (const name of ["blueprint.yaml", "specs", "generated"]) {
    // Without the run cache: every test starts from what a fresh clone holds.
    if (existsSync(join(from, name))) cpSync(join(from, name), join(dir, name), { recursive: true, filter: (src) => !src.endsWith(`${name === "generated" ? "generated/" : "\u0000"}.cache`) });
  }
  return dir;
}
