import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceFile } from "../spec/spec-set.js";

export const BLUEPRINT_FILE = "blueprint.yaml";
export const SPECS_DIR = "specs";
export const OUT_DIR = "generated";

/** The built-in templates shipped with the package. */
export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates", import.meta.url));

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
      else if (/\.ya?ml$/.test(name)) out.push({ path: toPosix(relative(root, full)), text: readFileSync(full, "utf8") });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
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
