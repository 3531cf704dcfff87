import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { readTemplates } from "../src/project/project.js";
import { hasErrors } from "../src/input/diagnostic.js";
import { generate } from "../src/core/generate.js";
import { CASES, listFiles, REPO } from "./helpers/project.js";
import { SYNTHETIC_BLUEPRINT, syntheticSpecs } from "./helpers/synthetic.js";

/**
 * The TypeScript target is written as prettier formats it, without running prettier: every
 * generated .ts file must come back unchanged from prettier (printWidth 100), for the example,
 * every case, the synthetic benchmark models, and a seeded corpus of awkward names and lengths.
 */
const OPTIONS = { parser: "typescript", printWidth: 100 } as const;
const templates = readTemplates();

async function unstable(specs: { path: string; text: string }[], blueprint: string): Promise<string[]> {
  const r = generate({ specs, blueprint: { path: "blueprint.yaml", text: blueprint }, templates });
  expect(hasErrors(r.diagnostics), r.diagnostics.map((d) => d.message).join("\n")).toBe(false);
  const bad: string[] = [];
  const ts = r.files.filter((f) => f.path.endsWith(".ts"));
  expect(ts.length).toBeGreaterThan(0);
  for (const f of ts) {
    const formatted = await prettier.format(f.content, OPTIONS);
    if (formatted !== f.content) bad.push(`${f.path}:\n--- ours\n${f.content}\n--- prettier\n${formatted}`);
  }
  return bad;
}

const projectSpecs = (dir: string) =>
  listFiles(join(dir, "specs"))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ path: `specs/${f}`, text: readFileSync(join(dir, "specs", f), "utf8") }));

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["account", "billing", "customer", "x", "order", "line", "shipment", "warehouse", "invoice", "tax", "adjustment", "record", "ledger", "entry", "item"];

/** Specs with names from 1 to ~60 characters, long enum lists, descriptions, every relation kind. */
function awkwardSpecs(seed: number): { path: string; text: string }[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const words = (max: number) => Array.from({ length: 1 + Math.floor(rnd() * max) }, () => pick(WORDS));
  const pascal = (ws: string[]) => ws.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  const used = new Set<string>(["Tenant"]);
  const models: string[] = [];
  while (models.length < 4) {
    const name = pascal(words(4)).slice(0, 40);
    if (!used.has(name) && !used.has(`${name}s`)) {
      used.add(name);
      models.push(name);
    }
  }
  const values = Array.from({ length: 2 + Math.floor(rnd() * 14) }, (_, i) => `${words(3).join("_")}_${i}`);
  const lines = ["enums:", "  Tier:", `    description: ${JSON.stringify(words(12).join(" "))}`, `    values: [${values.join(", ")}]`, "models:"];
  for (const [i, m] of models.entries()) {
    lines.push(`  ${m}:`, `    description: ${JSON.stringify(words(20).join(" "))}`, "    fields:");
    const fields = new Set<string>();
    for (let f = 0; f < 6; f++) {
      const name = words(6).join("_").slice(0, 58).replace(/_+$/, "");
      if (fields.has(name) || name === "id" || /_id$/.test(name)) continue;
      fields.add(name);
      const type = pick(["string", "text", "integer", "bigint", "float", "decimal", "boolean", "date", "datetime", "uuid", "json", "binary", "enum"]);
      const nullable = rnd() < 0.5 ? ", nullable: true" : "";
      const extra =
        type === "string" ? `, max_length: ${1 + Math.floor(rnd() * 300)}${rnd() < 0.3 ? `, default: ${JSON.stringify(words(8).join(" ").slice(0, 1))}` : ""}` :
        type === "decimal" ? `, precision: ${10 + Math.floor(rnd() * 8)}, scale: 2${rnd() < 0.3 ? ", default: \"0.00\"" : ""}` :
        type === "integer" && rnd() < 0.3 ? ", default: -5" :
        type === "enum" ? `, enum: Tier${rnd() < 0.4 ? `, default: ${values[0]}` : ""}` :
        type === "datetime" && rnd() < 0.3 ? ", default: now" : "";
      const description = rnd() < 0.3 ? `, description: ${JSON.stringify(words(25).join(" "))}` : "";
      lines.push(`      ${name}: { type: ${type}${extra}${nullable}${description} }`);
    }
    if (i > 0) {
      lines.push("    relations:");
      const target = models[Math.floor(rnd() * i)]!;
      const rel = words(5).join("_").slice(0, 50).replace(/_+$/, "");
      lines.push(`      ${rel}: { kind: belongs_to, model: ${target}, on_delete: ${pick(["cascade", "restrict", "set_null", "no_action"])}, nullable: true }`);
      if (rnd() < 0.5) lines.push(`      ${words(3).join("_")}_links: { kind: many_to_many, model: ${models[0]} }`);
    }
  }
  return [
    { path: "specs/tenant.yaml", text: "models:\n  Tenant:\n    tenant_scoped: false\n    fields:\n      name: { type: string, max_length: 100 }\n" },
    { path: "specs/awkward.yaml", text: `${lines.join("\n")}\n` },
  ];
}

describe("TypeScript output is prettier's output", () => {
  it("for the example project", async () => {
    expect(await unstable(projectSpecs(REPO), readFileSync(join(REPO, "blueprint.yaml"), "utf8"))).toEqual([]);
  });

  it("for every valid case", async () => {
    const bad: string[] = [];
    for (const name of listFiles(CASES).map((f) => f.split("/")[0]!).filter((n, i, all) => all.indexOf(n) === i && !n.startsWith("fail-") && !n.endsWith(".yaml"))) {
      const dir = join(CASES, name);
      let blueprint: string;
      try {
        blueprint = readFileSync(join(dir, "blueprint.yaml"), "utf8");
      } catch {
        blueprint = readFileSync(join(CASES, "blueprint.yaml"), "utf8");
      }
      bad.push(...(await unstable(projectSpecs(dir), blueprint)));
    }
    expect(bad).toEqual([]);
  });

  it("for the synthetic benchmark models", async () => {
    expect(await unstable(syntheticSpecs(40), SYNTHETIC_BLUEPRINT)).toEqual([]);
  });

  it("for a seeded corpus of awkward names and lengths", async () => {
    const bad: string[] = [];
    let valid = 0;
    for (let seed = 1; seed <= Number(process.env.TS_FORMAT_SEEDS ?? 60); seed++) {
      const specs = awkwardSpecs(seed);
      const r = generate({ specs, blueprint: { path: "blueprint.yaml", text: SYNTHETIC_BLUEPRINT }, templates });
      if (hasErrors(r.diagnostics)) continue; // a name the rules refuse (reserved word, clash): not an output
      valid++;
      bad.push(...(await unstable(specs, SYNTHETIC_BLUEPRINT)));
      if (bad.length) break;
    }
    expect(bad.slice(0, 1)).toEqual([]);
    expect(valid).toBeGreaterThan(30);
  }, 120_000);
});
