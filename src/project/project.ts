import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../input/diagnostic.js";
import { checkOverrides } from "../targets/overrides.js";
import type { SourceFile } from "../input/spec-set.js";
import { MAX_SPEC_BYTES } from "../input/load.js";

export const BLUEPRINT_FILE = "blueprint.yaml";
export const SPECS_DIR = "specs";
export const OUT_DIR = "generated";

/** The built-in templates shipped with the package. */
const TEMPLATES_DIR = fileURLToPath(new URL("../../templates", import.meta.url));

const toPosix = (p: string) => p.split(sep).join("/");

/** All `.yaml`/`.yml` files under specs/, recursively, as project-relative paths. */
export function readSpecs(root: string): SourceFile[] {
  const dir = join(root, SPECS_DIR);
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) out.push(readSource(full, toPosix(relative(root, full)), st.size));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Read a spec as UTF-8, refusing (not guessing) invalid bytes; huge files are not read at all. */
function readSource(full: string, path: string, size: number): SourceFile {
  if (size > MAX_SPEC_BYTES) return { path, text: "", unreadable: `the file is ${(size / 1024 / 1024).toFixed(1)} MB; spec files are limited to 1 MB` };
  try {
    return { path, text: utf8.decode(readFileSync(full)) };
  } catch {
    return { path, text: "", unreadable: "the file is not valid UTF-8 (binary data?)" };
  }
}

export function readTemplates(dir = TEMPLATES_DIR): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".hbs")) out.set(toPosix(relative(dir, full)).replace(/\.hbs$/, ""), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return out;
}

export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

export const PROJECT_TEMPLATES_DIR = "templates";

/**
 * Built-in templates with the project's overrides (`templates/<target>/<name>.hbs`) laid over
 * them, checked. In this repository the example project's templates/ *are* the built-ins.
 */
export function loadProjectTemplates(root: string): { templates: Map<string, string>; overridden: Set<string>; diagnostics: Diagnostic[] } {
  const builtins = readTemplates();
  const dir = join(root, PROJECT_TEMPLATES_DIR);
  if (!existsSync(dir) || resolve(dir) === resolve(TEMPLATES_DIR)) return { templates: builtins, overridden: new Set(), diagnostics: [] };
  const overrides = readTemplates(dir);
  const diagnostics = checkOverrides(builtins, overrides, PROJECT_TEMPLATES_DIR);
  const overridden = new Set([...overrides.keys()].filter((k) => builtins.get(k) !== overrides.get(k)));
  return { templates: new Map([...builtins, ...overrides]), overridden, diagnostics };
}

/** Whether a spec file's text declares model `name` (a two-space key under `models:`). */
export function declaresModel(text: string, name: string): boolean {
  return new RegExp(`^  ${name}:`, "m").test(text);
}
