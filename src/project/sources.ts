import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** The .py files under a folder, sorted (hidden folders, __pycache__ and node_modules skipped). */
function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        if (!name.startsWith(".") && name !== "__pycache__" && name !== "node_modules") walk(full);
      } else if (name.endsWith(".py")) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/**
 * The Python sources `--from-sqlalchemy` names: files, or folders read whole (several paths, so
 * bases and mixins in another folder are read with the models). Each is named from the project
 * root, or, outside it, from the parent of the path given: no machine paths in reports or specs.
 * `missing` names the first path that does not exist.
 */
export function legacySources(root: string, paths: readonly string[]): { sources: { path: string; source: string }[] } | { missing: string } {
  const seen = new Set<string>();
  const sources: { path: string; source: string }[] = [];
  for (const given of paths) {
    if (!existsSync(given)) return { missing: given };
    const folder = statSync(given).isDirectory();
    for (const full of folder ? pythonFiles(given) : [given]) {
      if (seen.has(full)) continue;
      seen.add(full);
      const rel = relative(root, full).split(sep).join("/");
      const path = rel.startsWith("..") ? relative(dirname(folder ? given : dirname(given)), full).split(sep).join("/") : rel;
      sources.push({ path, source: readFileSync(full, "utf8") });
    }
  }
  return { sources };
}
