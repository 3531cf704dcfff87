import { mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { MANIFEST_FILE, renderManifest } from "./manifest.js";
import type { PlanEntry } from "./plan.js";

/** Write a file atomically: a temporary file in the same folder, then rename over. */
export function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export interface ApplyResult {
  readonly written: number;
  readonly removed: number;
  readonly backups: readonly string[];
}

/**
 * Carry out a plan under `outDir`. Conflicts are applied only with `force`, after a backup
 * (`<file>.bak`); callers refuse to apply a plan with conflicts otherwise. The manifest is
 * written last (writeManifest), so an interrupted run is repaired by the next.
 */
export function applyPlan(outDir: string, plan: readonly PlanEntry[], force: boolean): ApplyResult {
  let written = 0;
  let removed = 0;
  const backups: string[] = [];
  for (const e of plan) {
    const target = join(outDir, e.path);
    let action = e.action;
    if (action === "conflict") {
      if (!force || !e.forced) continue;
      copyFileSync(target, `${target}.bak`);
      backups.push(`${e.path}.bak`);
      action = e.forced;
    }
    switch (action) {
      case "create":
      case "update":
        writeAtomic(target, e.content ?? "");
        written++;
        break;
      case "unchanged":
        break;
      case "delete":
        unlinkSync(target);
        removeEmptyParents(outDir, dirname(target));
        removed++;
        break;
    }
  }
  return { written, removed, backups };
}

/** The manifest after a run: every produced file's hash. */
export function writeManifest(outDir: string, produced: Readonly<Record<string, string>>): void {
  const path = join(outDir, MANIFEST_FILE);
  const text = renderManifest(produced);
  let current: string | undefined;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== text) writeAtomic(path, text);
}

function removeEmptyParents(root: string, dir: string): void {
  let d = dir;
  while (d.startsWith(root) && d !== root) {
    if (readdirSync(d).length > 0) return;
    rmdirSync(d);
    d = dirname(d);
  }
}
