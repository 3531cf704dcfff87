import { existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, join, resolve } from "node:path";
import pc from "picocolors";
import { modelFor, planImport } from "../adopt/plan.js";
import { legacyDbFromDatabase, legacyDbFromSources, type ImportNote, type LegacyDb } from "../adopt/source.js";
import { pythonParser, type LegacyFile } from "../audit/legacy.js";
import { blueprintFacts } from "../input/accessors.js";
import { hasErrors } from "../input/diagnostic.js";
import { formatDiagnostics, summarize } from "./format.js";
import { compileTemplates } from "../targets/templates.js";
import { writeAtomic } from "../project/write.js";
import { analyze } from "../core/generate.js";
import { BASELINE_FILE, renderBaseline } from "../migrations/adoption.js";
import { MIGRATIONS_DIR, SNAPSHOT_FILE, renderSnapshot } from "../migrations/history.js";
import { loadBlueprint } from "../input/spec-set.js";
import type { Io } from "../project/io.js";
import { UserError } from "../project/io.js";
import { BLUEPRINT_FILE, OUT_DIR, declaresModel, readIfExists, readSpecs, readTemplates } from "../project/project.js";
import { legacySources } from "../project/sources.js";
import { readHistory } from "../project/history.js";
import { openDatabase } from "../project/database.js";
import { tryFragments, type FragmentProblem } from "../core/fragments.js";
import { indexHasSql } from "../db/checks.js";
import type { DbSchema, DbView } from "../db/types.js";
import { locateFragment } from "../core/locate-fragment.js";

interface ImportOptions {
  readonly fromSqlalchemy?: readonly string[] | undefined;
  readonly fromDatabase?: string | undefined;
  readonly package?: string | undefined;
  /** A legacy table (or its model) that is the tenant: every other table's rows belong to one of its rows. */
  readonly tenantModel?: string | undefined;
  /** Legacy tables (or models) shared by every tenant. */
  readonly global?: readonly string[] | undefined;
  readonly color: boolean;
}

function printNotes(io: Io, notes: readonly ImportNote[], label: string): void {
  for (const n of notes) io.stderr(`${n.file ? `${n.file}${n.line ? `:${n.line}` : ""}: ` : ""}${label} ${n.message}\n`);
}

const SOFT_DELETE_COLUMN = "deleted_at";

/** A UUID (version 4 layout) derived from `text`: stable across runs. */
function derivedUuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The database a connection URL names, for the tenant a tenant-less schema gets. */
function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "default";
  } catch {
    return "default";
  }
}

/** The soft-delete column of a legacy schema: `deleted_at`, a nullable timestamp, in some table. */
function softDeleteColumnOf(schema: DbSchema): string | undefined {
  const is = (c: DbSchema["tables"][number]["columns"][number]) => c.name === SOFT_DELETE_COLUMN && c.nullable && c.type.startsWith("timestamp");
  return schema.tables.some((t) => t.columns.some(is)) ? SOFT_DELETE_COLUMN : undefined;
}

/** The specs' views tried on PGlite over their tables: PostgreSQL's problems and what each view returns. */
async function measureViews(schema: DbSchema): Promise<{ problems: FragmentProblem[]; views: readonly DbView[] }> {
  const db = await openDatabase(undefined);
  try {
    // Only the views: the tables' own SQL is `gen migrate verify`'s to check.
    const { problems, views } = await tryFragments(db, { ...schema, tables: schema.tables.map((t) => ({ ...t, checks: undefined, indexes: t.indexes.filter((i) => !indexHasSql(i)), columns: t.columns.map((col) => ({ ...col, generated: undefined })) })) });
    return { problems: problems.filter((p) => p.kind === "view" || p.kind === "view_columns"), views };
  } finally {
    await db.close();
  }
}

/**
 * `gen import`: compliant specs for legacy models, and the legacy schema as the baseline the
 * first `gen migration` converts. All or nothing: on any problem, nothing is written.
 */
export async function runImport(root: string, options: ImportOptions, io: Io): Promise<number> {
  const c = pc.createColors(options.color);
  if ((options.fromSqlalchemy === undefined) === (options.fromDatabase === undefined)) {
    throw new UserError("give exactly one of --from-sqlalchemy <paths…> and --from-database <url>", 2);
  }
  let blueprintText = readIfExists(join(root, BLUEPRINT_FILE));
  const newBlueprint = blueprintText === undefined;
  if (blueprintText === undefined) {
    const pkg = options.package ?? "app";
    if (!/^[a-z][a-z0-9_]*$/.test(pkg)) throw new UserError(`--package ${pkg} is not a snake_case Python package name`, 2);
    blueprintText = compileTemplates(readTemplates(), "init").render("blueprint", { package: pkg });
  }
  let loaded = loadBlueprint({ path: BLUEPRINT_FILE, text: blueprintText });
  if (!loaded.blueprint) throw new UserError(`${BLUEPRINT_FILE} does not load: run \`gen models\` for its diagnostics`);
  const history = readHistory(root);
  if (history.entries.length || history.baseline || history.read(SNAPSHOT_FILE) !== undefined) {
    throw new UserError(`${OUT_DIR}/${MIGRATIONS_DIR} already holds a schema history: gen import adopts a legacy database before the first migration only`);
  }

  let db: LegacyDb;
  let source: string;
  let tenantName: string;
  if (options.fromSqlalchemy !== undefined) {
    const read = legacySources(root, options.fromSqlalchemy);
    if ("missing" in read) throw new UserError(`--from-sqlalchemy ${read.missing}: no such file or folder`, 2);
    const sources = read.sources;
    if (sources.length === 0) throw new UserError(`--from-sqlalchemy ${options.fromSqlalchemy.join(" ")}: no .py files`, 2);
    const files: LegacyFile[] = (await pythonParser()).parseAll(sources);
    db = legacyDbFromSources(files);
    source = "SQLAlchemy sources";
    tenantName = basename(resolve(options.fromSqlalchemy[0]!)).replace(/\.py$/, "");
  } else {
    let conn;
    try {
      conn = await openDatabase(options.fromDatabase);
    } catch (e) {
      throw new UserError(`--from-database: cannot connect: ${(e as Error).message}`);
    }
    try {
      db = await legacyDbFromDatabase(conn.query);
    } finally {
      await conn.close();
    }
    source = "PostgreSQL catalog";
    tenantName = databaseName(options.fromDatabase!);
  }
  if (db.schema.tables.length === 0) throw new UserError(`no tables found in the ${source}: nothing to import`);

  // Legacy soft delete (a nullable `deleted_at` timestamp): the blueprint this import writes says so.
  const soft = softDeleteColumnOf(db.schema);
  if (newBlueprint && soft !== undefined) {
    blueprintText = `${blueprintText.trimEnd()}\n\n# Read from the legacy tables: rows are soft-deleted through ${soft}.\nsoft_delete: { column: ${soft} }\n`;
    loaded = loadBlueprint({ path: BLUEPRINT_FILE, text: blueprintText });
  }
  if (!loaded.blueprint) throw new UserError(`${BLUEPRINT_FILE} does not load: run \`gen models\` for its diagnostics`);
  // --tenant-model and --global name legacy tables (or their models): the blueprint says so.
  const named = (given: string, flag: string): string => {
    const table = db.schema.tables.find((t) => t.name === given || modelFor(db, t.name) === given);
    if (!table) throw new UserError(`${flag} ${given}: no legacy table or model of that name (tables: ${db.schema.tables.map((t) => t.name).join(", ")})`, 2);
    return modelFor(db, table.name);
  };
  const tenantModel = options.tenantModel === undefined ? undefined : named(options.tenantModel, "--tenant-model");
  const globals = (options.global ?? []).map((g) => named(g, "--global"));
  if (tenantModel !== undefined || globals.length) {
    const current = blueprintFacts(loaded.blueprint);
    if (!newBlueprint && ((tenantModel !== undefined && tenantModel !== current.tenantModel) || globals.some((g) => !current.globalModels.has(g)))) {
      throw new UserError(`${BLUEPRINT_FILE} already says tenancy.tenant_model: ${current.tenantModel} and global_models: [${[...current.globalModels].join(", ")}]: change them there instead of --tenant-model/--global`, 2);
    }
    if (newBlueprint) {
      const tenant = tenantModel ?? current.tenantModel;
      blueprintText = blueprintText
        .replace(/^(\s*tenant_model:).*$/m, `$1 ${tenant}`)
        .replace(/^(\s*global_models:).*$/m, `$1 [${[...new Set([tenant, ...globals])].join(", ")}]`);
      loaded = loadBlueprint({ path: BLUEPRINT_FILE, text: blueprintText });
      if (!loaded.blueprint) throw new UserError(`${BLUEPRINT_FILE} does not load with --tenant-model/--global: ${tenantModel ?? ""} ${globals.join(" ")}`);
    }
  }
  const facts = blueprintFacts(loaded.blueprint);
  const existing = readSpecs(root);
  // A schema without a tenant gets one, its id derived from the tables (the same import writes
  // the same files), unless the project already declares the tenant model.
  const tenant = existing.some((e) => declaresModel(e.text, facts.tenantModel))
    ? undefined
    : { id: derivedUuid(`${tenantName}\n${db.schema.tables.map((t) => t.name).join("\n")}`), name: tenantName };
  const attempt = (viewTypes?: ReadonlyMap<string, ReadonlyMap<string, string>>) => {
    const plan = planImport(db, facts, source, viewTypes, { tenant });
    const specs = [...existing, ...plan.specs.map((s) => ({ path: s.path, text: s.content }))];
    return { plan, specs, result: analyze({ specs, blueprint: { path: BLUEPRINT_FILE, text: blueprintText } }) };
  };
  let { plan, specs, result } = attempt();
  if (plan.problems.length) {
    printNotes(io, plan.problems, c.red("error"));
    io.stderr(c.red(`${plan.problems.length} problem(s): nothing written\n`));
    return 1;
  }
  const taken = plan.specs.filter((s) => existsSync(join(root, s.path)) || existing.some((e) => declaresModel(e.text, s.model)));
  if (taken.length) {
    for (const s of taken) io.stderr(`${s.path}: ${c.red("error")} model ${s.model} is already declared in the project\n`);
    io.stderr(c.red("import into a project without these specs (move them away first): nothing written\n"));
    return 1;
  }
  const invalid = (r: typeof result) => {
    const sources = new Map([[BLUEPRINT_FILE, blueprintText], ...specs.map((s) => [s.path, s.text] as const)]);
    io.stderr(`${formatDiagnostics(r.diagnostics.filter((d) => d.severity === "error"), { sources, color: options.color })}\n\n`);
    io.stderr(c.red(`${summarize(r.diagnostics)} in the imported specs: nothing written\n`));
    return 1;
  };
  if (hasErrors(result.diagnostics)) return invalid(result);
  // The views are created on PGlite over the converted tables: what each returns then types its
  // columns, and a query that cannot run there is refused now, before anything is written.
  if (db.schema.views?.length && result.schema) {
    let measured = await measureViews(result.schema);
    {
      const byView = new Map((result.project?.views ?? []).map((v) => [v.viewName, v.name]));
      ({ plan, specs, result } = attempt(new Map(measured.views.map((v) => [byView.get(v.name) ?? v.name, new Map(v.columns.map((x) => [x.name, x.type]))]))));
      if (hasErrors(result.diagnostics) || !result.schema) return invalid(result);
      measured = await measureViews(result.schema);
    }
    if (measured.problems.length) {
      const sources = new Map([[BLUEPRINT_FILE, blueprintText], ...specs.map((s) => [s.path, s.text] as const)]);
      io.stderr(`${formatDiagnostics(measured.problems.map((p) => locateFragment(p, result)), { sources, color: options.color })}\n\n`);
      io.stderr(c.red(`${measured.problems.length} legacy view(s) cannot be recreated over the converted tables: nothing written\n`));
      return 1;
    }
  }

  if (newBlueprint) writeAtomic(join(root, BLUEPRINT_FILE), blueprintText);
  for (const s of plan.specs) writeAtomic(join(root, s.path), s.content);
  const dir = join(root, OUT_DIR, MIGRATIONS_DIR);
  writeAtomic(join(dir, SNAPSHOT_FILE), renderSnapshot(plan.baseline.schema));
  writeAtomic(join(dir, BASELINE_FILE), renderBaseline(plan.baseline));

  printNotes(io, plan.notes, c.yellow("note:"));
  for (const s of plan.specs) io.stderr(`  ${c.green("created")} ${s.path}\n`);
  if (newBlueprint) io.stderr(`  ${c.green("created")} ${BLUEPRINT_FILE}\n`);
  io.stderr(`  ${c.green("created")} ${OUT_DIR}/${MIGRATIONS_DIR}/${BASELINE_FILE} (${plan.baseline.schema.tables.length} legacy table(s), ${plan.baseline.conversions.length} conversion(s))\n`);
  const warnings = result.diagnostics.filter((d) => d.severity === "warning").length;
  io.stderr(
    `${c.green("✓")} imported ${plan.specs.length} model(s) from the ${source}${warnings ? `; ${warnings} warning(s) and the NEED_CLARITY comments in the specs are yours to settle` : ""}\n` +
      `next: gen models, then gen migration -m "Adopt legacy schema" (it converts the legacy tables; review it, and back the database up first)\n`,
  );
  return 0;
}
