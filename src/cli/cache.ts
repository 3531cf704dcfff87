import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { writeAtomic } from "../emit/write.js";
import type { SpecFile } from "../spec/schema.js";
import type { SpecParseCache } from "../spec/spec-set.js";
import type { Manifest } from "../emit/manifest.js";
import type { DiskReader } from "../emit/plan.js";
import type { RenderMemo } from "../emit/memo.js";
import { VERSION } from "../version.js";

/**
 * What `gen models` keeps between runs under `generated/.cache/` (not versioned, safe to
 * delete): the shape-checked contents of spec files by a hash of their text, and a record of
 * the last successful run, so a run whose inputs all hash the same does no parsing, rendering
 * at all. Everything is keyed by the tool version: an upgrade starts cold.
 */
export const CACHE_DIR = ".cache";
/** The last run's record: small, read on every run. */
export const CACHE_FILE = "run.json";
/** Shape-checked spec files: read only when something has to be parsed. */
export const SPECS_CACHE_FILE = "specs.json";
/** Hashes of rendered files by the hash of their inputs: read only when something is rendered. */
export const RENDERS_CACHE_FILE = "renders.json";

/** The last successful `gen models` run: its input fingerprint and what it reported. */
export interface RunRecord {
  readonly fingerprint: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly waived: number;
  /** Hash of the migration history it was reported against, and the lines it printed. */
  readonly migrationKey: string;
  readonly migrationLines: readonly string[];
}

interface RunFile {
  readonly version: string;
  readonly run?: RunRecord;
}

interface RendersFile {
  readonly version: string;
  readonly renders: Record<string, string>;
}

interface SpecsFile {
  readonly version: string;
  readonly specs: Record<string, SpecFile>;
}

function readJson<T extends { version: string }>(path: string): T | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as T;
    return data?.version === VERSION ? data : undefined;
  } catch {
    return undefined;
  }
}

const hash = (s: string) => createHash("sha256").update(s).digest("hex");

export class ProjectCache implements SpecParseCache {
  private specs: Map<string, SpecFile> | undefined;
  private readonly used = new Map<string, SpecFile>();
  private readonly usedRenders = new Map<string, string>();
  readonly run: RunRecord | undefined;

  private constructor(
    private readonly dir: string,
    run: RunRecord | undefined,
  ) {
    this.run = run;
  }

  /** A missing, damaged or older cache is an empty one. */
  static load(outDir: string): ProjectCache {
    const dir = join(outDir, CACHE_DIR);
    return new ProjectCache(dir, readJson<RunFile>(join(dir, CACHE_FILE))?.run);
  }

  private entries(): Map<string, SpecFile> {
    this.specs ??= new Map(Object.entries(readJson<SpecsFile>(join(this.dir, SPECS_CACHE_FILE))?.specs ?? {}));
    return this.specs;
  }

  get(text: string): SpecFile | undefined {
    const key = hash(text);
    const data = this.entries().get(key);
    if (data) this.used.set(key, data);
    return data;
  }

  set(text: string, data: SpecFile): void {
    // Written as JSON on save: what is read back later is what a fresh check returns.
    this.used.set(hash(text), data);
  }

  /**
   * Rendered files by input key: a key seen before whose file is on disk as the manifest
   * records it is read back instead of rendered.
   */
  memo(manifest: Manifest, read: DiskReader): RenderMemo {
    const known = new Map(Object.entries(readJson<RendersFile>(join(this.dir, RENDERS_CACHE_FILE))?.renders ?? {}));
    return {
      file: (key, path, render) => {
        const expected = known.get(key);
        if (expected !== undefined && manifest.files[path] === expected) {
          const disk = read(path);
          if (disk !== undefined && hash(disk) === expected) {
            this.usedRenders.set(key, expected);
            return disk;
          }
        }
        const content = render();
        this.usedRenders.set(key, hash(content));
        return content;
      },
    };
  }

  /** Keep the spec entries this run used (older ones are dropped) and the run record. */
  save(run: RunRecord | undefined): void {
    if (this.usedRenders.size) writeAtomic(join(this.dir, RENDERS_CACHE_FILE), JSON.stringify({ version: VERSION, renders: Object.fromEntries(this.usedRenders) } satisfies RendersFile));
    if (this.used.size) writeAtomic(join(this.dir, SPECS_CACHE_FILE), JSON.stringify({ version: VERSION, specs: Object.fromEntries(this.used) } satisfies SpecsFile));
    writeAtomic(join(this.dir, CACHE_FILE), JSON.stringify({ version: VERSION, ...(run ? { run } : {}) } satisfies RunFile));
  }
}

/** Everything a `gen models` run reads besides the manifest, hashed once per run. */
export function inputsKey(parts: {
  readonly blueprint: string;
  readonly specs: readonly { readonly path: string; readonly text: string }[];
  readonly templates: ReadonlyMap<string, string>;
  readonly ruleModules: readonly string[];
}): string {
  const h = createHash("sha256");
  const add = (s: string) => h.update(`${s.length}:${s}`);
  add(VERSION);
  add(parts.blueprint);
  for (const [k, v] of [...parts.templates].sort(([a], [b]) => (a < b ? -1 : 1))) (add(k), add(v));
  for (const m of parts.ruleModules) add(m);
  for (const s of [...parts.specs].sort((a, b) => (a.path < b.path ? -1 : 1))) (add(s.path), add(hash(s.text)));
  return h.digest("hex");
}

/** A run's fingerprint: its inputs and the manifest of the files it found (or wrote). */
export const fingerprint = (inputs: string, manifest: string): string => hash(`${inputs}\n${manifest}`);
