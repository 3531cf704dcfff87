import { join } from "node:path";
import pc from "picocolors";
import { formatDiagnostics, summarize } from "./format.js";
import { hasErrors } from "../input/diagnostic.js";
import { compileTemplates } from "../targets/templates.js";
import { writeAtomic } from "../project/write.js";
import { analyze } from "../core/generate.js";
import { HISTORY_FILE, MIGRATIONS_DIR, SNAPSHOT_FILE, parseSnapshot } from "../migrations/history.js";
import { planMigration } from "../core/plan-migration.js";
import type { Io } from "../project/io.js";
import { loadTeamRules } from "../project/team-rules.js";
import { FileHashes, ProjectCache, fingerprint, inputsKey, type PendingChanges } from "../project/cache.js";
import { withLock } from "../project/lock.js";
import { UserError } from "../project/io.js";
import { BLUEPRINT_FILE, OUT_DIR, loadProjectTemplates, readIfExists, readSpecs, readTemplates } from "../project/project.js";
import { MANIFEST_FILE } from "../project/manifest.js";
import { hintsFromJson, migrationHints, type MigrationHints } from "../migrations/hints.js";
import type { DbSchema } from "../db/types.js";
import type { SourceFile } from "../input/spec-set.js";
import { readHistory } from "../project/history.js";

interface MigrationOptions {
  readonly message: string;
  readonly allowDestructive: boolean;
  readonly color: boolean;
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
  const cache = ProjectCache.load(join(root, OUT_DIR));
  // Without the word, the blueprint has no rule modules and need not be parsed to find them (a
  // module hidden some other way only misses the fast path: the fingerprint lacks its text).
  let team = blueprintText.includes("rule_modules") ? await loadTeamRules(root, blueprintText) : undefined;
  let input = team?.diagnostics.length ? undefined : lastAnalysis(root, cache, blueprintText, specs, team?.sources ?? []);
  if (!input) {
    team ??= await loadTeamRules(root, blueprintText);
    const analyzed = analyze({ specs, blueprint: { path: BLUEPRINT_FILE, text: blueprintText }, loadedBlueprint: team.loaded, teamRules: team.rules, specCache: cache });
    const diagnostics = [...team.diagnostics, ...analyzed.diagnostics];
    if (hasErrors(diagnostics) || !analyzed.project || !analyzed.schema) {
      const sources = new Map([[BLUEPRINT_FILE, blueprintText], ...specs.map((s) => [s.path, s.text] as const)]);
      io.stderr(`${formatDiagnostics(diagnostics, { sources, color: options.color })}\n\n`);
      io.stderr(c.red(`${summarize(diagnostics)}: no migration written\n`));
      return 1;
    }
    input = { schema: analyzed.schema, hints: migrationHints(analyzed.project), package: analyzed.project.targets.python?.package ?? "app" };
  }
  const history = readHistory(root, FileHashes.load(join(root, OUT_DIR)));
  if (history.problems.length) {
    for (const p of history.problems) io.stderr(`${OUT_DIR}/${MIGRATIONS_DIR}/${p.file}: ${c.red("error")} ${p.message}\n  ${c.cyan("hint:")} ${p.hint}\n`);
    io.stderr(c.red("the migration history is damaged: no migration written\n"));
    return 1;
  }
  // The last gen models run diffed this very snapshot against this schema: take its diff.
  const pending = input.pending && input.pending.snapshot === history.digest(SNAPSHOT_FILE) ? input.pending : undefined;
  const plan = planMigration({
    hints: input.hints,
    schema: input.schema,
    diff: pending?.diff,
    prev: () => parseSnapshot(history.read(SNAPSHOT_FILE)),
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
  const scaffold = compileTemplates(readTemplates(), "alembic");
  const once = [
    { path: "env.py", content: scaffold.render("env", { package: input.package }) },
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

/**
 * What the last `gen models` run found, when it ran on exactly these inputs (specs, blueprint,
 * templates, rule modules, tool version, and the files it wrote): the analysis is a function of
 * those inputs, so the migration takes the schema it kept in the run cache instead of repeating
 * it. No output is read back as an input: the manifest only keys the cache.
 */
function lastAnalysis(
  root: string,
  cache: ProjectCache,
  blueprintText: string,
  specs: readonly SourceFile[],
  ruleModules: readonly string[],
): { schema: DbSchema; hints: MigrationHints; package: string; pending?: PendingChanges | undefined } | undefined {
  const run = cache.run;
  if (!run) return undefined;
  const outDir = join(root, OUT_DIR);
  const manifestText = readIfExists(join(outDir, MANIFEST_FILE)) ?? "";
  const templates = loadProjectTemplates(root);
  if (templates.diagnostics.length) return undefined;
  const runFingerprint = fingerprint(inputsKey({ blueprint: blueprintText, specs, templates: templates.templates, ruleModules }), manifestText);
  if (run.fingerprint !== runFingerprint) return undefined;
  const schema = cache.schema(runFingerprint);
  if (!schema) return undefined;
  return { schema, hints: hintsFromJson(run.migration.hints), package: run.migration.package, pending: cache.pending(runFingerprint) };
}

function rank(path: string): number {
  if (path === HISTORY_FILE) return 2;
  if (path === SNAPSHOT_FILE) return 1;
  return 0;
}
