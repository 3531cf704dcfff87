import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parse } from "yaml";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { CASES, REPO } from "./helpers/project.js";
import { pyrightStrict } from "./helpers/python.js";
import { loadSamples } from "./helpers/wire-table.js";

/**
 * Run what we generate (README: Standards): the example project's Python and every valid
 * golden case's Python must pass ruff and mypy --strict, import, create its tables on a real
 * PostgreSQL, match the schema projection, round-trip rows and validate DTOs.
 */
const VENV = join(REPO, ".venv", "bin");
const venvProblem = existsSync(join(VENV, "python")) ? "" : "no Python venv at .venv (see README: python3 -m venv .venv && .venv/bin/pip install -r requirements.txt)";
const ci = process.env.CI === "true";

const targets = [
  { name: "example project", root: join(REPO, "generated") },
  ...readdirSync(CASES)
    .filter((d) => !d.startsWith("fail-") && existsSync(join(CASES, d, "specs")))
    .map((d) => ({ name: `case ${d}`, root: join(CASES, d, "expected") })),
];

/** A bounded column's sample value (samples.yaml), for the row the Python checks insert. */
function samplesEnv(root: string): Record<string, string> {
  const samples = loadSamples(root);
  if (samples.size === 0) return {};
  const file = join(mkdtempSync(join(tmpdir(), "bpg-samples-")), "samples.json");
  writeFileSync(file, JSON.stringify(Object.fromEntries([...samples].map(([k, row]) => [k, JSON.parse(row.accept[0]!)]))));
  return { BPG_SAMPLES: file };
}

/** A case may bring hand-written Python (mixins) under python-extra/, put on the path. */
function extraPath(root: string): Record<string, string> {
  const extra = join(root, "..", "python-extra");
  return existsSync(extra) ? { PYTHONPATH: extra, MYPYPATH: extra } : {};
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(join(VENV, cmd), args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describe("spec text is inert in generated Python", () => {
  it.skipIf(!!venvProblem)("hostile-text: the AST holds only generated statements; text reads back exactly", () => {
    const dir = join(CASES, "hostile-text");
    const spec = parse(readFileSync(join(dir, "specs", "hostile.yaml"), "utf8")) as {
      enums: Record<string, { description: string; values: string[] }>;
      models: Record<string, { description: string; fields: Record<string, { default?: string }> }>;
    };
    const expectations = {
      docstrings: {
        Note: spec.models.Note!.description,
        QuoteEnum: spec.enums.Quote!.description,
      },
      enums: { QuoteEnum: spec.enums.Quote!.values },
      defaults: { "Note.body": spec.models.Note!.fields.body!.default, "Note.label": spec.models.Note!.fields.label!.default },
    };
    const file = join(mkdtempSync(join(tmpdir(), "bpg-inert-")), "expect.json");
    writeFileSync(file, JSON.stringify(expectations));
    const r = run("python", [join(REPO, "test", "python", "inert_check.py"), file], REPO, {
      BPG_PACKAGE_ROOT: join(dir, "expected", "python"),
      BPG_PACKAGE: "app",
    });
    expect(r.output).toContain("inert");
    expect(r.code, r.output).toBe(0);
  });
});

describe.each(targets)("generated Python: $name", ({ root }) => {
  const pythonRoot = join(root, "python");
  const pkg = existsSync(pythonRoot) ? (readdirSync(pythonRoot).find((d) => existsSync(join(pythonRoot, d, "__init__.py"))) ?? "") : "";

  it("has a Python venv to check with", () => {
    if (ci) expect(venvProblem, "CI=true requires the Python venv").toBe("");
  });

  it.skipIf(!!venvProblem)("passes ruff check, ruff format --check, mypy --strict and pyright --strict", () => {
    const ruffConfig = join(REPO, "test", "python", "ruff.toml");
    const check = run("ruff", ["check", "--no-cache", "--config", ruffConfig, "."], pythonRoot);
    expect(check.code, check.output).toBe(0);
    const format = run("ruff", ["format", "--no-cache", "--check", "--config", ruffConfig, "."], pythonRoot);
    expect(format.code, format.output).toBe(0);
    const migrations = join(root, "migrations");
    if (existsSync(migrations)) {
      const lint = run("ruff", ["check", "--no-cache", "--config", ruffConfig, "."], migrations);
      expect(lint.code, lint.output).toBe(0);
      const fmt = run("ruff", ["format", "--no-cache", "--check", "--config", ruffConfig, "."], migrations);
      expect(fmt.code, fmt.output).toBe(0);
    }
    const mypy = run("mypy", ["--strict", "--no-incremental", "--cache-dir=/dev/null", pkg], pythonRoot, extraPath(root));
    expect(mypy.code, mypy.output).toBe(0);
    const pyright = pyrightStrict(pythonRoot, extraPath(root).PYTHONPATH);
    expect(pyright.code, pyright.output).toBe(0);
    expect(pyright.files, pyright.output).toBeGreaterThan(0);
  });

  it.skipIf(!!venvProblem)("runs on PostgreSQL: tables, rows, enums, DTOs", () => {
    const url = inject("databaseUrl");
    if (!url) {
      expect(ci, `CI=true requires PostgreSQL: ${inject("databaseProblem")}`).toBe(false);
      return;
    }
    const r = run("python", ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(REPO, "test", "python")], REPO, {
      BPG_PACKAGE_ROOT: pythonRoot,
      BPG_PACKAGE: pkg,
      BPG_DATABASE_JSON: join(root, "schema", "database.json"),
      BPG_DATABASE_URL: url,
      ...extraPath(root),
      ...samplesEnv(root),
    });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/\d+ passed/);
  });
});
