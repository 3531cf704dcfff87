import { Command, CommanderError, Option } from "commander";
import { isAbsolute, join, resolve } from "node:path";
import { loadBlueprint } from "../input/spec-set.js";
import { blueprintJsonSchema, specJsonSchema } from "../input/json-schema.js";
import { UnsafePathError, writeAtomic } from "../project/write.js";
import { referenceDocs } from "../core/docs/reference.js";
import { explainRule, listRules } from "./explain.js";
import { UserError, type Io } from "../project/io.js";
import { runMigration } from "./migration.js";
import { runModels } from "./models.js";
import { runWatch } from "./watch.js";
import { loadTeamRules } from "../project/team-rules.js";
import { VERSION } from "../version.js";
import { runInit, runNewModel } from "./scaffold.js";
import { runVerify } from "./verify.js";
import { analyze } from "../core/generate.js";
import { BLUEPRINT_FILE, OUT_DIR, readIfExists, readSpecs } from "../project/project.js";


function useColor(io: Io): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.isTTY;
}

/** The CLI as a function: `main(argv, io) → exit code` (STYLE). argv excludes node and script. */
export async function main(argv: readonly string[], io: Io, stop?: AbortSignal): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("gen")
    .description("blueprint-gen: blueprint-compliant data models from YAML specs")
    .version(VERSION, "-V, --version")
    .option("-C, --cwd <dir>", "project folder (holds blueprint.yaml, specs/, generated/)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError("(run `gen --help` for usage)");
  const teamRules = async () => {
    const text = readIfExists(join(root(), BLUEPRINT_FILE));
    return text === undefined ? [] : (await loadTeamRules(root(), text)).rules;
  };
  const root = () => {
    const dir = program.opts<{ cwd?: string }>().cwd;
    return dir === undefined ? io.cwd : isAbsolute(dir) ? dir : resolve(io.cwd, dir);
  };

  program
    .command("init")
    .description("start a project in an empty folder: blueprint.yaml, specs/ with an example, .gitignore lines")
    .argument("[dir]", "folder to create the project in (default: the current folder)")
    .option("--package <name>", "Python package name (default: from the folder name)")
    .action((dir: string | undefined, opts: { package?: string }) => {
      exitCode = runInit(dir === undefined ? root() : resolve(root(), dir), { package: opts.package }, io);
    });

  program
    .command("new")
    .description("scaffold a spec")
    .command("model")
    .description("write specs/<name>.yaml with the editor modeline and the common fields commented")
    .argument("<Name>", "PascalCase model name")
    .action((name: string) => {
      exitCode = runNewModel(root(), name, io);
    });

  program
    .command("models")
    .description(
      "validate the specs against the blueprint, render every target into generated/, write only what changed and remove stale generated files",
    )
    .option("--check", "write nothing; exit 1 if the specs are invalid or any generated file would change (for CI)")
    .option("--force", "overwrite generated files that were edited by hand (a .bak copy is kept)")
    .option("--strict", "fail on warnings too")
    .option("--watch", "keep running: regenerate on every change to specs/, blueprint.yaml or templates/")
    .addOption(
      new Option("--format <format>", "diagnostics output: human, json, sarif (code scanning) or github (Actions annotations)")
        .choices(["human", "json", "sarif", "github"])
        .default("human"),
    )
    .action(async (opts: { check?: boolean; force?: boolean; strict?: boolean; watch?: boolean; format: "human" | "json" | "sarif" | "github" }) => {
      const options = { check: !!opts.check, force: !!opts.force, strict: !!opts.strict, format: opts.format, color: useColor(io) };
      if (opts.watch && opts.check) throw new UserError("--watch and --check do not go together", 2);
      exitCode = opts.watch ? await runWatch(root(), options, io, stop) : await runModels(root(), options, io);
    });

  program
    .command("migration")
    .description(
      "diff the last migration snapshot against the specs and write the next Alembic revision, its SQL (up and down) and the new snapshot under generated/migrations/",
    )
    .requiredOption("-m, --message <message>", "what the migration does (becomes the file name and docstring)")
    .option("--allow-destructive", "allow steps that can lose data (drops, narrowing types, removed enum values)")
    .action(async (opts: { message: string; allowDestructive?: boolean }) => {
      exitCode = await runMigration(root(), { message: opts.message, allowDestructive: !!opts.allowDestructive, color: useColor(io) }, io);
    });

  program
    .command("migrate")
    .description("work with the migration history")
    .command("verify")
    .description("apply the whole migration history to an embedded PostgreSQL (PGlite) or --database-url, and compare the result with the specs")
    .option("--database-url <url>", "a PostgreSQL database instead of PGlite: an empty one gets the whole history applied; one that holds the schema (and its rows) is read and compared, never changed")
    .action(async (opts: { databaseUrl?: string }) => {
      exitCode = await runVerify(root(), { databaseUrl: opts.databaseUrl, color: useColor(io) }, io);
    });

  program
    .command("audit")
    .description("blueprint compliance report in the audit's Markdown format (or --format json): of the specs (findings and waivers), or of legacy models with --from-sqlalchemy")
    .option("--from-sqlalchemy <paths...>", "audit legacy SQLAlchemy sources in these files and folders (parsed, never imported) instead of the specs")
    .addOption(new Option("--format <format>", "report format").choices(["markdown", "json"]).default("markdown"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .action(async (opts: { fromSqlalchemy?: string[]; format: "markdown" | "json"; output?: string }) => {
      const from = opts.fromSqlalchemy?.map((p) => resolve(root(), p));
      const { runAudit } = await import("./audit.js"); // tree-sitter loads only for audits
      exitCode = await runAudit(root(), { from, format: opts.format, output: opts.output }, io);
    });

  program
    .command("import")
    .description(
      "adopt legacy models: write compliant specs and the legacy schema as the baseline the first `gen migration` converts (keys, tenant and reference columns, names), with every row kept",
    )
    .option("--from-sqlalchemy <paths...>", "read legacy SQLAlchemy sources in these files and folders, read together (parsed, never imported): give the folders of bases and mixins too")
    .option("--from-database <url>", "read the legacy schema from a live PostgreSQL catalog (postgresql://…)")
    .option("--package <name>", "Python package name for a new blueprint.yaml (default: app)")
    .option("--tenant-model <table>", "a legacy table (or its model) that is the tenant; without it, a schema with no Tenant table gets one, owning every row")
    .option("--global <tables...>", "legacy tables (or models) shared by every tenant: no tenant_id")
    .action(async (opts: { fromSqlalchemy?: string[]; fromDatabase?: string; package?: string; tenantModel?: string; global?: string[] }) => {
      const fromSqlalchemy = opts.fromSqlalchemy?.map((p) => resolve(root(), p));
      const { runImport } = await import("./import.js");
      exitCode = await runImport(root(), { fromSqlalchemy, fromDatabase: opts.fromDatabase, package: opts.package, tenantModel: opts.tenantModel, global: opts.global, color: useColor(io) }, io);
    });

  program
    .command("waivers")
    .description("list every waiver in the specs: the rule, the reason, and what it silences")
    .action(async () => {
      const text = readIfExists(join(root(), BLUEPRINT_FILE));
      if (text === undefined) throw new UserError(`no ${BLUEPRINT_FILE} in ${root()}`);
      const result = analyze({ specs: readSpecs(root()), blueprint: { path: BLUEPRINT_FILE, text }, teamRules: await teamRules() });
      for (const w of result.waived ?? []) {
        const d = w.diagnostic;
        const where = d.location ? `${d.location.file}:${d.location.start.line}:${d.location.start.column}` : "";
        io.stdout(`${where} [${d.rule}] ${d.path ?? ""}: ${d.message}\n    waived: ${w.reason}\n`);
      }
      const stale = result.diagnostics.filter((d) => d.rule === "2.1.0.6");
      for (const d of stale) io.stdout(`${d.location?.file}:${d.location?.start.line}:${d.location?.start.column} [${d.rule}] ${d.path}: ${d.message}\n`);
      io.stderr(`${result.waived?.length ?? 0} finding(s) waived, ${stale.length} waiver problem(s)\n`);
    });

  program
    .command("explain")
    .description("print a rule's title, rationale, an example violation and its fix (a section id such as 2.1.7 lists its rules)")
    .argument("<rule>", "rule id, e.g. 2.1.6.1, or a section id, e.g. 2.1.7")
    .action(async (id: string) => {
      io.stdout(explainRule(id, useColor(io), await teamRules()));
    });

  program
    .command("rules")
    .description("list the rule catalog with the severities in effect for this project")
    .action(async () => {
      const text = readIfExists(join(root(), BLUEPRINT_FILE));
      const overrides = text === undefined ? {} : (loadBlueprint({ path: BLUEPRINT_FILE, text }).blueprint?.spec.rules ?? {});
      io.stdout(listRules(overrides, await teamRules()));
    });

  program
    .command("docs")
    .description("write the spec reference, blueprint reference and rule catalog to docs/ (generated from the code)")
    .option("--check", "write nothing; exit 1 if a doc in docs/ is out of date")
    .action((opts: { check?: boolean }) => {
      const stale: string[] = [];
      for (const [name, content] of referenceDocs()) {
        const path = join(root(), "docs", name);
        if (readIfExists(path) === content) continue;
        stale.push(`docs/${name}`);
        if (!opts.check) writeAtomic(path, content);
      }
      if (opts.check && stale.length) {
        io.stderr(`out of date: ${stale.join(", ")} (run \`gen docs\`)\n`);
        exitCode = 1;
      } else io.stderr(stale.length ? `wrote ${stale.join(", ")}\n` : "docs/ is up to date\n");
    });

  program
    .command("schema")
    .description(`write the JSON Schemas of the spec and blueprint formats to ${OUT_DIR}/schema/ (for editors)`)
    .action(() => {
      writeAtomic(join(root(), OUT_DIR, "schema", "spec.schema.json"), specJsonSchema());
      writeAtomic(join(root(), OUT_DIR, "schema", "blueprint.schema.json"), blueprintJsonSchema());
      io.stderr(`wrote ${OUT_DIR}/schema/spec.schema.json and ${OUT_DIR}/schema/blueprint.schema.json\n`);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    if (argv.length === 0) {
      io.stderr(program.helpInformation());
      return 2;
    }
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof UnsafePathError) {
      io.stderr(`gen: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UserError) {
      io.stderr(`gen: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && ["EACCES", "EROFS", "ENOSPC", "EDQUOT", "EPERM", "EISDIR", "ENOTDIR", "EEXIST"].includes(err.code ?? "")) {
      io.stderr(`gen: cannot write: ${err.message}\n`);
      return 1;
    }
    io.stderr(`gen: internal error: this is a bug in blueprint-gen, please report it with the output below.\n${err?.stack ?? String(e)}\n`);
    return 70;
  }
}
