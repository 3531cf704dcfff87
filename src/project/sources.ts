import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The .py files under a folder, sorted (hidden folders, __pycache__ and node_modules skipped). */
export function pythonFiles(dir: string): string[] {
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
