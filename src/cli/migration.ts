import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { formatDiagnostics, summarize } from "../diagnostics/format.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { compileTemplates } from "../emit/templates.js";
import { writeAtomic } from "../emit/write.js";
import { analyze } from "../generate.js";
import { HISTORY_FILE, MIGRATIONS_DIR, SNAPSHOT_FILE, parseHistory, parseSnapshot, sha, verifyHistory, type HistoryProblem } from "../migrations/history.js";
import { BASELINE_FILE, parseBaseline, type Baseline } from "../migrations/adoption.js";
import { planMigration } from "../migrations/plan.js";
import type { Io } from "./io.js";
import { loadTeamRules } from "./team-rules.js";
import { ProjectCache } from "./cache.js";
import { withLock } from "./lock.js";
import { UserError } from "./io.js";
import { BLUEPRINT_FILE, OUT_DIR, readIfExists, readSpecs, readTemplates } from "./project.js";

export interface MigrationOptions {
  readonly message: string;
  readonly allowDestructive: boolean;
  readonly color: boolean;
}

/** Read the migration history under generated/migrations and check its integrity. */
export function readHistory(root: string) {
  const dir = join(root, OUT_DIR, MIGRATIONS_DIR);
  const read = (p: string) => readIfExists(join(dir, p));
  const entries = parseHistory(read(HISTORY_FILE));
  const versions = existsSync(join(dir, "versions")) ? readdirSync(join(dir, "versions")).filter((f) => f.endsWith(".py")).sort() : [];
  const baselineText = read(BASELINE_FILE);
  const problems: HistoryProblem[] = [];
  let baseline: { baseline: Baseline; checksum: string } | undefined;
  if (baselineText !== undefined) {
    try {
      baseline = { baseline: parseBaseline(baselineText), checksum: sha(baselineText) };
    } catch (e) {
      problems.push({ file: BASELINE_FILE, message: `${BASELINE_FILE} does not parse: ${(e as Error).message}`, hint: "restore it from version control, or run `gen import` again" });
    }
  }
  problems.push(...verifyHistory(entries, versions, read, baseline?.checksum));
  return { dir, read, entries, baseline, problems };
}

/** `gen migration -m`: diff the last snapshot against the specs and write the next revision. */
export async function runMigration(root: string, options: MigrationOptions, io: Io): Promise<number> {
  return withLock(join(root, OUT_DIR), io, () => migrationRun(root, options, io));
}

async function migrationRun(root: string, options: MigrationOptions, io: Io): Promise<number> {
  const c = pc.createColors(options.color);
  const blueprintText = readIfExists(join(root, BLUEPRINT_FILE));
  if (blueprintText === undefined) throw new UserError(`no ${BLUEPRINT_FILE} in ${root}: run gen in a project folder (or pass --cwd)`);
  const specs = readSpecs(root);
  const templates = readTemplates();
  const team = await loadTeamRules(root, blueprintText);
  const analyzed = analyze({ specs, blueprint: { path: BLUEPRINT_FILE, text: blueprintText }, teamRules: team.rules, specCache: ProjectCache.load(join(root, OUT_DIR)) });
  const result = { ...analyzed, diagnostics: [...team.diagnostics, ...analyzed.diagnostics] };
  if (hasErrors(result.diagnostics) || !result.project || !result.schema) {
    const sources = new Map([[BLUEPRINT_FILE, blueprintText], ...specs.map((s) => [s.path, s.text] as const)]);
    io.stderr(`${formatDiagnostics(result.diagnostics, { sources, color: options.color })}\n\n`);
    io.stderr(c.red(`${summarize(result.diagnostics)}: no migration written\n`));
    return 1;
  }
  const history = readHistory(root);
  if (history.problems.length) {
    for (const p of history.problems) io.stderr(`${OUT_DIR}/${MIGRATIONS_DIR}/${p.file}: ${c.red("error")} ${p.message}\n  ${c.cyan("hint:")} ${p.hint}\n`);
    io.stderr(c.red("the migration history is damaged: no migration written\n"));
    return 1;
  }
  const plan = planMigration({
    project: result.project,
    schema: result.schema,
    prev: parseSnapshot(history.read(SNAPSHOT_FILE)),
    history: history.entries,
    message: options.message,
    allowDestructive: options.allowDestructive,
    baseline: history.baseline,
  });
  if (plan.kind === "no_changes") {
    io.stderr("No changes: the database schema already matches the specs; nothing written.\n");
    return 0;
  }
  if (plan.kind === "refused") {
    for (const p of plan.problems) io.stderr(`${c.red("error")} ${p.message}\n  ${c.cyan("hint:")} ${p.hint}\n`);
    for (const d of plan.destructive) io.stderr(`${c.red("destructive")} ${d.why}\n`);
    if (plan.destructive.length && !options.allowDestructive) {
      io.stderr(
        `  ${c.cyan("hint:")} these steps can lose data. Prefer a rename (\`renamed_from\`), a default for new NOT NULL columns, or a widening type; rerun with --allow-destructive once you have reviewed them\n`,
      );
    }
    io.stderr(c.red("no migration written\n"));
    return 1;
  }
  const python = result.project.targets.python;
  const scaffold = compileTemplates(templates, "alembic");
  const once = [
    { path: "env.py", content: scaffold.render("env", { package: python?.package ?? "app" }) },
    { path: "alembic.ini", content: scaffold.render("ini", {}) },
  ];
  // Revision files first, then snapshot, history last: an interrupted run leaves the history
  // pointing at the previous, complete revision.
  const ordered = [...plan.files].sort((a, b) => rank(a.path) - rank(b.path));
  for (const f of [...once.filter((f) => history.read(f.path) === undefined), ...ordered]) writeAtomic(join(history.dir, f.path), f.content);
  for (const f of plan.files.filter((f) => f.path.startsWith("versions/") || f.path.startsWith("sql/"))) {
    io.stderr(`  ${c.green("created")} ${OUT_DIR}/${MIGRATIONS_DIR}/${f.path}\n`);
  }
  io.stderr(`${c.green("✓")} migration ${plan.id}: ${plan.ops.length} step(s)${plan.destructive.length ? c.yellow(`, ${plan.destructive.length} destructive (allowed)`) : ""}\n`);
  return 0;
}

function rank(path: string): number {
  if (path === HISTORY_FILE) return 2;
  if (path === SNAPSHOT_FILE) return 1;
  return 0;
}
