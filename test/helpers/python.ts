import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./project.js";

export const VENV = join(REPO, ".venv", "bin");

/** pyright --strict over a package folder (the pinned npm package; the venv's packages). */
export function pyrightStrict(pythonRoot: string, extra?: string) {
  const dir = mkdtempSync(join(tmpdir(), "bpg-pyright-"));
  const config = join(dir, "pyrightconfig.json");
  writeFileSync(config, JSON.stringify({ include: [pythonRoot], typeCheckingMode: "strict", extraPaths: extra ? [extra] : [] }));
  const r = spawnSync(process.execPath, [join(REPO, "node_modules", "pyright", "index.js"), "-p", config, "--pythonpath", join(VENV, "python")], {
    encoding: "utf8",
  });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
}
