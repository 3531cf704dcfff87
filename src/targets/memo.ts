import { createHash } from "node:crypto";
import type { Project } from "../ir/types.js";
import type { GeneratedFile } from "./file.js";

/**
 * Reuse of rendered files across runs: a file whose inputs hash the same as when it was last
 * written is taken from the disk instead of being rendered again. `render` runs otherwise.
 */
export interface RenderMemo {
  file(key: string, path: string, render: () => string): GeneratedFile;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * One key per model for the files rendered from it: its own IR, the IR of every model it is
 * related to (either direction), and everything project-wide (enums, associations, base
 * columns, targets), salted with the target's templates.
 */
export function modelRenderKeys(project: Project, salt: string): Map<string, string> {
  const { models, ...rest } = project;
  const global = sha(`${salt}\n${JSON.stringify(rest)}`);
  const own = new Map(models.map((m) => [m.name, sha(JSON.stringify(m))]));
  const related = new Map<string, Set<string>>(models.map((m) => [m.name, new Set<string>()]));
  const link = (a: string, b: string) => related.get(a)?.add(b);
  for (const m of models) {
    for (const r of m.relations) {
      link(m.name, r.target);
      link(r.target, m.name);
    }
  }
  const keys = new Map<string, string>();
  for (const m of models) {
    const parts = [global, own.get(m.name)!, ...[...related.get(m.name)!].sort().map((n) => `${n}:${own.get(n) ?? ""}`)];
    keys.set(m.name, sha(parts.join("\n")));
  }
  return keys;
}

/** No reuse: every file is rendered. */
export const NO_MEMO: RenderMemo = { file: (_key, path, render) => ({ path, content: render() }) };
