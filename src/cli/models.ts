import { join } from "node:path";
import pc from "picocolors";
import { diagnosticsToJson, formatDiagnostics, summarize } from "./format.js";
import { hasErrors } from "../input/diagnostic.js";
import { MANIFEST_FILE, parseManifest, sha256, type Manifest } from "../project/manifest.js";
import { BASELINE_FILE } from "../migrations/adoption.js";
import { countActions, planFile, planStale, writesContent, type DiskHash, type PlanEntry } from "../project/plan.js";
import { FileHashes, ProjectCache, fingerprint, inputsKey } from "../project/cache.js";
import { commitPlan, folderListings, removeLeftovers, writeManifest } from "../project/write.js";
import { Stager } from "../project/stage.js";
import { DATABASE_FILE, analyze, renderFiles, type AnalyzeResult } from "../core/generate.js";
import { diffSchemas, type DiffResult } from "../migrations/diff.js";
import { hintsToJson, migrationHints, type MigrationHints } from "../migrations/hints.js";
import { HISTORY_FILE, MIGRATIONS_DIR, SNAPSHOT_FILE, parseSnapshot } from "../migrations/history.js";
import type { Io } from "../project/io.js";
import { UserError } from "../project/io.js";
import { TemplateError } from "../targets/templates.js";
import { loadTeamRules } from "../project/team-rules.js";
import { withLock } from "../project/lock.js";
import { toGithubAnnotations, toSarif } from "./ci-formats.js";
import { RULES } from "../rules/catalog.js";
import { VERSION } from "../version.js";
import { BLUEPRINT_FILE, OUT_DIR, PROJECT_TEMPLATES_DIR, loadProjectTemplates, readIfExists, readSpecs } from "../project/project.js";
import { readHistory } from "../project/history.js";

/**
 * The migration history as `gen models` reports it: damage (an edited or out-of-order revision,
 * a second head) and schema changes the specs make that no migration has captured yet.
 */
function migrationStatus(
  history: ReturnType<typeof readHistory>,
  result: AnalyzeResult,
  hints: MigrationHints | undefined,
): { lines: string[]; broken: boolean; diff?: DiffResult } {
  if (history.entries.length === 0 && history.problems.length === 0 && !history.baseline) return { lines: [], broken: false };
  if (history.problems.length) {
    return {
      lines: history.problems.map((p) => `${OUT_DIR}/${MIGRATIONS_DIR}/${p.file}: error ${p.message}\n  hint: ${p.hint}`),
      broken: true,
    };
  }
  if (!result.schema || !hints) return { lines: [], broken: false };
  if (history.baseline && history.entries.length === 0) {
    return { lines: [`the legacy schema from \`gen import\` is not converted yet: run \`gen migration -m "Adopt legacy schema"\``], broken: false };
  }
  const diff = diffSchemas(parseSnapshot(history.read(SNAPSHOT_FILE)), result.schema, hints);
  const pending = diff.ops.length;
  return {
    lines: pending ? [`${pending} pending schema change(s) since the last migration: run \`gen migration -m "<message>"\``] : [],
    broken: false,
    diff,
  };
}

export interface ModelsOptions {
  readonly check: boolean;
  readonly force: boolean;
  readonly strict: boolean;
  readonly format: "human" | "json" | "sarif" | "github";
  readonly color: boolean;
  /** Watch mode: one summary line per run, no per-file lists. */
  readonly quiet?: boolean;
}

/** `gen models`: validate, render, write only what changed (or, with --check, only compare). */
export async function runModels(root: string, options: ModelsOptions, io: Io): Promise<number> {
  // Writers take the lock on generated/; --check only reads.
  return options.check ? modelsRun(root, options, io, false) : withLock(join(root, OUT_DIR), io, (recovered) => modelsRun(root, options, io, recovered));
}

/** `killed`: the last writer was killed (its lock was stale), and may have left temporary files. */
async function modelsRun(root: string, options: ModelsOptions, io: Io, killed: boolean): Promise<number> {
  const started = performance.now();
  const blueprintText = readIfExists(join(root, BLUEPRINT_FILE));
  if (blueprintText === undefined) {
    throw new UserError(`no ${BLUEPRINT_FILE} in ${root}: run gen in a project folder (or pass --cwd)`);
  }
  const specs = readSpecs(root);
  const c = pc.createColors(options.color);
  const loaded = loadProjectTemplates(root);
  if (loaded.diagnostics.length) {
    const sources = new Map<string, string>();
    for (const d of loaded.diagnostics) if (d.location) sources.set(d.location.file, readIfExists(join(root, d.location.file)) ?? "");
    io.stderr(`${formatDiagnostics(loaded.diagnostics, { sources, color: options.color })}\n\n`);
    io.stderr(c.red(`${summarize(loaded.diagnostics)} in template overrides: nothing written\n`));
    return 1;
  }
  const team = await loadTeamRules(root, blueprintText);
  if (team.diagnostics.length) {
    io.stderr(`${formatDiagnostics(team.diagnostics, { sources: new Map([[BLUEPRINT_FILE, blueprintText]]), color: options.color })}\n\n`);
    io.stderr(c.red(`${summarize(team.diagnostics)} in rule_modules: nothing written\n`));
    return 1;
  }
  const outDir = join(root, OUT_DIR);
  const manifestText = readIfExists(join(outDir, MANIFEST_FILE));
  const manifest = parseManifest(manifestText);
  const cache = ProjectCache.load(outDir);
  const files = FileHashes.load(outDir);
  const inputs = inputsKey({ blueprint: blueprintText, specs, templates: loaded.templates, ruleModules: team.sources });
  const runKey = fingerprint(inputs, manifestText ?? "");
  const history = readHistory(root, files);
  const historyKey = migrationKey(history);
  const last = cache.run;
  // Nothing changed since the last successful run, and the files on disk are the ones it
  // wrote: report what it reported, without parsing or rendering anything.
  const unchanged =
    !options.force &&
    last !== undefined &&
    last.fingerprint === runKey &&
    last.migrationKey === historyKey &&
    !(options.strict && last.diagnostics.length > 0) &&
    filesIntact(files, manifest);

  let result: AnalyzeResult;
  if (unchanged) result = { diagnostics: last.diagnostics };
  else result = analyze({ specs, blueprint: { path: BLUEPRINT_FILE, text: blueprintText }, loadedBlueprint: team.loaded, teamRules: team.rules, specCache: cache });
  const failing = hasErrors(result.diagnostics) || (options.strict && result.diagnostics.length > 0);

  // Each file is planned and, when it changed, staged (written to a temporary file) as soon as
  // it is rendered; nothing replaces a generated file before every one is staged.
  let plan: PlanEntry[];
  let stager: Stager | undefined;
  /** The staged files are in place (nothing left to discard). */
  let committed = false;
  const hashes: Record<string, string> = {};
  /** The schema as the run renders it (generated/schema/database.json), kept for gen migration. */
  let schemaJson: string | undefined;
  if (unchanged) plan = Object.keys(manifest.files).map((path) => ({ path, action: "unchanged" as const }));
  else if (failing || !result.project || !result.schema) plan = [];
  else {
    if (!options.check) {
      if (killed) removeLeftovers(outDir);
      stager = new Stager(outDir);
    }
    plan = [];
    const disk = diskHash(outDir, manifest, files);
    try {
      const memo = options.force ? undefined : cache.memo(manifest, files);
      for (const f of renderFiles(result.project, result.schema, loaded.templates, memo)) {
        const hash = f.kept ? f.hash : (f.hash ?? sha256(f.content));
        const entry = planFile({ path: f.path, hash, kept: f.kept }, disk, manifest);
        plan.push(entry);
        hashes[f.path] = hash;
        if (f.path === DATABASE_FILE && !f.kept) schemaJson = f.content;
        if (stager && !f.kept && writesContent(entry, options.force)) stager.add(f.path, f.content);
      }
    } catch (e) {
      await stager?.discard();
      if (e instanceof TemplateError && loaded.overridden.has(e.template)) {
        throw new UserError(`${PROJECT_TEMPLATES_DIR}/${e.template}.hbs: ${e.detail} (docs/templates.md lists each template's context)`);
      }
      throw e;
    }
    plan.push(...planStale(new Set(Object.keys(hashes)), disk, manifest));
    plan.sort((a, b) => (a.path < b.path ? -1 : 1));
  }
  try {
    const counts = countActions(plan);
    const conflicts = plan.filter((e) => e.action === "conflict");
    const drift = plan.filter((e) => e.action !== "unchanged");

    if (options.format === "json") {
      io.stdout(
        `${JSON.stringify(
          {
            ok: !failing && (options.check ? drift.length === 0 : conflicts.length === 0 || options.force),
            diagnostics: diagnosticsToJson(result.diagnostics),
            files: plan.map((e) => ({ path: `${OUT_DIR}/${e.path}`, action: e.action, ...(e.reason ? { reason: e.reason } : {}) })),
          },
          null,
          2,
        )}\n`,
      );
    } else if (options.format === "sarif") {
      io.stdout(toSarif(result.diagnostics, VERSION, [...RULES, ...team.rules]));
    } else if (options.format === "github") {
      io.stdout(toGithubAnnotations(result.diagnostics));
    } else if (result.diagnostics.length) {
      const sources = new Map([[BLUEPRINT_FILE, blueprintText], ...specs.map((s) => [s.path, s.text] as const)]);
      io.stderr(`${formatDiagnostics(result.diagnostics, { sources, color: options.color })}\n\n`);
    }

    const human = (line: string) => {
      if (options.format === "human") io.stderr(`${line}\n`);
    };
    if (failing) {
      human(
        c.red(
          `${summarize(result.diagnostics)}${options.strict && !hasErrors(result.diagnostics) ? " (--strict fails on warnings)" : ""}: nothing written`,
        ),
      );
      return 1;
    }
    const hints = result.project ? migrationHints(result.project) : undefined;
    const migrations = unchanged ? { lines: [...last!.migrationLines], broken: false } : migrationStatus(history, result, hints);
    for (const line of migrations.lines) human(line);
    if (options.check) {
      if (migrations.broken) {
        human(c.red("the migration history is damaged (see above)"));
        return 1;
      }
      for (const e of drift) human(`  ${e.action.padEnd(9)} ${OUT_DIR}/${e.path}${e.reason ? ` (${e.reason})` : ""}`);
      if (drift.length) {
        human(c.red(`${drift.length} generated file(s) out of date: run \`gen models\``));
        return 1;
      }
      human(c.green(`generated/ is up to date (${counts.unchanged} files)`));
      return 0;
    }
    if (conflicts.length && !options.force) {
      for (const e of conflicts) human(`  ${c.red("conflict")}  ${OUT_DIR}/${e.path} ${e.reason}`);
      human(c.red(`${conflicts.length} file(s) would lose hand edits: nothing written. Move the edits to a mixin or template, or rerun with --force (keeps a .bak copy)`));
      return 1;
    }
    if (unchanged) {
      // Temporary files a killed run left behind (a full run removed them before staging), and
      // the hashes of files that had to be read again.
      if (killed) removeLeftovers(outDir);
      files.save();
    }
    const applied = stager
      ? commitPlan(outDir, plan, await stager.done(), options.force, (path, st) => files.wrote(path, st, hashes[path]!))
      : { written: 0, removed: 0, backups: [] as string[] };
    committed = true;
    const written = unchanged ? undefined : writeManifest(outDir, hashes);
    const waived = unchanged ? last!.waived : (result.waived?.length ?? 0);
    if (!migrations.broken && written !== undefined && result.project && hints) {
      const runFingerprint = fingerprint(inputs, written);
      const snapshot = history.digest(SNAPSHOT_FILE);
      files.save();
      const record = {
        fingerprint: runFingerprint,
        diagnostics: result.diagnostics,
        waived,
        migrationKey: historyKey,
        migrationLines: migrations.lines,
        migration: { hints: hintsToJson(hints), package: result.project.targets.python?.package ?? "app" },
      };
      // What gen migration would diff next, unless the snapshot changes first.
      cache.save(record, migrations.diff && snapshot ? { fingerprint: runFingerprint, snapshot, diff: migrations.diff } : undefined, schemaJson);
    }
    for (const b of applied.backups) human(`  backup    ${OUT_DIR}/${b}`);
    if (waived) human(c.dim(`${waived} finding(s) waived by specs (reasons in the specs' \`waivers:\`)`));
    const ms = Math.round(performance.now() - started);
    human(
      `${c.green("✓")} ${applied.written} written, ${counts.unchanged} unchanged, ${applied.removed} removed in ${ms} ms` +
        (result.diagnostics.length ? c.yellow(` (${summarize(result.diagnostics)})`) : ""),
    );
    return 0;
  } finally {
    // Whatever did not reach its place is dropped.
    if (!committed) await stager?.discard();
  }
}

/** The migration history as of now: a cached report is valid only for the same history. */
function migrationKey(history: ReturnType<typeof readHistory>): string {
  return sha256([HISTORY_FILE, SNAPSHOT_FILE, BASELINE_FILE].map((f) => `${f}\n${history.digest(f) ?? "-"}`).join("\n"));
}

/**
 * The hash of what is on disk under `outDir`. A file the last run wrote is looked up by its
 * stat (FileHashes); any other is first looked for in its folder's listing: most of them (every
 * file of a first run) are not there.
 */
function diskHash(outDir: string, manifest: Manifest, files: FileHashes): DiskHash {
  const listing = folderListings();
  const listed = (path: string) => {
    const slash = path.lastIndexOf("/");
    return listing(join(outDir, path.slice(0, Math.max(slash, 0))))?.has(path.slice(slash + 1)) ?? false;
  };
  return (path) => (path in manifest.files || listed(path) ? files.hash(path) : undefined);
}

/** Every file the manifest lists is on disk with the hash it records. */
function filesIntact(files: FileHashes, manifest: Manifest): boolean {
  const entries = Object.entries(manifest.files);
  if (entries.length === 0) return false;
  for (const [path, hash] of entries) if (files.hash(path) !== hash) return false;
  return true;
}
