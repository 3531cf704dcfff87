import { join } from "node:path";
import pc from "picocolors";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostics } from "../diagnostics/format.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { analyze } from "../generate.js";
import { compareSchemas, introspect, type Drift, type Query } from "../migrations/introspect.js";
import type { GenerateResult } from "../generate.js";
import type { Io } from "./io.js";
import { UserError } from "./io.js";
import { readHistory } from "./migration.js";
import { ProjectCache } from "./cache.js";
import { baselineSql } from "../migrations/adoption.js";
import { BLUEPRINT_FILE, OUT_DIR, readIfExists, readSpecs } from "./project.js";
import { loadModule } from "./load-module.js";

export const DRIFT_RULE = "2.1.0.5";

interface Database {
  exec(sql: string): Promise<void>;
  query: Query;
  close(): Promise<void>;
}

export async function openDatabase(url: string | undefined): Promise<Database> {
  if (url === undefined) {
    const { PGlite } = await loadModule<typeof import("@electric-sql/pglite")>("@electric-sql/pglite");
    const db = new PGlite();
    return {
      exec: async (sql) => {
        await db.exec(sql);
      },
      query: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
      close: () => db.close(),
    };
  }
  const { default: pg } = await loadModule<typeof import("pg")>("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}

/** Point a drift finding at the spec of the model (and field) it is about. */
function locate(drift: Drift, result: Omit<GenerateResult, "files">): Diagnostic {
  const model = result.project?.models.find((m) => m.table === drift.table);
  const spec = model ? result.specs?.modelsByName.get(model.name) : undefined;
  const path = spec ? [...spec.origin.path, ...(drift.column && spec.spec.fields?.[drift.column] ? ["fields", drift.column] : [])] : undefined;
  return {
    rule: DRIFT_RULE,
    severity: "error",
    message: drift.message,
    path: model ? [model.name, ...(path && path.length > 2 ? path.slice(2) : [])].join(".") : drift.table,
    location: spec && path ? spec.origin.file.locate(path, "key") : undefined,
    hint: "run `gen migration -m …` if the specs changed; if a migration was edited, restore it",
  };
}

/** `gen migrate verify`: apply the whole SQL history to PGlite (or a database) and compare with the specs. */
export async function runVerify(root: string, options: { databaseUrl?: string | undefined; color: boolean }, io: Io): Promise<number> {
  const c = pc.createColors(options.color);
  const blueprintText = readIfExists(join(root, BLUEPRINT_FILE));
  if (blueprintText === undefined) throw new UserError(`no ${BLUEPRINT_FILE} in ${root}: run gen in a project folder (or pass --cwd)`);
  const specs = readSpecs(root);
  const result = analyze({ specs, blueprint: { path: BLUEPRINT_FILE, text: blueprintText }, specCache: ProjectCache.load(join(root, OUT_DIR)) });
  const sources = new Map([[BLUEPRINT_FILE, blueprintText], ...specs.map((s) => [s.path, s.text] as const)]);
  if (hasErrors(result.diagnostics) || !result.schema) {
    io.stderr(`${formatDiagnostics(result.diagnostics, { sources, color: options.color })}\n`);
    return 1;
  }
  const history = readHistory(root);
  if (history.problems.length) {
    for (const p of history.problems) io.stderr(`${OUT_DIR}/migrations/${p.file}: ${c.red("error")} ${p.message}\n  ${c.cyan("hint:")} ${p.hint}\n`);
    return 1;
  }
  const db = await openDatabase(options.databaseUrl);
  try {
    if (options.databaseUrl !== undefined) {
      const existing = await db.query("SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'");
      if (Number(existing[0]?.n ?? 0) > 0) throw new UserError("--database-url must name an empty database: verify applies the whole history to it");
    }
    if (history.baseline) {
      try {
        await db.exec(baselineSql(history.baseline.baseline.schema));
      } catch (err) {
        io.stderr(`${OUT_DIR}/migrations/baseline.json: ${c.red("error")} the legacy schema does not build: ${(err as Error).message}\n`);
        return 1;
      }
    }
    for (const e of history.entries) {
      const sql = history.read(`sql/${e.id}.up.sql`)!;
      try {
        await db.exec(sql);
      } catch (err) {
        io.stderr(`${OUT_DIR}/migrations/sql/${e.id}.up.sql: ${c.red("error")} does not apply: ${(err as Error).message}\n`);
        return 1;
      }
    }
    const drift = compareSchemas(result.schema, await introspect(db.query));
    if (drift.length) {
      io.stderr(`${formatDiagnostics(drift.map((d) => locate(d, result)), { sources, color: options.color })}\n\n`);
      io.stderr(c.red(`${drift.length} difference(s) between the migration history and the specs\n`));
      return 1;
    }
    io.stderr(`${c.green("✓")} ${history.entries.length} migration(s) applied on ${options.databaseUrl ? "the database" : "PGlite"}; the schema matches the specs\n`);
    return 0;
  } finally {
    await db.close();
  }
}
