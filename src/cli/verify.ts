import { join } from "node:path";
import pc from "picocolors";
import type { Diagnostic } from "../input/diagnostic.js";
import { formatDiagnostics } from "./format.js";
import { hasErrors } from "../input/diagnostic.js";
import { analyze } from "../core/generate.js";
import { compareSchemas, introspect, type Drift } from "../db/introspect.js";
import type { GenerateResult } from "../core/generate.js";
import type { Io } from "../project/io.js";
import { UserError } from "../project/io.js";
import { ProjectCache } from "../project/cache.js";
import { baselineSql } from "../targets/sql/baseline.js";
import { BLUEPRINT_FILE, OUT_DIR, readIfExists, readSpecs } from "../project/project.js";
import { readHistory } from "../project/history.js";
import { openDatabase } from "../project/database.js";
import { tryFragments } from "../core/fragments.js";
import { locateFragment } from "../core/locate-fragment.js";

const DRIFT_RULE = "2.1.0.5";
const DRIFT_HINT = "run `gen migration -m …` if the specs changed; if a migration was edited, restore it";



/** Point a drift finding at the spec of the model (and field) it is about. */
function locate(drift: Drift, result: Omit<GenerateResult, "files">): Diagnostic {
  // A domain or a view: at its name in the spec that declares it.
  const named =
    drift.domain !== undefined
      ? { sql: drift.domain, spec: result.specs?.domainsByName.get(result.project?.domains.find((d) => d.typeName === drift.domain)?.name ?? "") }
      : drift.view !== undefined
        ? { sql: drift.view, spec: result.specs?.views.find((v) => v.name === result.project?.views.find((x) => x.viewName === drift.view)?.name) }
        : undefined;
  if (named) {
    return {
      rule: DRIFT_RULE,
      severity: "error",
      message: drift.message,
      path: named.spec?.name ?? named.sql,
      location: named.spec ? named.spec.origin.file.locate(named.spec.origin.path, "key") : undefined,
      hint: DRIFT_HINT,
    };
  }
  const model = result.project?.models.find((m) => m.table === drift.table);
  const spec = model ? result.specs?.modelsByName.get(model.name) : undefined;
  const path = spec ? [...spec.origin.path, ...(drift.column && spec.spec.fields?.[drift.column] ? ["fields", drift.column] : [])] : undefined;
  return {
    rule: DRIFT_RULE,
    severity: "error",
    message: drift.message,
    path: model ? [model.name, ...(path && path.length > 2 ? path.slice(2) : [])].join(".") : drift.table,
    location: spec && path ? spec.origin.file.locate(path, "key") : undefined,
    hint: DRIFT_HINT,
  };
}

/**
 * A database that already holds the schema (and rows): read only, never written. It must be at
 * the history's head (when Alembic migrated it) and match the specs, each fragment compared as
 * PostgreSQL prints it (read on PGlite: the database itself is not touched).
 */
async function verifyMigrated(
  db: Awaited<ReturnType<typeof openDatabase>>,
  result: Omit<GenerateResult, "files">,
  head: string | undefined,
  sources: ReadonlyMap<string, string>,
  color: boolean,
  io: Io,
): Promise<number> {
  const c = pc.createColors(color);
  const scratch = await openDatabase(undefined);
  let fragments;
  try {
    fragments = await tryFragments(scratch, result.schema!);
  } finally {
    await scratch.close();
  }
  if (fragments.problems.length) {
    io.stderr(`${formatDiagnostics(fragments.problems.map((p) => locateFragment(p, result)), { sources, color })}\n`);
    return 1;
  }
  const revision = head?.slice(0, 4);
  let at: string | undefined;
  try {
    at = String((await db.query("SELECT version_num FROM alembic_version"))[0]?.version_num ?? "");
  } catch {
    at = undefined; // migrated by the SQL scripts: no revision to compare
  }
  if (at !== undefined && at !== revision) {
    io.stderr(`${c.red("error")} the database is at revision ${at || "(none)"}, the history's head is ${revision ?? "(none)"}: upgrade it (alembic upgrade head) before verifying it\n`);
    return 1;
  }
  const drift = compareSchemas(fragments.canonical, await introspect(db.query));
  if (drift.length) {
    io.stderr(`${formatDiagnostics(drift.map((d) => locate(d, result)), { sources, color })}\n\n`);
    io.stderr(c.red(`${drift.length} difference(s) between the database and the specs\n`));
    return 1;
  }
  io.stderr(`${c.green("✓")} the database${at !== undefined ? ` (at revision ${at})` : ""} matches the specs; it was read, not changed\n`);
  return 0;
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
      if (Number(existing[0]?.n ?? 0) > 0) return await verifyMigrated(db, result, history.entries.at(-1)?.id, sources, options.color, io);
    }
    const fragments = await tryFragments(db, result.schema);
    if (fragments.problems.length) {
      io.stderr(`${formatDiagnostics(fragments.problems.map((p) => locateFragment(p, result)), { sources, color: options.color })}\n`);
      return 1;
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
    const drift = compareSchemas(fragments.canonical, await introspect(db.query));
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
