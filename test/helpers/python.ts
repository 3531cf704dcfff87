import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO } from "./project.js";

export const VENV = join(REPO, ".venv", "bin");

/**
 * pyright --strict over a package folder or some files (the pinned npm package; the venv's
 * packages). Paths in a pyright config are relative to it. `files` is how many pyright read:
 * a check that read nothing proves nothing, so callers expect it above zero.
 */
export function pyrightStrict(pythonRoot: string, extra?: string, files?: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), "bpg-pyright-"));
  const config = join(dir, "pyrightconfig.json");
  const rel = (p: string) => relative(dir, p);
  writeFileSync(config, JSON.stringify({ include: (files ?? [pythonRoot]).map(rel), typeCheckingMode: "strict", extraPaths: extra ? [rel(extra)] : [] }));
  const r = spawnSync(process.execPath, [join(REPO, "node_modules", "pyright", "index.js"), "-p", config, "--pythonpath", join(VENV, "python"), "--outputjson"], {
    encoding: "utf8",
  });
  let analyzed = 0;
  let messages = "";
  try {
    const report = JSON.parse(r.stdout) as { summary: { filesAnalyzed: number }; generalDiagnostics: { file: string; range: { start: { line: number } }; message: string; severity: string }[] };
    analyzed = report.summary.filesAnalyzed;
    messages = report.generalDiagnostics.map((d) => `${d.file}:${d.range.start.line + 1}: ${d.severity}: ${d.message}`).join("\n");
  } catch {
    messages = r.stdout + r.stderr;
  }
  return { code: r.status, output: `${analyzed} files analyzed\n${messages}\n${r.stderr}`, files: analyzed };
}
