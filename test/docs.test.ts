import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { blueprintJsonSchema, specJsonSchema } from "../src/input/json-schema.js";
import { CASES, listFiles, REPO, runCli } from "./helpers/project.js";

const specSchema = JSON.parse(specJsonSchema()) as Record<string, unknown>;
const blueprintSchema = JSON.parse(blueprintJsonSchema()) as Record<string, unknown>;

/** Every object property of a JSON Schema, with where it is. */
function properties(node: unknown, at = "$"): [string, Record<string, unknown>][] {
  if (node === null || typeof node !== "object") return [];
  const out: [string, Record<string, unknown>][] = [];
  const obj = node as Record<string, unknown>;
  if (obj.properties && typeof obj.properties === "object") {
    for (const [k, v] of Object.entries(obj.properties as Record<string, unknown>)) out.push([`${at}.${k}`, v as Record<string, unknown>]);
  }
  for (const [k, v] of Object.entries(obj)) if (typeof v === "object") out.push(...properties(v, `${at}/${k}`));
  return out;
}

describe("editor schemas and docs", () => {
  it("docs/ holds the references generated from the code", async () => {
    const r = await runCli(["docs", "--check"], REPO);
    expect(r.stderr).toBe("docs/ is up to date\n");
    expect(r.code).toBe(0);
  });

  it("the committed JSON Schemas are the ones the zod schemas emit", () => {
    expect(readFileSync(join(REPO, "generated/schema/spec.schema.json"), "utf8")).toBe(specJsonSchema());
    expect(readFileSync(join(REPO, "generated/schema/blueprint.schema.json"), "utf8")).toBe(blueprintJsonSchema());
  });

  it("every key in both JSON Schemas has a description", () => {
    const missing = [...properties(specSchema), ...properties(blueprintSchema)].filter(([, p]) => typeof p.description !== "string" || p.description === "").map(([k]) => k);
    expect(missing).toEqual([]);
  });

  it("every example and valid golden spec validates against the JSON Schema (ajv)", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validSpec = ajv.compile(specSchema);
    const validBlueprint = ajv.compile(blueprintSchema);
    const specFiles = [
      ...listFiles(join(REPO, "specs")).map((f) => join(REPO, "specs", f)),
      ...listFiles(CASES)
        .filter((f) => !f.startsWith("fail-") && /\/specs\/.*\.ya?ml$/.test(f))
        .map((f) => join(CASES, f)),
    ];
    expect(specFiles.length).toBeGreaterThan(10);
    for (const f of specFiles) {
      expect(validSpec(parse(readFileSync(f, "utf8"))), `${f}: ${JSON.stringify(validSpec.errors)}`).toBe(true);
    }
    expect(validBlueprint(parse(readFileSync(join(REPO, "blueprint.yaml"), "utf8")))).toBe(true);
    // And it rejects what the tool rejects: a typo'd key, a wrong type, an unknown field type.
    expect(validSpec({ models: { Job: { feilds: {} } } })).toBe(false);
    expect(validSpec({ models: { Job: { fields: { a: { type: "string", max_lenght: 3 } } } } })).toBe(false);
    expect(validSpec({ models: { Job: { fields: { a: { type: "txt" } } } } })).toBe(false);
  });

  it("gen init → gen new model → gen models → gen migration works in an empty folder", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "bpg-init-")), "billing-service");
    expect((await runCli(["init", dir], REPO)).code).toBe(0);
    expect(readFileSync(join(dir, "blueprint.yaml"), "utf8")).toContain("package: billing_service");
    expect((await runCli(["new", "model", "Invoice"], dir)).code).toBe(0);
    expect(readFileSync(join(dir, "specs/invoice.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/generated\/schema\/spec\.schema\.json/);
    const models = await runCli(["models"], dir);
    expect(models.code, models.stderr).toBe(0);
    const mig = await runCli(["migration", "-m", "Initial schema"], dir);
    expect(mig.code, mig.stderr).toBe(0);
    expect(listFiles(join(dir, "generated/migrations/versions"))).toEqual(["0001_initial_schema.py"]);
    const again = await runCli(["init", dir], REPO);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("never overwrites files");
    expect((await runCli(["new", "model", "Invoice"], dir)).stderr).toContain("already declared");
    expect((await runCli(["new", "model", "invoice_line"], dir)).code).toBe(2);
  });
});

describe("template overrides", () => {
  it("docs/templates.md documents every built-in template", async () => {
    const { readTemplates } = await import("../src/project/project.js");
    const doc = readFileSync(join(REPO, "docs/templates.md"), "utf8");
    const missing = [...readTemplates().keys()].filter((k) => !doc.includes(`## \`${k}\``));
    expect(missing).toEqual([]);
  });

  it("an override replaces a built-in template; a broken one fails loudly, naming what is wrong", async () => {
    const { copyProject } = await import("./helpers/project.js");
    const { mkdirSync, writeFileSync } = await import("node:fs");
    const dir = copyProject(REPO);
    mkdirSync(join(dir, "templates/python"), { recursive: true });
    const override = join(dir, "templates/python/package.hbs");
    writeFileSync(override, '{{header}}\n"""Our package."""\n');
    const ok = await runCli(["models"], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(dir, "generated/python/jobsvc/__init__.py"), "utf8")).toContain('"""Our package."""');

    writeFileSync(join(dir, "templates/python/modle.hbs"), "x");
    writeFileSync(override, "{{header}}\n{{> headr}}\n{{upper header}}\n");
    const bad = await runCli(["models"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("templates/python/modle.hbs:1:1: error [2.1.0.7] `python/modle` is not a built-in template");
    expect(bad.stderr).toContain("hint: did you mean `python/model`?");
    expect(bad.stderr).toContain("templates/python/package.hbs:2:1: error [2.1.0.7] unknown partial `headr`");
    expect(bad.stderr).toContain("templates/python/package.hbs:3:1: error [2.1.0.7] unknown helper `upper`");

    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "templates/python/modle.hbs"));
    writeFileSync(override, "{{header}}\n# {{nonexistent}}\n");
    const field = await runCli(["models"], dir);
    expect(field.code).toBe(1);
    expect(field.stderr).toMatch(/^gen: templates\/python\/package\.hbs: "nonexistent" not defined/);
    expect(readFileSync(join(dir, "generated/python/jobsvc/__init__.py"), "utf8")).toContain('"""Our package."""');
  });
});
