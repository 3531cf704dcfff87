import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { RULES } from "../rules/catalog.js";
import type { Rule } from "../rules/rule.js";
import type { Diagnostic } from "../input/diagnostic.js";
import { loadBlueprint } from "../input/spec-set.js";
import { BLUEPRINT_FILE } from "./project.js";
import { loadModule } from "./load-module.js";

/** Team rule ids live in the team's namespace (`acme.require-description`), never `2.1.x`. */
const TEAM_RULE_ID = /^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$/;

async function importModule(path: string): Promise<Record<string, unknown>> {
  if (extname(path) !== ".ts") return loadModule<Record<string, unknown>>(pathToFileURL(path).href);
  // TypeScript rule modules are transpiled with the project's `typescript` package.
  let ts: typeof import("typescript");
  try {
    ts = (await loadModule<{ default: typeof import("typescript") }>("typescript")).default;
  } catch {
    throw new Error("loading a .ts rule module needs the `typescript` package in the project (or ship the rule as .js)");
  }
  const out = ts.transpileModule(readFileSync(path, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: path,
  });
  const dir = mkdtempSync(join(tmpdir(), "bpg-rule-"));
  try {
    const js = join(dir, "rule.mjs");
    writeFileSync(js, out.outputText);
    return await loadModule<Record<string, unknown>>(pathToFileURL(js).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function isRule(x: unknown): x is Rule {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.id === "string" && typeof r.title === "string" && (r.severity === "error" || r.severity === "warning") && typeof r.check === "function";
}

/**
 * Load the blueprint's rule_modules. Each module exports a rule (default export) or a list of
 * them (`rules`); a rule has the same shape as a built-in one. Problems are located diagnostics
 * at the module's entry in blueprint.yaml.
 */
export async function loadTeamRules(
  root: string,
  blueprintText: string,
): Promise<{ rules: Rule[]; diagnostics: Diagnostic[]; sources: string[]; loaded: ReturnType<typeof loadBlueprint> }> {
  const loaded = loadBlueprint({ path: BLUEPRINT_FILE, text: blueprintText });
  const { blueprint } = loaded;
  const modules = blueprint?.spec.rule_modules ?? [];
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  /** The modules' texts: part of what a cached run is keyed by. */
  const sources: string[] = [];
  const seen = new Set(RULES.map((r) => r.id));
  for (const [i, rel] of modules.entries()) {
    const at = blueprint!.origin.file.locate(["rule_modules", i]);
    const fail = (message: string, hint: string) => diagnostics.push({ rule: "2.1.0.4", severity: "error", message, location: at, path: `rule_modules.${i}`, hint });
    const path = resolve(root, rel);
    if (!existsSync(path)) {
      fail(`rule module ${rel} does not exist`, "paths are relative to the project folder");
      continue;
    }
    sources.push(`${rel}\n${readFileSync(path, "utf8")}`);
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(path);
    } catch (e) {
      fail(`rule module ${rel} failed to load: ${(e as Error).message}`, "fix the module; it must be an ES module");
      continue;
    }
    const exported = [mod.default, ...(Array.isArray(mod.rules) ? mod.rules : [])].filter((x) => x !== undefined);
    if (exported.length === 0) {
      fail(`rule module ${rel} exports no rule`, "export default { id, title, severity, rationale, hint, check(ctx) } or `export const rules = [...]`");
      continue;
    }
    for (const r of exported.flat()) {
      if (!isRule(r)) {
        fail(`rule module ${rel} exports something that is not a rule`, "a rule has id, title, severity (error | warning), rationale, hint and check(ctx)");
      } else if (!TEAM_RULE_ID.test(r.id)) {
        fail(`team rule id \`${r.id}\` must be in your own namespace, e.g. \`acme.${r.id.replace(/[^a-z0-9-]/gi, "-").toLowerCase()}\``, "built-in ids (2.1.x) are reserved");
      } else if (seen.has(r.id)) {
        fail(`rule id \`${r.id}\` is defined twice`, "give each rule its own id");
      } else {
        seen.add(r.id);
        rules.push(r);
      }
    }
  }
  return { rules, diagnostics, sources, loaded };
}
