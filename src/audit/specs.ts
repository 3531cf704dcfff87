import type { Waived } from "../rules/validate.js";
import type { Diagnostic } from "../input/diagnostic.js";
import type { SpecSet } from "../input/spec-set.js";
import type { GapItem, GapSection, ModelAudit } from "./findings.js";
import type { LegacyFile } from "./legacy.js";

const SECTIONS: [string, (rule: string) => boolean][] = [
  ["Blueprint 2.1.4 & 2.1.5 (Inheritance, Table Name)", (r) => r.startsWith("2.1.4") || r.startsWith("2.1.5")],
  ["Blueprint 2.1.6 (Primary Key - id)", (r) => r.startsWith("2.1.6")],
  ["Blueprint 2.1.8 (Column Naming & Types)", (r) => r.startsWith("2.1.8")],
  ["Blueprint 2.1.7 (Relationships)", (r) => r.startsWith("2.1.7")],
  ["Other rules", () => true],
];

/**
 * `gen audit` on specs: each model's findings (errors as STOP_FOR_REVIEW, warnings as
 * NEED_CLARITY) and its waivers with their reasons, in the audit's format.
 */
export function auditSpecs(specs: SpecSet, diagnostics: readonly Diagnostic[], waived: readonly Waived[]): { files: LegacyFile[]; audits: ModelAudit[] } {
  const audits: ModelAudit[] = [];
  const files: LegacyFile[] = [];
  for (const file of specs.files) {
    const models = specs.models.filter((m) => m.origin.file === file);
    files.push({
      path: file.file,
      classes: specs.enums
        .filter((e) => e.origin.file === file)
        .map((e) => ({ name: e.name, file: file.file, line: 1, bases: [], columns: [], relationships: [], isEnum: true, enumValues: e.spec.values.map((v) => (typeof v === "string" ? v : v.value)), enumLabels: [], tableArgs: [], notUnderstood: [] })),
      literals: new Map(),
      namingConvention: false,
    });
    for (const m of models) {
      const mine = (path: string | undefined) => path === m.name || path?.startsWith(`${m.name}.`) === true;
      const own = diagnostics.filter((d) => mine(d.path) && d.location?.file === file.file);
      const waivers = waived.filter((w) => mine(w.diagnostic.path));
      const sections: GapSection[] = SECTIONS.map(([title, match]) => {
        const items: GapItem[] = [];
        for (const d of own.filter((x) => match(x.rule) && !SECTIONS.slice(0, SECTIONS.findIndex(([t]) => t === title)).some(([, m2]) => m2(x.rule)))) {
          items.push({
            text: `\`${d.path}\`: ${d.message}`,
            marker: { kind: d.severity === "error" ? "STOP_FOR_REVIEW" : "NEED_CLARITY", text: `${d.path}: ${d.message} (rule ${d.rule})`, rule: d.rule, line: d.location?.start.line ?? 1 },
          });
        }
        for (const w of waivers.filter((x) => match(x.diagnostic.rule) && !SECTIONS.slice(0, SECTIONS.findIndex(([t]) => t === title)).some(([, m2]) => m2(x.diagnostic.rule)))) {
          items.push({ text: `Waived [${w.diagnostic.rule}] \`${w.diagnostic.path}\`: ${w.diagnostic.message}. Reason: ${w.reason}` });
        }
        return { title, summary: items.length ? undefined : "Compliant.", items };
      }).filter((s) => s.title !== "Other rules" || s.items.length > 0);
      const tenant = m.spec.tenant_scoped === false ? "GlobalBaseModel" : "BaseModel";
      audits.push({
        file: file.file,
        name: m.name,
        line: 1,
        bases: ["Base", tenant, ...(m.spec.mixins ?? []).map((x) => x.split(".").pop()!)],
        summary: `${m.spec.description?.replace(/\.$/, "") ?? `Model ${m.name}`}, inherits \`Base\`, \`${tenant}\`.`,
        sections,
        actions: own.map((d) => ({ critical: d.severity === "error", text: `${d.path}: ${d.hint ?? d.message}` })),
        notUnderstood: [],
      });
    }
  }
  return { files, audits };
}
