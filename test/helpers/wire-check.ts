import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import type { z } from "zod";
import { tableName } from "../../src/ir/naming.js";
import type { DbSchema } from "../../src/db/types.js";
import { REPO } from "./project.js";
import { loadSamples, validValue, wireRow, withBaseTypes, type Samples } from "./wire-table.js";

const venvPython = join(REPO, ".venv", "bin", "python");

/**
 * Bodies built from the shared wire table: for every writable column of every model, each
 * accepted and refused value in a Create body (the other columns valid) and alone in an Update
 * body, plus null, a missing required key and an unknown key. `want` is the table's verdict.
 */
export function bodies(db: DbSchema, models: { name: string; table: string; writable: string[]; defaulted: string[] }[], samples: Samples = new Map()) {
  const out: { dto: string; body: string; note: string; want: boolean }[] = [];
  const json = (fields: [string, string][]) => `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;
  for (const m of models) {
    const table = db.tables.find((t) => t.name === m.table)!;
    const cols = table.columns.filter((c) => m.writable.includes(c.name));
    const enumOf = (c: { type: string }) => db.enums.find((e) => e.name === c.type)?.values;
    const sample = (c: { name: string }) => samples.get(`${m.table}.${c.name}`);
    const valid: [string, string][] = cols.map((c) => [c.name, validValue(c, enumOf(c), sample(c))]);
    const create = `${m.name}Create`;
    const update = `${m.name}Update`;
    out.push({ dto: create, body: json(valid), note: "valid", want: true });
    out.push({ dto: create, body: json([...valid, ["unexpected", "1"]]), note: "unknown key", want: false });
    out.push({ dto: update, body: "{}", note: "empty update", want: true });
    for (const c of cols) {
      const row = sample(c) ?? wireRow(c, enumOf(c));
      expect(row, `${m.name}.${c.name}: ${c.type} has a row in the wire table`).toBeDefined();
      const others = valid.filter(([k]) => k !== c.name);
      const required = !c.nullable && !m.defaulted.includes(c.name);
      if (required) out.push({ dto: create, body: json(others), note: `${c.name} missing`, want: false });
      // null: only where the column is nullable, in Create and Update alike.
      out.push({ dto: create, body: json([...others, [c.name, "null"]]), note: `${c.name}: null`, want: c.nullable });
      out.push({ dto: update, body: json([[c.name, "null"]]), note: `update ${c.name}: null`, want: c.nullable });
      for (const [values, want] of [[row!.accept, true], [row!.reject, false]] as const) {
        for (const v of values) {
          out.push({ dto: create, body: json([...others, [c.name, v]]), note: `${c.name}: ${v}`, want });
          out.push({ dto: update, body: json([[c.name, v]]), note: `update ${c.name}: ${v}`, want });
        }
      }
    }
  }
  return out;
}

/**
 * Every body of the wire table through zod and through Pydantic's two parse paths, for one
 * generated project (`root` holds schema/, typescript/ and python/): each must give the
 * table's verdict.
 */
export async function checkWireTable(root: string): Promise<void> {
    const db = withBaseTypes(JSON.parse(readFileSync(join(root, "schema", "database.json"), "utf8")) as DbSchema);
    const dtos = (await import(pathToFileURL(join(root, "typescript", "index.ts")).href)) as Record<string, z.ZodType>;
    const pythonRoot = join(root, "python");
    const pkg = readdirSync(pythonRoot).find((d) => existsSync(join(pythonRoot, d, "__init__.py")))!;
    const manifest = JSON.parse(readFileSync(join(root, "schema", "database.json"), "utf8")) as DbSchema;
    const models = Object.keys(dtos)
      .filter((k) => k.endsWith("CreateSchema"))
      .map((k) => {
        const name = k.replace(/CreateSchema$/, "");
        const shape = (dtos[k] as unknown as { shape: Record<string, z.ZodType> }).shape;
        const table = manifest.tables.find((t) => t.name === tableName(name));
        // Keys with a default (or a database default) may be left out of a Create body.
        const defaulted = Object.keys(shape).filter((f) => shape[f]!.safeParse(undefined).success);
        return { name, table: table?.name ?? "", writable: Object.keys(shape), defaulted };
      });
    expect(models.every((m) => m.table !== ""), JSON.stringify(models.filter((m) => !m.table))).toBe(true);
    const cases = bodies(db, models, loadSamples(root));
    expect(cases.length).toBeGreaterThan(30);
    const zodResults = cases.map((c) => {
      let value: unknown;
      try {
        value = JSON.parse(c.body);
      } catch {
        return false; // a JavaScript service refuses a body that is not JSON
      }
      return dtos[`${c.dto}Schema`]!.safeParse(value).success;
    });
    const dir = mkdtempSync(join(tmpdir(), "bpg-dto-"));
    writeFileSync(join(dir, "cases.json"), JSON.stringify(cases));
    const r = spawnSync(venvPython, [join(REPO, "test", "python", "dto_agreement.py"), join(dir, "cases.json"), join(dir, "results.json")], {
      encoding: "utf8",
      env: { ...process.env, BPG_PACKAGE_ROOT: pythonRoot, BPG_PACKAGE: pkg },
    });
    expect(r.status, r.stderr).toBe(0);
    const pyResults = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as [boolean, boolean][];
    const wrong = cases
      .map((c, i) => ({ dto: c.dto, note: c.note, want: c.want, zod: zodResults[i], pydanticJson: pyResults[i]![0], pydanticPython: pyResults[i]![1] }))
      .filter((d) => d.zod !== d.want || d.pydanticJson !== d.want || d.pydanticPython !== d.want);
    expect(wrong).toEqual([]);
}
