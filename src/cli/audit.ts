import { join } from "node:path";
import { auditLegacy, type ModelAudit } from "../audit/findings.js";
import { auditSpecs } from "../audit/specs.js";
import { analyze } from "../core/generate.js";
import { loadTeamRules } from "../project/team-rules.js";
import { pythonParser, type LegacyFile } from "../audit/legacy.js";
import { renderAuditJson, renderAuditMarkdown } from "../audit/report.js";
import { blueprintFacts } from "../input/accessors.js";
import { loadBlueprint } from "../input/spec-set.js";
import { tableName } from "../ir/naming.js";
import { writeAtomic } from "../project/write.js";
import type { Io } from "../project/io.js";
import { UserError } from "../project/io.js";
import { BLUEPRINT_FILE, readIfExists, readSpecs } from "../project/project.js";
import { legacySources } from "../project/sources.js";


/** `gen audit --from-sqlalchemy <paths…>`: the compliance report of legacy models, read statically. */
export async function runAudit(root: string, options: { from?: readonly string[] | undefined; format: "markdown" | "json"; output?: string | undefined }, io: Io): Promise<number> {
  if (options.from === undefined) return auditOfSpecs(root, options, io);
  const read = legacySources(root, options.from);
  if ("missing" in read) throw new UserError(`--from-sqlalchemy ${read.missing}: no such file or folder`, 2);
  const text = readIfExists(join(root, BLUEPRINT_FILE));
  const bp = text === undefined ? undefined : loadBlueprint({ path: BLUEPRINT_FILE, text }).blueprint;
  const facts = bp ? blueprintFacts(bp) : undefined;
  const sources = read.sources;
  const files: LegacyFile[] = (await pythonParser()).parseAll(sources);
  const audits = auditLegacy(files, {
    baseClass: "Base",
    baseModel: "BaseModel",
    tenantColumn: facts?.tenantColumn ?? "tenant_id",
    tenantTable: facts ? tableName(facts.tenantModel) : "tenants",
    globalModels: facts?.globalModels ?? new Set(["Tenant"]),
  });
  return emit(root, options, io, files, audits);
}

/** `gen audit` on the project's own specs: warnings, errors and waivers per model. */
async function auditOfSpecs(root: string, options: { format: "markdown" | "json"; output?: string | undefined }, io: Io): Promise<number> {
  const text = readIfExists(join(root, BLUEPRINT_FILE));
  if (text === undefined) throw new UserError(`no ${BLUEPRINT_FILE} in ${root}: run gen in a project folder (or pass --from-sqlalchemy)`);
  const team = await loadTeamRules(root, text);
  const result = analyze({ specs: readSpecs(root), blueprint: { path: BLUEPRINT_FILE, text }, teamRules: team.rules });
  if (!result.specs) throw new UserError("the blueprint does not load: run `gen models` for its diagnostics");
  const { files, audits } = auditSpecs(result.specs, result.diagnostics, result.waived ?? []);
  return emit(root, options, io, files, audits);
}

function emit(root: string, options: { format: "markdown" | "json"; output?: string | undefined }, io: Io, files: LegacyFile[], audits: ModelAudit[]): number {
  const report = options.format === "json" ? renderAuditJson(audits) : renderAuditMarkdown("Layer 1: Models & ENUMs - Audit Report", files, audits);
  if (options.output) writeAtomic(join(root, options.output), report);
  else io.stdout(report);
  const stops = audits.flatMap((a) => a.sections.flatMap((s) => s.items)).filter((i) => i.marker?.kind === "STOP_FOR_REVIEW").length;
  const clarity = audits.flatMap((a) => a.sections.flatMap((s) => s.items)).filter((i) => i.marker?.kind === "NEED_CLARITY").length;
  io.stderr(`${audits.length} model(s) audited: ${stops} STOP_FOR_REVIEW, ${clarity} NEED_CLARITY\n`);
  return stops > 0 ? 1 : 0;
}
