import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../src/cli/format.js";
import { CASES, generateCase, listFiles } from "./helpers/project.js";

/**
 * Golden cases (STYLE, after sqlc): each folder under test/cases/ holds specs/ (and maybe a
 * blueprint.yaml). A valid case's output is pinned under expected/; a failing case's
 * diagnostics (rule id, file:line:col, code frame, hint) are pinned in stderr.txt.
 */
const cases = readdirSync(CASES).filter((d) => existsSync(join(CASES, d, "specs"))).sort();

describe("golden cases", () => {
  it.each(cases)("%s", async (name) => {
    const dir = join(CASES, name);
    const { result, sources } = await generateCase(dir);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    const expectsFailure = name.startsWith("fail-");
    if (expectsFailure) {
      expect(errors.length, "a fail- case must produce errors").toBeGreaterThan(0);
      expect(result.files).toEqual([]);
    } else {
      expect(errors, formatDiagnostics(errors, { sources, color: false })).toEqual([]);
      for (const f of result.files) {
        await expect(f.content).toMatchFileSnapshot(join(dir, "expected", f.path));
      }
      // No stale expectations: every file under expected/ is still produced.
      const produced = new Set(result.files.map((f) => f.path));
      expect(listFiles(join(dir, "expected")).filter((p) => !produced.has(p))).toEqual([]);
    }
    if (result.diagnostics.length === 0) {
      expect(existsSync(join(dir, "stderr.txt")), "stale stderr.txt").toBe(false);
    } else {
      await expect(`${formatDiagnostics(result.diagnostics, { sources, color: false })}\n`).toMatchFileSnapshot(join(dir, "stderr.txt"));
    }
  });
});
