import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, inject, it } from "vitest";
import { readTemplates } from "../src/project/project.js";
import { generate } from "../src/core/generate.js";
import { checkDrizzleService } from "./helpers/drizzle-service.js";
import { pyrightStrict } from "./helpers/python.js";
import { checkWireTable } from "./helpers/wire-check.js";
import { REPO } from "./helpers/project.js";
import { RANDOM_TENANT, randomBlueprint, randomProject } from "./helpers/random-specs.js";

/**
 * A seeded corpus of property-generated projects, judged by the ecosystem's own tools: ruff
 * check and `ruff format --check` (the Python layout must be ruff's for whatever a spec can
 * make), mypy and pyright --strict, tsc --strict, the wire table through zod and Pydantic,
 * drizzle-orm on node-postgres (with drizzle-kit push), and the FastAPI suite on PostgreSQL.
 * The names come from what the generated modules import (`text`, `func`, `Index`…).
 */
const COUNT = Number(process.env.CORPUS_PROJECTS ?? 6);
const SEED = Number(process.env.CORPUS_SEED ?? 11);
const VENV = join(REPO, ".venv", "bin");
const ci = process.env.CI === "true";
const hasVenv = existsSync(join(VENV, "python"));

function build() {
  const templates = readTemplates();
  const projects: { pkg: string; files: { path: string; content: string }[] }[] = [];
  for (const [i, text] of fc.sample(randomProject, { numRuns: COUNT * 3, seed: SEED }).entries()) {
    if (projects.length === COUNT) break;
    const pkg = `corpus${i}`;
    const r = generate({
      specs: [{ path: "specs/00-tenant.yaml", text: RANDOM_TENANT }, { path: "specs/random.yaml", text }],
      blueprint: { path: "blueprint.yaml", text: randomBlueprint(pkg) },
      templates,
    });
    if (r.diagnostics.some((d) => d.severity === "error")) continue;
    projects.push({ pkg, files: [...r.files] });
  }
  // Inside the repository, so the generated TypeScript resolves zod and drizzle-orm.
  mkdirSync(join(REPO, "test", ".fuzz"), { recursive: true });
  const root = mkdtempSync(join(REPO, "test", ".fuzz", "corpus-"));
  for (const p of projects) {
    for (const f of p.files) {
      const path = join(root, p.pkg, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
  }
  return { root, projects };
}

const corpus = build();
afterAll(() => {
  if (!process.env.CORPUS_KEEP) rmSync(corpus.root, { recursive: true, force: true });
});

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(join(VENV, cmd), args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describe("property-generated projects", () => {
  it("the corpus has the projects it asked for", () => {
    expect(corpus.projects.length).toBe(COUNT);
  });

  it("tsc --strict accepts their TypeScript", () => {
    writeFileSync(
      join(corpus.root, "tsconfig.json"),
      JSON.stringify({ extends: join(REPO, "test", "typescript", "tsconfig.json"), include: corpus.projects.map((p) => `${p.pkg}/typescript/**/*.ts`) }),
    );
    const tsc = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(corpus.root, "tsconfig.json")], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
  });

  it.skipIf(!hasVenv && !ci)("ruff check, ruff format --check, mypy --strict and pyright --strict accept their Python", () => {
    const ruffConfig = join(REPO, "test", "python", "ruff.toml");
    const pythonRoots = corpus.projects.map((p) => join(corpus.root, p.pkg, "python"));
    for (const dir of pythonRoots) {
      const check = run("ruff", ["check", "--no-cache", "--config", ruffConfig, "."], dir);
      expect(check.code, check.output).toBe(0);
      const format = run("ruff", ["format", "--no-cache", "--check", "--config", ruffConfig, "."], dir);
      expect(format.code, format.output).toBe(0);
      const mypy = run("mypy", ["--strict", "--no-incremental", "--cache-dir=/dev/null", "."], dir);
      expect(mypy.code, mypy.output).toBe(0);
      const pyright = pyrightStrict(dir);
      expect(pyright.code, pyright.output).toBe(0);
      expect(pyright.files, pyright.output).toBeGreaterThan(0);
    }
  });

  it.skipIf(!hasVenv && !ci)("zod and both Pydantic paths give the wire table's verdict on every body", async () => {
    for (const p of corpus.projects) await checkWireTable(join(corpus.root, p.pkg));
  });

  it("drizzle-orm on node-postgres: push twice, insert, relational query, Read DTO mapping", async () => {
    const url = inject("databaseUrl");
    if (!url) {
      expect(ci, `CI=true requires PostgreSQL: ${inject("databaseProblem")}`).toBe(false);
      return;
    }
    for (const p of corpus.projects) await checkDrizzleService(join(corpus.root, p.pkg), url);
  });

  it.skipIf(!hasVenv && !ci)("serve, update and delete through FastAPI, sync and async, on PostgreSQL", () => {
    const url = inject("databaseUrl");
    if (!url) {
      expect(ci, `CI=true requires PostgreSQL: ${inject("databaseProblem")}`).toBe(false);
      return;
    }
    for (const p of corpus.projects) {
      const r = run("python", ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(REPO, "test", "python")], REPO, {
        BPG_PACKAGE_ROOT: join(corpus.root, p.pkg, "python"),
        BPG_PACKAGE: p.pkg,
        BPG_DATABASE_JSON: join(corpus.root, p.pkg, "schema", "database.json"),
        BPG_DATABASE_URL: url,
      });
      expect(r.code, `${p.pkg}\n${r.output}`).toBe(0);
      expect(r.output).toMatch(/\d+ passed/);
    }
  });
});
