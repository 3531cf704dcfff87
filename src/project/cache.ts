import { createHash } from "node:crypto";
import { readFileSync, rmSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../input/diagnostic.js";
import { writeAtomic } from "./write.js";
import type { SpecFile } from "../input/spec-schema.js";
import type { SpecParseCache } from "../input/spec-set.js";
import type { Manifest } from "./manifest.js";
import type { HintsJson } from "../migrations/hints.js";
import type { DiffResult } from "../migrations/diff.js";
import type { RenderMemo } from "../targets/memo.js";
import type { DbSchema } from "../db/types.js";
import { BUILD, VERSION } from "../version.js";

/**
 * The tool version, its build and the layout of the cache files: a cache from another version
 * or build, or with another layout, is an empty one. Bump the layout number when a cached
 * shape changes.
 */
const CACHE_VERSION = `${VERSION}/${BUILD}/2`;

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
/** The schema changes the last run found pending: read only by `gen migration`. */
const PENDING_CACHE_FILE = "pending.json";
/** The database schema the last run derived from the specs: read only by `gen migration`. */
const SCHEMA_CACHE_FILE = "schema.json";
/** The stat and hash of files under generated/ (FileHashes). */
export const FILES_CACHE_FILE = "files.json";
/** Hashes of rendered files by the hash of their inputs: read only when something is rendered. */
const RENDERS_CACHE_FILE = "renders.json";

/** The last successful `gen models` run: its input fingerprint and what it reported. */
interface RunRecord {
  readonly fingerprint: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly waived: number;
  /** Hash of the migration history it was reported against, and the lines it printed. */
  readonly migrationKey: string;
  readonly migrationLines: readonly string[];
  /** What `gen migration` needs from the analysis, so that it can skip its own on these inputs. */
  readonly migration: { readonly hints: HintsJson; readonly package: string };
}

/** What the last run diffed: the snapshot it diffed (its digest) and the result. */
export interface PendingChanges {
  readonly fingerprint: string;
  readonly snapshot: string;
  readonly diff: DiffResult;
}

interface PendingFile {
  readonly version: string;
  readonly pending: PendingChanges;
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

interface SchemaHead {
  readonly version: string;
  readonly fingerprint: string;
}

function readJson<T extends { version: string }>(path: string): T | undefined {
  try {
    return readJsonText<T>(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

function readJsonText<T extends { version: string }>(text: string): T | undefined {
  try {
    const data = JSON.parse(text) as T;
    return data?.version === CACHE_VERSION ? data : undefined;
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
   * records it is taken as it is, not rendered (and not read: `files` knows its hash).
   */
  memo(manifest: Manifest, files: FileHashes): RenderMemo {
    const known = new Map(Object.entries(readJson<RendersFile>(join(this.dir, RENDERS_CACHE_FILE))?.renders ?? {}));
    return {
      file: (key, path, render) => {
        const expected = known.get(key);
        if (expected !== undefined && manifest.files[path] === expected && files.hash(path) === expected) {
          this.usedRenders.set(key, expected);
          return { path, hash: expected, kept: true };
        }
        const content = render();
        const rendered = hash(content);
        this.usedRenders.set(key, rendered);
        return { path, content, hash: rendered };
      },
    };
  }

  /** The pending changes the last run saved, when they belong to the run with `fingerprint`. */
  pending(fingerprint: string): PendingChanges | undefined {
    const pending = readJson<PendingFile>(join(this.dir, PENDING_CACHE_FILE))?.pending;
    return pending?.fingerprint === fingerprint ? pending : undefined;
  }

  /**
   * The schema the run with `fingerprint` derived, as the JSON text it saved (see save): the
   * analysis is a function of the run's inputs, so `gen migration` on the same inputs need not
   * repeat it, nor read anything the run wrote under generated/.
   */
  schema(fingerprint: string): DbSchema | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.dir, SCHEMA_CACHE_FILE), "utf8");
    } catch {
      return undefined;
    }
    const nl = text.indexOf("\n");
    const head = readJsonText<SchemaHead>(text.slice(0, Math.max(nl, 0)));
    if (head?.fingerprint !== fingerprint) return undefined;
    try {
      const { enums, tables, views, domains } = JSON.parse(text.slice(nl + 1)) as DbSchema;
      return { enums, tables, ...(views?.length ? { views } : {}), ...(domains?.length ? { domains } : {}) };
    } catch {
      return undefined;
    }
  }

  /**
   * Keep the spec entries this run used (older ones are dropped), the run record, what it
   * diffed and the schema it derived (`schemaJson`: the schema as JSON text, the one the run
   * already rendered).
   */
  save(run: RunRecord | undefined, pending?: PendingChanges, schemaJson?: string): void {
    if (run && schemaJson !== undefined) {
      writeAtomic(join(this.dir, SCHEMA_CACHE_FILE), `${JSON.stringify({ version: CACHE_VERSION, fingerprint: run.fingerprint } satisfies SchemaHead)}\n${schemaJson}`);
    } else rmSync(join(this.dir, SCHEMA_CACHE_FILE), { force: true });
    if (pending) writeAtomic(join(this.dir, PENDING_CACHE_FILE), JSON.stringify({ version: CACHE_VERSION, pending } satisfies PendingFile));
    else rmSync(join(this.dir, PENDING_CACHE_FILE), { force: true });
    if (this.usedRenders.size) writeAtomic(join(this.dir, RENDERS_CACHE_FILE), JSON.stringify({ version: CACHE_VERSION, renders: Object.fromEntries(this.usedRenders) } satisfies RendersFile));
    if (this.used.size) writeAtomic(join(this.dir, SPECS_CACHE_FILE), JSON.stringify({ version: CACHE_VERSION, specs: Object.fromEntries(this.used) } satisfies SpecsFile));
    writeAtomic(join(this.dir, CACHE_FILE), JSON.stringify({ version: CACHE_VERSION, ...(run ? { run } : {}) } satisfies RunFile));
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

/** Files are remembered by stat once they are older than this when hashed (git's "racily clean"). */
const RACY_MS = 100;

interface FileState {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly hash: string;
}

interface FilesFile {
  readonly version: string;
  readonly files: Record<string, FileState>;
}

/**
 * The sha256 of files under generated/, kept across runs in `.cache/files.json` with their
 * stat (size, mtime, inode), as git's index keeps them: a file whose stat is what it was when it
 * was hashed is not read again. Two writes in one tick of the file system's clock leave the
 * same mtime, so a hash is remembered only when it was taken more than RACY_MS after the
 * file's mtime; a file hashed sooner (one this run just wrote) is read once more next time.
 */
export class FileHashes {
  private readonly seen = new Map<string, FileState>();
  private changed = false;

  private constructor(
    private readonly outDir: string,
    private readonly known: ReadonlyMap<string, FileState>,
  ) {}

  static load(outDir: string): FileHashes {
    return new FileHashes(outDir, new Map(Object.entries(readJson<FilesFile>(join(outDir, CACHE_DIR, FILES_CACHE_FILE))?.files ?? {})));
  }

  /** The sha256 of the file at `rel` (relative to generated/); undefined when there is none. */
  hash(rel: string): string | undefined {
    const st = statSync(join(this.outDir, rel), { throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    const known = this.known.get(rel);
    if (known && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino) {
      this.seen.set(rel, known);
      return known.hash;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.outDir, rel));
    } catch {
      return undefined;
    }
    // The stat taken before the read: if the file changes in between, its next stat differs.
    return this.remember(rel, st, createHash("sha256").update(bytes).digest("hex"));
  }

  /** A file this run wrote: the stat of its temporary file before the rename, and its hash. */
  wrote(rel: string, st: Stats, hash: string): void {
    this.remember(rel, st, hash);
  }

  private remember(rel: string, st: Stats, hash: string): string {
    this.changed = true;
    if (Date.now() - st.mtimeMs > RACY_MS) this.seen.set(rel, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, hash });
    else this.seen.delete(rel);
    return hash;
  }

  /** Keep what this run hashed (files it did not look at are dropped), when anything changed. */
  save(): void {
    if (!this.changed && this.seen.size === this.known.size) return;
    writeAtomic(join(this.outDir, CACHE_DIR, FILES_CACHE_FILE), JSON.stringify({ version: CACHE_VERSION, files: Object.fromEntries(this.seen) } satisfies FilesFile));
  }
}
