import type { GeneratedFile } from "../targets/file.js";
import type { Manifest } from "./manifest.js";

type Action = "create" | "update" | "unchanged" | "delete" | "conflict";

export interface PlanEntry {
  readonly path: string;
  readonly action: Action;
  /** For conflicts: why the file is not ours to overwrite. */
  readonly reason?: string;
  /** On conflicts resolved with --force: what to do then. */
  readonly forced?: "update" | "delete";
}

/** The sha256 of what is on disk now, by output-relative path (undefined: absent). */
export type DiskHash = (path: string) => string | undefined;

/**
 * Compare a generated file with the disk and the manifest, by their hashes: write only what
 * changed, and never overwrite a hand edit (a hash that differs from the one we recorded) or a
 * file we did not write. Files are planned one at a time, as they are rendered.
 */
export function planFile(f: Pick<GeneratedFile, "path" | "kept"> & { readonly hash: string }, disk: DiskHash, manifest: Manifest): PlanEntry {
  if (f.kept) return { path: f.path, action: "unchanged" };
  const current = disk(f.path);
  if (current === undefined) return { path: f.path, action: "create" };
  if (current === f.hash) return { path: f.path, action: "unchanged" };
  const recorded = manifest.files[f.path];
  if (recorded === undefined) return { path: f.path, action: "conflict", reason: "exists but was not written by blueprint-gen", forced: "update" };
  if (recorded !== current) return { path: f.path, action: "conflict", reason: "was edited by hand since it was generated", forced: "update" };
  return { path: f.path, action: "update" };
}

/** Generated files of the last run that this one did not produce: removed, unless edited by hand. */
export function planStale(produced: ReadonlySet<string>, disk: DiskHash, manifest: Manifest): PlanEntry[] {
  const plan: PlanEntry[] = [];
  for (const [path, hash] of Object.entries(manifest.files)) {
    if (produced.has(path)) continue;
    const current = disk(path);
    if (current === undefined) continue;
    if (current === hash) plan.push({ path, action: "delete" });
    else plan.push({ path, action: "conflict", reason: "is stale but was edited by hand", forced: "delete" });
  }
  return plan;
}

/** Whether carrying out `e` writes its new content (a conflict only with --force). */
export const writesContent = (e: PlanEntry, force: boolean): boolean =>
  e.action === "create" || e.action === "update" || (e.action === "conflict" && force && e.forced === "update");

export function countActions(plan: readonly PlanEntry[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0 };
  for (const e of plan) counts[e.action]++;
  return counts;
}
