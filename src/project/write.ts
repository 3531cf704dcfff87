import {
  type Dirent,
  type Stats,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { MANIFEST_FILE, renderManifest } from "./manifest.js";
import type { PlanEntry } from "./plan.js";

/** Temporary files are `<name>.<pid>.bpg-tmp`: recognisable, so a later run can remove leftovers. */
const TMP_SUFFIX = ".bpg-tmp";
export const tmpName = (path: string) => `${path}.${process.pid}${TMP_SUFFIX}`;

/** Write a file atomically: a temporary file in the same folder, then rename over. */
export function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tmpName(path);
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export class UnsafePathError extends Error {}

/**
 * Folder listings, each folder read once (undefined: not there). Looking a name up in a listing
 * costs nothing; a `stat` per file costs a system call, and one that misses waits on every file
 * the writer thread is creating in the same folder.
 */
export function folderListings(): (dir: string) => ReadonlyMap<string, Dirent> | undefined {
  const listings = new Map<string, ReadonlyMap<string, Dirent> | undefined>();
  return (dir) => {
    if (!listings.has(dir)) {
      let entries: ReadonlyMap<string, Dirent> | undefined;
      try {
        entries = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d]));
      } catch {
        entries = undefined;
      }
      listings.set(dir, entries);
    }
    return listings.get(dir);
  };
}

/**
 * Every path we write stays inside the output folder: no `..`, no absolute path, and no
 * symbolic link on the way (a link inside generated/ could point anywhere). The returned
 * check answers the absolute path; each folder on the way is listed once (folderListings).
 */
export function insideGuard(outDir: string): (rel: string) => string {
  if (lstatSync(outDir, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new UnsafePathError(`refusing to write into ${outDir}: it is a symbolic link`);
  }
  // A folder that is not there (yet) holds no link.
  const listing = folderListings();
  return (rel) => {
    if (rel.startsWith("/") || rel.split("/").some((p) => p === ".." || p === "")) {
      throw new UnsafePathError(`refusing to write ${rel}: not a plain path inside the output folder`);
    }
    let cur = outDir;
    for (const part of rel.split("/")) {
      const parent = cur;
      cur = join(cur, part);
      if (listing(parent)?.get(part)?.isSymbolicLink()) {
        throw new UnsafePathError(`refusing to write through the symbolic link ${relative(dirname(outDir), cur)}: generated files stay inside the output folder`);
      }
    }
    return cur;
  };
}

/** Remove temporary files a killed run left behind. */
export function removeLeftovers(outDir: string): number {
  if (!existsSync(outDir)) return 0;
  let n = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(full);
      else if (e.name.endsWith(TMP_SUFFIX)) {
        unlinkSync(full);
        n++;
      }
    }
  };
  walk(outDir);
  return n;
}

interface ApplyResult {
  readonly written: number;
  readonly removed: number;
  readonly backups: readonly string[];
}

/**
 * Carry out a plan under `outDir`, all or nothing as far as the file system allows:
 * 1. every new file has been written to a temporary file next to its target (`staged`, by a
 *    Stager while the files were rendered: a full disk or a read-only folder fails there, the
 *    temporary files are removed, the old tree is intact);
 * 2. the temporary files are renamed over their targets and stale files are removed;
 * 3. the manifest is written last (writeManifest), so a run killed during step 2 is repaired
 *    by the next run, which finds each file either old or new, never half-written.
 * Conflicts are applied only with `force`, after a backup (`<file>.bak`).
 */
export function commitPlan(
  outDir: string,
  plan: readonly PlanEntry[],
  staged: ReadonlyMap<string, string>,
  force: boolean,
  /** Told each written file's stat, taken on its temporary file just before the rename. */
  onWritten?: (path: string, stat: Stats) => void,
): ApplyResult {
  const inside = insideGuard(outDir);
  const deletes: string[] = [];
  const backups: string[] = [];
  const renames: { path: string; target: string; tmp: string }[] = [];
  for (const e of plan) {
    const action = e.action === "conflict" ? (force ? e.forced : undefined) : e.action;
    if (action === undefined || action === "unchanged") continue;
    const target = inside(e.path);
    if (e.action === "conflict") {
      copyFileSync(target, `${target}.bak`);
      backups.push(`${e.path}.bak`);
    }
    if (action === "delete") deletes.push(target);
    else {
      const tmp = staged.get(e.path);
      if (tmp === undefined) throw new Error(`bug: ${e.path} was planned for writing but not staged`);
      renames.push({ path: e.path, target, tmp });
    }
  }
  for (const w of renames) {
    if (onWritten) onWritten(w.path, lstatSync(w.tmp));
    renameSync(w.tmp, w.target);
  }
  for (const d of deletes) {
    unlinkSync(d);
    removeEmptyParents(outDir, dirname(d));
  }
  return { written: renames.length, removed: deletes.length, backups };
}

/** The manifest after a run: every produced file's hash. Answers its text. */
export function writeManifest(outDir: string, produced: Readonly<Record<string, string>>): string {
  const path = join(outDir, MANIFEST_FILE);
  const text = renderManifest(produced);
  let current: string | undefined;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== text) writeAtomic(path, text);
  return text;
}

function removeEmptyParents(root: string, dir: string): void {
  let d = dir;
  while (d.startsWith(root + sep) && d !== root) {
    if (readdirSync(d).length > 0) return;
    rmdirSync(d);
    d = dirname(d);
  }
}

