import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError, type Io } from "./io.js";

const LOCK_FILE = ".gen.lock";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Serialize runs that write into `dir`: a second `gen` waits for the first (saying so), and a
 * lock left by a killed run (its process is gone) is taken over. `fn` is told whether that
 * happened: only a killed run can leave temporary files behind.
 */
export async function withLock<T>(dir: string, io: Io, fn: (recovered: boolean) => Promise<T> | T, waitMs = 60_000): Promise<T> {
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  let told = false;
  let recovered = false;
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let pid = 0;
      try {
        pid = Number.parseInt(readFileSync(path, "utf8"), 10);
      } catch {
        continue; // released between our two calls
      }
      if (!pid || !alive(pid)) {
        io.stderr(`recovered a stale lock left by a run that no longer exists (pid ${pid || "unknown"})\n`);
        recovered = true;
        try {
          unlinkSync(path);
        } catch {
          // another waiter took it first
        }
        continue;
      }
      if (Date.now() > deadline) throw new UserError(`another gen run (pid ${pid}) still holds ${path}; try again when it has finished`);
      if (!told) {
        io.stderr(`waiting for another gen run (pid ${pid}) to finish…\n`);
        told = true;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn(recovered);
  } finally {
    try {
      if (Number.parseInt(readFileSync(path, "utf8"), 10) === process.pid) unlinkSync(path);
      // A failed first run leaves no empty output folder behind: nothing written means nothing.
      if (created && readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // already gone
    }
  }
}
