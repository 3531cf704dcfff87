import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../src/version.js";
import { copyProject, REPO } from "./helpers/project.js";

const BIN = join(REPO, "bin", "gen.js");
const CACHE = join(REPO, "dist", "cli", "gen.cjs.v8cache");

/** The installed command: bin/gen.js running the bundle, as a user's shell runs it. */
function gen(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("bin/gen.js (the bundle, through V8's code cache)", () => {
  it("runs every command that loads a module from outside the bundle, with and without a cache", () => {
    const dir = copyProject(REPO);
    mkdirSync(join(dir, "rules"));
    cpSync(join(REPO, "examples/team-rules/require-description.js"), join(dir, "rules/require-description.js"));
    writeFileSync(
      join(dir, "rules/no-float.ts"),
      `const rule = {
  id: "acme.no-float",
  title: "No float columns",
  severity: "warning" as const,
  rationale: "Rounding.",
  hint: "Use decimal.",
  check(ctx: { specs: { models: { origin: unknown; spec: { fields?: Record<string, { type: string }> } }[] }; report(f: object): void }) {
    for (const m of ctx.specs.models) for (const [name, f] of Object.entries(m.spec.fields ?? {})) if (f.type === "float") ctx.report({ at: m.origin, sub: ["fields", name], message: \`\${name} is float\` });
  },
};
export default rule;
`,
    );
    const bp = join(dir, "blueprint.yaml");
    writeFileSync(bp, readFileSync(bp, "utf8").replace("rules: {}", "rule_modules: [rules/require-description.js, rules/no-float.ts]\nrules: {}"));
    for (const f of [CACHE, `${CACHE}.commands`]) rmSync(f, { force: true });
    // Each command twice: the first run (re)writes the cache, the second runs from it.
    for (let round = 0; round < 2; round++) {
      const version = gen(["--version"], dir);
      expect(version.stdout.trim()).toBe(VERSION);
      // Team rules: a .js module, and a .ts one transpiled with the project's typescript.
      const models = gen(["models"], dir);
      expect(models.code, models.stderr).toBe(0);
      expect(models.stderr).toMatch(/warning \[acme\.no-float\] \w+\.fields\.\w+: \w+ is float/);
      // PGlite, loaded on demand.
      const verify = gen(["migrate", "verify"], dir);
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stderr).toMatch(/applied on PGlite; the schema matches the specs/);
      // tree-sitter, loaded on demand (the seed's findings make the audit exit 1).
      const audit = gen(["audit", "--from-sqlalchemy", join(REPO, "test/legacy/seed")], dir);
      expect(audit.code, audit.stderr).toBe(1);
      expect(audit.stderr).toMatch(/3 model\(s\) audited: 3 STOP_FOR_REVIEW/);
      expect(audit.stdout).toContain("STOP_FOR_REVIEW: Job.id overrides BaseModel's UUID PK");
      for (const r of [version, models, verify, audit]) expect(r.stderr).not.toMatch(/ExperimentalWarning|internal error/);
      expect(existsSync(CACHE)).toBe(true);
    }
  });
});
