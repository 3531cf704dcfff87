import fc from "fast-check";
import { generate } from "../src/generate.js";
import { readTemplates } from "../src/cli/project.js";
import { randomProject, RANDOM_TENANT, randomBlueprint } from "../test/helpers/random-specs.js";
const templates = readTemplates();
const samples = fc.sample(randomProject, { numRuns: 40, seed: 7 });
let ok = 0; const errs = new Map<string, number>();
for (const [i, text] of samples.entries()) {
  const r = generate({ specs: [{ path: "specs/00-tenant.yaml", text: RANDOM_TENANT }, { path: "specs/x.yaml", text }], blueprint: { path: "blueprint.yaml", text: randomBlueprint(`p${i}`) }, templates });
  const e = r.diagnostics.filter((d) => d.severity === "error");
  if (!e.length) ok++;
  for (const d of e) errs.set(d.rule + " " + d.message.slice(0, 60), (errs.get(d.rule + " " + d.message.slice(0, 60)) ?? 0) + 1);
  if (i === 0) console.log(r.files.map((f) => f.path).filter(p=>!p.includes("/models/") && !p.includes("/schemas/") && !p.includes("/dtos/") && !p.includes("/entities/")).join(" "));
}
console.log("ok", ok, [...errs].sort((a, b) => b[1] - a[1]).slice(0, 15));
