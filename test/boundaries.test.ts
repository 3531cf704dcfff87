import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/project.js";

/**
 * The floors of src/ (README: Architecture), ground up. A folder imports only its own floor
 * and the floors below it; only the project's file system folder and the commands touch
 * `node:fs`; commands do not import each other (main.ts dispatches, watch.ts is `models --watch`).
 */
export const FLOORS = ["lang", "input", "ir", "rules", "db", "migrations", "targets", "core", "audit", "adopt", "project", "cli"] as const;
const ROOT_FILES: Record<string, number> = { "version.ts": 0, "index.ts": FLOORS.length };
const FS_FLOORS = new Set(["project", "cli"]);
const COMMANDS = new Set(["audit", "explain", "import", "migration", "models", "scaffold", "verify"]);

const SRC = join(REPO, "src");
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function floorOf(file: string): number {
  const rel = relative(SRC, file).split("\\").join("/");
  if (!rel.includes("/")) {
    const f = ROOT_FILES[rel];
    if (f === undefined) throw new Error(`src/${rel}: a file at the top of src/ must be listed in ROOT_FILES`);
    return f;
  }
  const floor = FLOORS.indexOf(rel.split("/")[0] as (typeof FLOORS)[number]);
  if (floor < 0) throw new Error(`src/${rel}: ${rel.split("/")[0]} is not a floor (${FLOORS.join(", ")})`);
  return floor;
}

const imports = sources(SRC).map((file) => {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return { file, specs };
});

describe("architecture: the floors of src/", () => {
  it("every folder imports only its floor and the floors below", () => {
    const bad: string[] = [];
    for (const { file, specs } of imports) {
      for (const spec of specs.filter((s) => s.startsWith("."))) {
        const target = normalize(join(dirname(file), spec.replace(/\.js$/, ".ts")));
        if (floorOf(target) > floorOf(file)) bad.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("only project/ and cli/ touch the file system", () => {
    const bad = imports.filter(({ file, specs }) => specs.some((s) => /^(node:)?fs(\/promises)?$/.test(s)) && !FS_FLOORS.has(FLOORS[floorOf(file)]!));
    expect(bad.map((b) => relative(SRC, b.file))).toEqual([]);
  });

  it("no export is dead: each is used by another module, a test or a script (src/index.ts is the public API)", () => {
    const others = [...sources(SRC), ...sources(join(REPO, "test")), ...sources(join(REPO, "scripts"))].map((f) => ({ f, text: readFileSync(f, "utf8") }));
    const dead: string[] = [];
    for (const { file } of imports) {
      if (relative(SRC, file) === "index.ts") continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^export (?:declare )?(?:async )?(?:const|function\*?|class|interface|type|let|enum) (\w+)/gm)) {
        const name = new RegExp(`\\b${m[1]}\\b`);
        if (!others.some((o) => o.f !== file && name.test(o.text))) dead.push(`${relative(SRC, file)}: ${m[1]}`);
      }
    }
    expect(dead).toEqual([]);
  });

  it("commands do not import each other", () => {
    const bad: string[] = [];
    for (const { file, specs } of imports) {
      const rel = relative(SRC, file).split("\\").join("/");
      if (!rel.startsWith("cli/")) continue;
      const name = rel.slice(4).replace(/\.ts$/, "");
      if (name === "main" || name === "bin") continue;
      for (const spec of specs.filter((s) => s.startsWith("./"))) {
        const target = spec.slice(2).replace(/\.js$/, "");
        if (COMMANDS.has(target) && !(name === "watch" && target === "models")) bad.push(`cli/${name} imports cli/${target}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
