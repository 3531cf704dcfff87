import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import type { LoadedBlueprint, SpecSet } from "../spec/spec-set.js";
import { RULE_IDS, RULES } from "./catalog.js";
import type { Finding } from "./rule.js";

function effectiveSeverity(ruleId: string, fallback: Severity, blueprint: LoadedBlueprint): Severity | "off" {
  return blueprint.spec.rules?.[ruleId] ?? fallback;
}

/** Run every rule of the catalog in order; severities come from the blueprint's overrides. */
export function validate(specs: SpecSet, blueprint: LoadedBlueprint): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of RULES) {
    if (!rule.check) continue;
    const severity = effectiveSeverity(rule.id, rule.severity, blueprint);
    if (severity === "off") continue;
    rule.check({
      specs,
      blueprint,
      ruleIds: RULE_IDS,
      report: (f: Finding) => {
        const path = [...f.at.path, ...(f.sub ?? [])];
        const shown = path[0] === "models" || path[0] === "enums" ? path.slice(1) : path;
        out.push({
          rule: rule.id,
          severity,
          message: f.message,
          path: shown.length ? shown.map(String).join(".") : undefined,
          location: f.at.file.locate(path, f.target ?? "value"),
          hint: f.hint,
        });
      },
    });
  }
  return out;
}

