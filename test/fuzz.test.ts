import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { generate } from "../src/core/generate.js";
import { readTemplates } from "../src/project/project.js";
import { REPO } from "./helpers/project.js";

/**
 * Property tests (issue: hardening). Bounded and seeded in `npm test`; `npm run fuzz` runs
 * many more cases (FUZZ_RUNS, FUZZ_SEED).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const templates = readTemplates();
const blueprint = (pkg: string) => ({
  path: "blueprint.yaml",
  text: `version: 1\ntargets: { python: { package: ${pkg} }, typescript: {} }\nbase_model:\n  columns:\n    id: { type: uuid, primary_key: true, default: uuid4 }\ntenancy: { tenant_model: Tenant, global_models: [Tenant] }\n`,
});
const TENANT = { path: "specs/00-tenant.yaml", text: "models:\n  Tenant:\n    tenant_scoped: false\n    fields:\n      name: { type: text }\n" };

const nasty = fc.constantFrom('"""', "'''", "\\", "\n", "*/", "`", "${x}", "{{x}}", "\u202e", "\u0000", "é", "😀", "'", '"', " ", "#", ":", "- ", "&a", "*a");
const text = fc.array(fc.oneof(fc.string({ maxLength: 8 }), nasty), { maxLength: 6 }).map((xs) => xs.join(""));
const snake = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,4}){0,2}$/);
const pascal = fc.stringMatching(/^[A-Z][a-z]{1,6}([A-Z][a-z]{1,5}){0,2}$/);

const fieldTypes = ["string", "text", "integer", "bigint", "float", "decimal", "boolean", "date", "datetime", "uuid", "json", "binary", "enum"] as const;
const field = fc.record(
  {
    type: fc.constantFrom(...fieldTypes),
    nullable: fc.boolean(),
    index: fc.boolean(),
    unique: fc.boolean(),
    description: text,
    max_length: fc.integer({ min: 1, max: 300 }),
    default: fc.oneof(text, fc.integer(), fc.boolean(), fc.constant("now")),
    enum: fc.constantFrom("Color", "Mood"),
  },
  { requiredKeys: ["type"] },
);
const relation = fc.record({
  kind: fc.constantFrom("belongs_to", "has_many", "has_one", "many_to_many"),
  model: fc.constantFrom("Tenant", "Alpha", "Beta", "Gamma"),
  nullable: fc.boolean(),
  on_delete: fc.constantFrom("cascade", "restrict", "set_null", "no_action"),
});
const model = fc.record(
  {
    description: text,
    fields: fc.dictionary(snake, field, { maxKeys: 5 }),
    relations: fc.dictionary(snake, relation, { maxKeys: 2 }),
    indexes: fc.array(fc.record({ columns: fc.array(snake, { minLength: 1, maxLength: 2 }) }), { maxLength: 1 }),
  },
  { requiredKeys: ["fields"] },
);
// Specs that are valid by construction apart from what the generator cannot see (names that
// collide with reserved words, money-like names…), so many pass and are compiled for real.
const validField = fc.oneof(
  fc.record({ type: fc.constant("string"), max_length: fc.integer({ min: 1, max: 300 }), nullable: fc.boolean(), description: text }),
  fc.record({ type: fc.constant("text"), default: text }),
  fc.record({ type: fc.constant("integer"), default: fc.integer({ min: -1000, max: 1000 }), index: fc.boolean() }),
  fc.record({ type: fc.constant("bigint"), nullable: fc.boolean() }),
  fc.record({ type: fc.constant("decimal"), precision: fc.integer({ min: 4, max: 20 }), scale: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constant("boolean"), default: fc.boolean() }),
  fc.record({ type: fc.constant("date"), nullable: fc.boolean() }),
  fc.record({ type: fc.constant("datetime"), default: fc.constant("now") }),
  fc.record({ type: fc.constant("uuid"), unique: fc.boolean() }),
  fc.record({ type: fc.constant("json"), nullable: fc.boolean() }),
  fc.record({ type: fc.constant("binary"), nullable: fc.boolean() }),
  fc.record({ type: fc.constant("enum"), enum: fc.constant("Mood"), default: fc.constantFrom("happy", "sad") }),
);
const validSpec = fc
  .record({
    colors: fc.uniqueArray(fc.oneof(snake, text.filter((t) => /[A-Za-z0-9]/.test(t) && t.length < 40 && !/[\u0000-\u001f\u007f]/.test(t))), {
      minLength: 1,
      maxLength: 4,
      selector: (v) => v.toUpperCase().replace(/[^A-Z0-9]+/g, "_"),
    }),
    description: text,
    fields: fc.dictionary(snake, validField, { maxKeys: 6 }),
    parent: fc.boolean(),
  })
  .map((v) => ({
    enums: { Mood: { values: ["happy", "sad"], description: v.description }, Color: { values: v.colors } },
    models: {
      Alpha: { description: v.description, fields: { ...v.fields, paint: { type: "enum", enum: "Color", nullable: true } } },
      Beta: {
        fields: { label: { type: "string", max_length: 20 } },
        relations: v.parent ? { alpha: { kind: "belongs_to", model: "Alpha", nullable: true, on_delete: "set_null" } } : {},
      },
    },
  }));

const spec = fc.record({
  enums: fc.record({ Color: fc.record({ values: fc.uniqueArray(fc.oneof(snake, text), { minLength: 1, maxLength: 4 }), description: text }), Mood: fc.record({ values: fc.constant(["happy", "sad"]) }) }),
  models: fc.dictionary(fc.oneof(fc.constantFrom("Alpha", "Beta", "Gamma"), pascal), model, { minKeys: 1, maxKeys: 3 }),
});

describe("fuzz: the tool never crashes on input", () => {
  it("arbitrary YAML documents end in diagnostics or output, never an exception", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string()), (value) => {
        const yaml = typeof value === "string" ? value : (stringify(value) ?? "");
        const r = generate({ specs: [TENANT, { path: "specs/x.yaml", text: yaml }], blueprint: blueprint("app"), templates });
        return Array.isArray(r.diagnostics);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("structured random specs (valid and invalid) never crash; valid ones compile, import and type-check", async () => {
    const valid: { name: string; files: { path: string; content: string }[] }[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof(spec, validSpec, validSpec), async (s) => {
        const pkg = `fuzz${valid.length}`;
        const r = generate({ specs: [TENANT, { path: "specs/x.yaml", text: stringify(s) }], blueprint: blueprint(pkg), templates });
        const errors = r.diagnostics.filter((d) => d.severity === "error");
        if (errors.length === 0 && valid.length < 12) valid.push({ name: pkg, files: [...r.files] });
        for (const d of r.diagnostics) expect(d.location?.start.line ?? 1).toBeGreaterThan(0);
        return errors.length > 0 ? r.files.length === 0 : r.files.length > 0;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(valid.length, "the generator produced some valid specs").toBeGreaterThan(2);
    // Inside the repository, so the generated TypeScript resolves zod and drizzle-orm.
    mkdirSync(join(REPO, "test", ".fuzz"), { recursive: true });
    const root = mkdtempSync(join(REPO, "test", ".fuzz", "run-"));
    for (const v of valid) {
      for (const f of v.files) {
        const path = join(root, v.name, f.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.content);
      }
    }
    const python = join(REPO, ".venv", "bin", "python");
    if (existsSync(python)) {
      const script = [
        "import importlib, sys",
        "import sqlalchemy.orm",
        ...valid.flatMap((v) => [
          `sys.path.insert(0, ${JSON.stringify(join(root, v.name, "python"))})`,
          `importlib.import_module("${v.name}.models")`,
          `importlib.import_module("${v.name}.schemas")`,
        ]),
        "sqlalchemy.orm.configure_mappers()",
        "print('ok')",
      ].join("\n");
      const r = spawnSync(python, ["-c", script], { encoding: "utf8" });
      expect(r.stdout + r.stderr).toContain("ok");
    } else expect(process.env.CI, "CI=true requires the Python venv").not.toBe("true");
    writeFileSync(
      join(root, "tsconfig.json"),
      JSON.stringify({ extends: join(REPO, "test", "typescript", "tsconfig.json"), include: valid.map((v) => `${v.name}/typescript/**/*.ts`) }),
    );
    const tsc = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    rmSync(root, { recursive: true, force: true });
  });
});
