import type { GeneratedFile } from "./file.js";
import { sha256, type Manifest } from "./manifest.js";

export type Action = "create" | "update" | "unchanged" | "delete" | "conflict";

export interface PlanEntry {
  readonly path: string;
  readonly action: Action;
  /** For conflicts: why the file is not ours to overwrite. */
  readonly reason?: string;
  /** For create/update: the new content. */
  readonly content?: string;
  /** On conflicts resolved with --force: what to do then. */
  readonly forced?: "update" | "delete";
}

/** What is on disk now, by output-relative path (undefined: absent). */
export type DiskReader = (path: string) => string | undefined;

/**
 * Compare generated files with the disk and the manifest: write only what changed, remove
 * stale generated files, and never overwrite a hand edit (a hash that differs from the one we
 * recorded) or a file we did not write.
 */
export function planWrites(files: readonly GeneratedFile[], read: DiskReader, manifest: Manifest): PlanEntry[] {
  const plan: PlanEntry[] = [];
  const produced = new Set(files.map((f) => f.path));
  for (const f of files) {
    const disk = read(f.path);
    if (disk === undefined) plan.push({ path: f.path, action: "create", content: f.content });
    else if (disk === f.content) plan.push({ path: f.path, action: "unchanged" });
    else {
      const recorded = manifest.files[f.path];
      if (recorded === undefined) {
        plan.push({ path: f.path, action: "conflict", reason: "exists but was not written by blueprint-gen", content: f.content, forced: "update" });
      } else if (recorded !== sha256(disk)) {
        plan.push({ path: f.path, action: "conflict", reason: "was edited by hand since it was generated", content: f.content, forced: "update" });
      } else plan.push({ path: f.path, action: "update", content: f.content });
    }
  }
  for (const [path, hash] of Object.entries(manifest.files)) {
    if (produced.has(path)) continue;
    const disk = read(path);
    if (disk === undefined) continue;
    if (sha256(disk) === hash) plan.push({ path, action: "delete" });
    else plan.push({ path, action: "conflict", reason: "is stale but was edited by hand", forced: "delete" });
  }
  return plan.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function countActions(plan: readonly PlanEntry[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0 };
  for (const e of plan) counts[e.action]++;
  return counts;
}
