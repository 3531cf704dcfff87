import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { stringify } from "yaml";
import { readTemplates } from "../src/project/project.js";
import { generate } from "../src/core/generate.js";
import { PASCAL_CASE, SNAKE_CASE } from "../src/ir/naming.js";
import { CASES, REPO, listFiles } from "./helpers/project.js";
import { VENV, pyrightStrict } from "./helpers/python.js";
import { RANDOM_TENANT, randomBlueprint } from "./helpers/random-specs.js";

/**
 * No spec name may break the output: every name the generated modules import (`text`, `func`,
 * `relationship`, `Index`, `Text`, `relations`, `sql`…) is tried as a field, a relation and a
 * model name. Each is either refused with a located diagnostic, or taken into one project that
 * must import, configure its mappers, pass ruff, mypy, pyright and tsc, and serve through
 * FastAPI on PostgreSQL.
 */
const templates = readTemplates();
const roots = [join(REPO, "generated"), ...readdirSync(CASES).filter((d) => !d.startsWith("fail-")).map((d) => join(CASES, d, "expected"))];

function importedNames(): Set<string> {
  const names = new Set<string>();
  for (const root of roots) {
    for (const f of listFiles(root)) {
      const text = readFileSync(join(root, f), "utf8");
      if (f.endsWith(".py")) {
        for (const m of text.matchAll(/^\s*from \S+ import \(?([^)]*?)\)?$/gms)) {
          for (const part of m[1]!.split(/[,\n]/)) {
            const name = part.trim().split(/\s+as\s+/)[0]!.trim();
            if (name) names.add(name);
          }
        }
        for (const m of text.matchAll(/^import (\w+)/gm)) names.add(m[1]!);
      } else if (f.endsWith(".ts")) {
        for (const m of text.matchAll(/^import (?:type )?\{([^}]*)\} from/gms)) {
          for (const part of m[1]!.split(",")) if (part.trim()) names.add(part.trim());
        }
      }
    }
  }
  return names;
}

function tryProject(models: Record<string, unknown>) {
  return generate({
    specs: [{ path: "specs/00-tenant.yaml", text: RANDOM_TENANT }, { path: "specs/names.yaml", text: stringify({ models }) }],
    blueprint: { path: "blueprint.yaml", text: randomBlueprint("names") },
    templates,
  });
}

const names = [...importedNames()].sort();
const snake = names.filter((n) => SNAKE_CASE.test(n));
const pascal = names.filter((n) => PASCAL_CASE.test(n) && n !== "Tenant");
const accepted = { fields: [] as string[], relations: [] as string[], models: [] as string[] };
const refused: { name: string; as: string; message: string; line: number }[] = [];
for (const n of snake) {
  const field = tryProject({ Holder: { fields: { [n]: { type: "text", nullable: true } } } });
  const relation = tryProject({ Holder: { fields: { label: { type: "text" } } }, Linker: { relations: { [n]: { kind: "belongs_to", model: "Holder", nullable: true, on_delete: "set_null" } } } });
  for (const [as, r, list] of [["field", field, accepted.fields], ["relation", relation, accepted.relations]] as const) {
    const error = r.diagnostics.find((d) => d.severity === "error");
    if (error) refused.push({ name: n, as, message: error.message, line: error.location?.start.line ?? 0 });
    else list.push(n);
  }
}
for (const n of pascal) {
  const r = tryProject({ [n]: { fields: { label: { type: "text" } } } });
  const error = r.diagnostics.find((d) => d.severity === "error");
  if (error) refused.push({ name: n, as: "model", message: error.message, line: error.location?.start.line ?? 0 });
  // Two models may not differ by letter case only (`INET` and `Inet`, rule 2.1.0.3): one project
  // holds the first of such names; each was tried alone above.
  else if (!accepted.models.some((m) => m.toLowerCase() === n.toLowerCase())) accepted.models.push(n);
}

// One project with every accepted name: the field names on Holder, the relation names on
// Linker, which also references every accepted model (their names in its TYPE_CHECKING block
// beside SQLAlchemy's own) and has a field of every type those imports come from.
const combined = {
  Holder: { fields: Object.fromEntries(accepted.fields.map((n) => [n, { type: "text", nullable: true }])) },
  Linker: {
    fields: {
      note: { type: "text" },
      title: { type: "string", max_length: 20 },
      when_done: { type: "datetime", nullable: true },
      amount_due: { type: "decimal", nullable: true },
      blob_data: { type: "binary", nullable: true },
      extra: { type: "json", nullable: true },
      big: { type: "bigint", default: 0 },
    },
    relations: {
      ...Object.fromEntries(accepted.relations.map((n) => [n, { kind: "belongs_to", model: "Holder", nullable: true, on_delete: "set_null" }])),
      ...Object.fromEntries(accepted.models.map((m, i) => [`ref_${i}`, { kind: "belongs_to", model: m, nullable: true, on_delete: "set_null" }])),
    },
  },
  ...Object.fromEntries(accepted.models.map((m) => [m, { fields: { label: { type: "text" } } }])),
};
const result = tryProject(combined);
mkdirSync(join(REPO, "test", ".fuzz"), { recursive: true });
const root = mkdtempSync(join(REPO, "test", ".fuzz", "names-"));
for (const f of result.files) {
  mkdirSync(dirname(join(root, f.path)), { recursive: true });
  writeFileSync(join(root, f.path), f.content);
}
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ci = process.env.CI === "true";
const hasVenv = existsSync(join(VENV, "python"));
const run = (cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
  const r = spawnSync(join(VENV, cmd), args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
};

describe("every imported name as a spec name", () => {
  it("the generated modules import the names we expect to try, and most are taken", () => {
    for (const n of ["text", "func", "mapped_column", "relationship", "enum_values", "relations", "sql"]) expect(snake).toContain(n);
    for (const n of ["Text", "Index", "String", "Mapped", "ForeignKey"]) expect(pascal).toContain(n);
    for (const n of ["text", "func", "relationship", "mapped_column", "sql", "relations"]) expect(accepted.fields).toContain(n);
    expect(accepted.models).toContain("Text");
  });

  it("a name that is refused is refused with a located diagnostic", () => {
    for (const r of refused) expect(r.line, `${r.as} ${r.name}: ${r.message}`).toBeGreaterThan(0);
  });

  it("the project with every taken name generates without a diagnostic", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("tsc --strict accepts its TypeScript", () => {
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ extends: join(REPO, "test", "typescript", "tsconfig.json"), include: ["typescript/**/*.ts"] }));
    const tsc = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
  });

  it.skipIf(!hasVenv && !ci)("its Python passes ruff, mypy and pyright, and serves through FastAPI on PostgreSQL", () => {
    const python = join(root, "python");
    const ruffConfig = join(REPO, "test", "python", "ruff.toml");
    for (const args of [["check"], ["format", "--check"]]) {
      const r = run("ruff", [...args, "--no-cache", "--config", ruffConfig, "."], python);
      expect(r.code, r.output).toBe(0);
    }
    const mypy = run("mypy", ["--strict", "--no-incremental", "--cache-dir=/dev/null", "names"], python);
    expect(mypy.code, mypy.output).toBe(0);
    const pyright = pyrightStrict(python);
    expect(pyright.code, pyright.output).toBe(0);
    expect(pyright.files, pyright.output).toBeGreaterThan(0);
    const url = inject("databaseUrl");
    if (!url) {
      expect(ci, `CI=true requires PostgreSQL: ${inject("databaseProblem")}`).toBe(false);
      return;
    }
    const r = run("python", ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(REPO, "test", "python")], REPO, {
      BPG_PACKAGE_ROOT: python,
      BPG_PACKAGE: "names",
      BPG_DATABASE_JSON: join(root, "schema", "database.json"),
      BPG_DATABASE_URL: url,
    });
    expect(r.code, r.output).toBe(0);
  });
});
