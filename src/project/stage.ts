import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import { insideGuard, tmpName } from "./write.js";

/** Up to this many files are written inline: a worker costs more than it saves on a few. */
const INLINE_WRITES = 32;
/** Files handed to the worker per message. */
const BATCH = 64;

/**
 * The writing thread: temporary files in batches, until told to stop (null); then it answers
 * with the first failure (or null) and ends. Plain CommonJS, evaluated as it is: it loads no
 * module of ours.
 */
const WRITER = `
const { parentPort } = require("node:worker_threads");
const { writeFileSync } = require("node:fs");
let failure = null;
parentPort.on("message", (batch) => {
  if (batch === null) {
    parentPort.postMessage(failure);
    parentPort.close();
    return;
  }
  if (failure) return;
  for (const [path, content] of batch) {
    try {
      writeFileSync(path, content);
    } catch (e) {
      failure = { code: e.code, message: e.message };
      return;
    }
  }
});
`;

type Failure = { readonly code?: string; readonly message: string } | null;

/**
 * Step 1 of carrying out a write plan (see commitPlan): the new content of each file goes to a
 * temporary file beside its target as soon as the file is rendered. Past the first few files
 * the writing happens on a worker thread while the caller renders the next ones: creating
 * thousands of files is kernel time that a second core takes off the critical path.
 */
export class Stager {
  private readonly tmps = new Map<string, string>();
  private readonly made = new Set<string>();
  private readonly inside: (rel: string) => string;
  private batch: [string, string][] = [];
  private worker: Worker | undefined;
  private failure: Error | undefined;

  constructor(outDir: string) {
    this.inside = insideGuard(outDir);
  }

  /** Stage `content` for the file at `rel` (refused, with an UnsafePathError, outside the output folder). */
  add(rel: string, content: string): void {
    const target = this.inside(rel);
    const tmp = tmpName(target);
    this.tmps.set(rel, tmp);
    if (this.failure) return;
    try {
      const dir = dirname(target);
      if (!this.made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.made.add(dir);
      }
      if (this.tmps.size <= INLINE_WRITES) writeFileSync(tmp, content);
      else {
        this.batch.push([tmp, content]);
        if (this.batch.length >= BATCH) this.flush();
      }
    } catch (e) {
      this.failure = e as Error;
    }
  }

  /**
   * Wait until every staged file is on disk; their temporary files by path. On a failure no
   * temporary file is left and the failure is thrown.
   */
  async done(): Promise<ReadonlyMap<string, string>> {
    await this.settle();
    if (this.failure) {
      this.removeAll();
      throw this.failure;
    }
    return this.tmps;
  }

  /** Drop everything staged that was not renamed into place: nothing more is written. */
  async discard(): Promise<void> {
    await this.settle();
    this.removeAll();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    if (!this.worker) {
      this.worker = new Worker(WRITER, { eval: true });
      // A run that fails on the way must not be kept alive by its writer (the temporary files
      // it may leave are removed by the next run); done() and discard() hold it while waiting.
      this.worker.unref();
    }
    this.worker.postMessage(this.batch);
    this.batch = [];
  }

  private async settle(): Promise<void> {
    this.flush();
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.ref();
    const failure = await new Promise<Failure>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.postMessage(null);
    });
    if (failure && !this.failure) this.failure = Object.assign(new Error(failure.message), { code: failure.code });
  }

  private removeAll(): void {
    for (const tmp of this.tmps.values()) {
      try {
        unlinkSync(tmp);
      } catch {
        // never written, or not ours (a folder in the way)
      }
    }
  }
}
