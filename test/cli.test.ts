import { readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyProject, REPO, runCli } from "./helpers/project.js";

describe("gen models on the example project", () => {
  it("--check passes on the committed generated/ (CI fails when it is stale)", async () => {
    const r = await runCli(["models", "--check"], REPO);
    expect(r.stderr).toContain("up to date");
    expect(r.code).toBe(0);
  });

  it("rewrites only the files of the model that changed, and --check sees drift first", async () => {
    const dir = copyProject(REPO);
    const spec = join(dir, "specs", "workers.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("capacity: { type: integer, default: 4 }", "capacity: { type: integer, default: 8 }"));
    const check = await runCli(["models", "--check"], dir);
    expect(check.code).toBe(1);
    const r = await runCli(["models", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const changed = (JSON.parse(r.stdout) as { files: { path: string; action: string }[] }).files.filter((f) => f.action !== "unchanged");
    expect(changed.map((f) => f.path).sort()).toEqual([
      "generated/python/jobsvc/models/worker.py",
      "generated/python/jobsvc/schemas/worker.py",
      "generated/schema/database.json",
      "generated/typescript/dtos/worker.ts",
      "generated/typescript/entities/worker.ts",
    ]);
    expect(readFileSync(join(dir, "generated/python/jobsvc/models/worker.py"), "utf8")).toContain("default=8");
    expect((await runCli(["models", "--check"], dir)).code).toBe(0);
  });

  it("writes nothing when a spec has errors, and exits 1 with a located diagnostic", async () => {
    const dir = copyProject(REPO);
    const before = readFileSync(join(dir, "generated/python/jobsvc/models/job.py"), "utf8");
    const spec = join(dir, "specs", "jobs.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("      attempts: { type: integer, default: 0 }", "      id: { type: integer }\n      attempts: { type: integer, default: 1 }"));
    const r = await runCli(["models"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^specs\/jobs\.yaml:\d+:7: error \[2\.1\.6\.1\] Job\.fields\.id: /m);
    expect(r.stderr).toContain("nothing written");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(join(dir, "generated/python/jobsvc/models/job.py"), "utf8")).toBe(before);
  });

  it("refuses to overwrite a hand edit without --force, and keeps a backup with it", async () => {
    const dir = copyProject(REPO);
    const file = join(dir, "generated/python/jobsvc/models/tag.py");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n# my local change\n`);
    const spec = join(dir, "specs", "tags.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("max_length: 64", "max_length: 65"));
    const refused = await runCli(["models"], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("edited by hand");
    expect(readFileSync(file, "utf8")).toContain("# my local change");
    const forced = await runCli(["models", "--force"], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).not.toContain("# my local change");
    expect(readFileSync(`${file}.bak`, "utf8")).toContain("# my local change");
  });

  it("removes stale generated files when a model is deleted", async () => {
    const dir = copyProject(REPO);
    rmSync(join(dir, "specs", "billing.yaml"));
    const r = await runCli(["models"], dir);
    expect(r.code, r.stderr).toBe(0);
    // Python model + schema, TypeScript entity + DTO + mapper.
    expect(r.stderr).toMatch(/5 removed/);
    expect(existsSync(join(dir, "generated/python/jobsvc/models/usage_charge.py"))).toBe(false);
    expect(existsSync(join(dir, "generated/typescript/entities/usage_charge.ts"))).toBe(false);
    expect(existsSync(join(dir, "generated/typescript/mappers/usage_charge.ts"))).toBe(false);
  });

  it("--strict fails on warnings; --format json reports them as data", async () => {
    const dir = copyProject(REPO);
    const spec = join(dir, "specs", "workers.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("hostname: { type: string, max_length: 255 }", "hostname: { type: string, max_length: 255 }\n      role: { type: string, max_length: 20 }"));
    const strict = await runCli(["models", "--strict", "--format", "json"], dir);
    expect(strict.code).toBe(1);
    const data = JSON.parse(strict.stdout) as { ok: boolean; diagnostics: { rule: string; severity: string; file: string; line: number; column: number }[] };
    expect(data.ok).toBe(false);
    expect(data.diagnostics).toEqual([
      expect.objectContaining({ rule: "2.1.8.4", severity: "warning", file: "specs/workers.yaml", line: 12, column: 21 }),
    ]);
    expect((await runCli(["models"], dir)).code).toBe(0);
  });
});

describe("gen CLI", () => {
  it("explains a rule", async () => {
    const r = await runCli(["explain", "2.1.6.1"], REPO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("`id` is a UUID and no spec overrides it");
    expect(r.stdout).toContain("violation:");
  });

  it("explains a section id of the seed's numbering by listing its rules", async () => {
    const r = await runCli(["explain", "2.1.7"], REPO);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^2\.1\.7 {2}Relationships \(a section of the blueprint: 3 rule\(s\)\)/);
    for (const id of ["2.1.7.1", "2.1.7.2", "2.1.7.3"]) expect(r.stdout).toContain(id);
    // A section with a rule of its own explains it, then lists the rules under it.
    const pk = await runCli(["explain", "2.1.6"], REPO);
    expect(pk.stdout).toContain("rules under 2.1.6:\n  2.1.6.1");
  });

  it("suggests the closest rule id for a typo", async () => {
    const r = await runCli(["explain", "2.1.66"], REPO);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown rule `2\.1\.66`: did you mean `2\.1\.6`/);
  });

  it("lists rules with the blueprint's effective severities", async () => {
    const r = await runCli(["rules", "--cwd", join(REPO, "test/cases/severity-overrides")], REPO);
    expect(r.stdout).toMatch(/^2\.1\.8\.4\s+off\s+/m);
    expect(r.stdout).toMatch(/^2\.1\.6\.1\s+error\s+/m);
  });

  it("exits 2 on usage errors and 1 outside a project, without stack traces", async () => {
    expect((await runCli(["modles"], REPO)).code).toBe(2);
    expect((await runCli(["models", "--format", "xml"], REPO)).code).toBe(2);
    const outside = await runCli(["models"], join(REPO, "test"));
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/^gen: no blueprint.yaml/);
  });
});

describe("CI output formats", () => {
  it("--format sarif and --format github carry the same located diagnostics", async () => {
    const dir = copyProject(REPO);
    const spec = join(dir, "specs", "workers.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("hostname: { type: string, max_length: 255 }", "hostname: { type: string, max_length: 255 }\n      role: { type: string, max_length: 20 }"));
    const sarif = await runCli(["models", "--check", "--format", "sarif"], dir);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(["2.1.8.4"]);
    expect(log.runs[0]!.results[0]).toMatchObject({ ruleId: "2.1.8.4", level: "warning", locations: [{ physicalLocation: { artifactLocation: { uri: "specs/workers.yaml" }, region: { startLine: 12, startColumn: 21 } } }] });
    const gh = await runCli(["models", "--check", "--format", "github"], dir);
    expect(gh.stdout).toMatch(/^::warning file=specs\/workers\.yaml,line=12,col=21,title=\[2\.1\.8\.4\] Worker\.fields\.role\.type::`role` is a free string.*%0Ahint: /);
  });
});

describe("team rules (rule_modules)", () => {
  it("loads .js and .ts rules with the built-in Rule shape; severities and explain include them", async () => {
    const { cpSync, mkdirSync } = await import("node:fs");
    const dir = copyProject(REPO);
    mkdirSync(join(dir, "rules"));
    cpSync(join(REPO, "examples/team-rules/require-description.js"), join(dir, "rules/require-description.js"));
    writeFileSync(
      join(dir, "rules/no-text.ts"),
      `import type { Rule } from "blueprint-gen";
const rule: Rule = {
  id: "acme.no-text",
  title: "No unbounded text columns",
  severity: "error",
  rationale: "Storage budgets.",
  hint: "Use string with max_length.",
  check(ctx) {
    for (const m of ctx.specs.models) {
      for (const [name, f] of Object.entries(m.spec.fields ?? {})) {
        if (f.type === "text") ctx.report({ at: m.origin, sub: ["fields", name, "type"], message: \`\${name} is text\` });
      }
    }
  },
};
export default rule;
`,
    );
    const bp = join(dir, "blueprint.yaml");
    writeFileSync(bp, readFileSync(bp, "utf8").replace("rules: {}", 'rule_modules: [rules/require-description.js, rules/no-text.ts]\nrules:\n  "acme.no-text": warning'));
    const tag = join(dir, "specs/tags.yaml");
    writeFileSync(tag, readFileSync(tag, "utf8").replace("    description: A label that groups jobs across domains.\n", ""));
    const r = await runCli(["models"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^specs\/tags\.yaml:3:3: warning \[acme\.require-description\] Tag: `Tag` has no description/m);
    expect(r.stderr).toMatch(/^specs\/tenancy\.yaml:\d+:\d+: warning \[acme\.no-text\] Domain\.fields\.description\.type: description is text/m);
    expect((await runCli(["models", "--strict"], dir)).code).toBe(1);
    expect((await runCli(["rules"], dir)).stdout).toMatch(/^acme\.no-text\s+warning\s+No unbounded text columns$/m);
    expect((await runCli(["explain", "acme.require-description"], dir)).stdout).toContain("Models and enums have a description");
    // SARIF describes the team rules it reports, as it does the built-in ones.
    const sarif = JSON.parse((await runCli(["models", "--format", "sarif"], dir)).stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] };
    const described = sarif.runs[0]!.tool.driver.rules;
    expect(described).toContainEqual(expect.objectContaining({ id: "acme.no-text", shortDescription: { text: "No unbounded text columns" } }));
    expect(described.map((r) => r.id)).toContain("acme.require-description");
  });

  it("rejects a module with a built-in-looking id, and reports a crashing rule as that rule's bug", async () => {
    const { mkdirSync } = await import("node:fs");
    const dir = copyProject(REPO);
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules/bad-id.js"), 'export default { id: "2.1.9", title: "t", severity: "error", rationale: "r", hint: "h", check() {} };\n');
    writeFileSync(join(dir, "rules/crash.js"), 'export default { id: "acme.crash", title: "t", severity: "error", rationale: "r", hint: "h", check() { throw new Error("boom"); } };\n');
    const bp = join(dir, "blueprint.yaml");
    writeFileSync(bp, readFileSync(bp, "utf8").replace("rules: {}", "rule_modules: [rules/bad-id.js, rules/missing.js]"));
    const bad = await runCli(["models"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/blueprint\.yaml:\d+:\d+: error \[2\.1\.0\.4\] rule_modules\.0: team rule id `2\.1\.9` must be in your own namespace/);
    expect(bad.stderr).toMatch(/rule_modules\.1: rule module rules\/missing\.js does not exist/);
    writeFileSync(bp, readFileSync(bp, "utf8").replace("rule_modules: [rules/bad-id.js, rules/missing.js]", "rule_modules: [rules/crash.js]"));
    const crash = await runCli(["models"], dir);
    expect(crash.code).toBe(1);
    expect(crash.stderr).toContain("error [acme.crash] team rule acme.crash crashed: boom");
    expect(crash.stderr).not.toContain("this is a bug in blueprint-gen");
  });
});

describe("gen waivers", () => {
  it("lists each waiver with the finding it silences and flags stale ones", async () => {
    const { cpSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "bpg-waivers-"));
    cpSync(join(REPO, "test/cases/blueprint.yaml"), join(dir, "blueprint.yaml"));
    cpSync(join(REPO, "test/cases/waivers/specs"), join(dir, "specs"), { recursive: true });
    const r = await runCli(["waivers"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^specs\/w\.yaml:9:15 \[2\.1\.8\.4\] Ticket\.fields\.status\.type: `status` is a free string.*\n {4}waived: statuses are defined by each customer's workflow$/m);
    expect(r.stdout).toContain("waiver for 2.1.8.7 is unused");
    expect(r.stderr).toBe("1 finding(s) waived, 2 waiver problem(s)\n");
  });
});
