import { existsSync, readdirSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import { UserError, type Io } from "../project/io.js";
import { runModels, type ModelsOptions } from "./models.js";
import { BLUEPRINT_FILE, PROJECT_TEMPLATES_DIR, SPECS_DIR } from "../project/project.js";

const DEBOUNCE_MS = 80;

/**
 * Watch a folder tree with one non-recursive watcher per folder. Node 20's recursive watch on
 * Linux stops reporting a file once an editor saves it by rename, which directory watchers
 * still see. New sub-folders are picked up on the next event.
 */
function watchTree(dir: string, onChange: () => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const sync = () => {
    const dirs = new Set<string>();
    const walk = (d: string) => {
      dirs.add(d);
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    };
    if (existsSync(dir)) walk(dir);
    for (const [d, w] of watchers) if (!dirs.has(d)) (w.close(), watchers.delete(d));
    for (const d of dirs) {
      if (!watchers.has(d)) {
        watchers.set(
          d,
          watch(d, () => {
            sync();
            onChange();
          }),
        );
      }
    }
  };
  sync();
  return { close: () => watchers.forEach((w) => w.close()) };
}

/**
 * `gen models --watch`: rerun on every change to specs/, blueprint.yaml or templates/,
 * debounced. A run with errors shows them and writes nothing; the watch keeps going.
 */
export async function runWatch(root: string, options: ModelsOptions, io: Io, stop?: AbortSignal): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const once = async () => {
    let out = "";
    const buffered: Io = { ...io, stderr: (s) => (out += s), stdout: (s) => (out += s) };
    try {
      await runModels(root, options, buffered);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      out += `gen: ${e.message}\n`;
    }
    const time = new Date().toTimeString().slice(0, 8);
    io.stderr(`[${time}] ${out}`);
  };
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = once().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });
    return running;
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  };

  const templates = join(root, PROJECT_TEMPLATES_DIR);
  const watchers = [
    watchTree(join(root, SPECS_DIR), schedule),
    watchTree(templates, schedule),
    watch(root, (_event, name) => {
      if (name === BLUEPRINT_FILE) schedule();
    }),
  ];
  await run();
  io.stderr(`watching ${SPECS_DIR}/, ${BLUEPRINT_FILE}${existsSync(templates) ? `, ${PROJECT_TEMPLATES_DIR}/` : ""} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (stop?.aborted) resolve();
    stop?.addEventListener("abort", () => resolve());
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  return 0;
}
