import type { Diagnostic, Severity } from "../input/diagnostic.js";
import type { PathSegment } from "../input/load.js";
import { didYouMean } from "../lang/did-you-mean.js";
import type { LoadedBlueprint, Origin, SpecSet } from "../input/spec-set.js";
import { RULES } from "./catalog.js";
import type { Finding, Rule } from "./rule.js";

function effectiveSeverity(
  ruleId: string,
  fallback: Severity,
  blueprint: LoadedBlueprint,
): Severity | "off" {
  return blueprint.spec.rules?.[ruleId] ?? fallback;
}

const WAIVER_RULE = "2.1.0.6";

/** A finding a spec waived, with the reason (reports list them). */
export interface Waived {
  readonly diagnostic: Diagnostic;
  readonly reason: string;
}

interface WaiverSite {
  readonly rule: string;
  readonly reason: string;
  readonly origin: Origin;
  readonly path: readonly PathSegment[];
  used: boolean;
}

/** Waivers by `Model` and `Model.field`. */
function collectWaivers(specs: SpecSet): Map<string, WaiverSite[]> {
  const sites = new Map<string, WaiverSite[]>();
  for (const m of specs.models) {
    const add = (
      key: string,
      list: { rule: string; reason: string }[] | undefined,
      sub: PathSegment[],
    ) =>
      (list ?? []).forEach((w, i) =>
        sites.set(key, [
          ...(sites.get(key) ?? []),
          {
            rule: w.rule,
            reason: w.reason,
            origin: m.origin,
            path: [...sub, "waivers", i],
            used: false,
          },
        ]),
      );
    if (m.spec.waivers) add(m.name, m.spec.waivers, []);
    for (const [name, field] of Object.entries(m.spec.fields ?? {}))
      if (field.waivers) add(`${m.name}.${name}`, field.waivers, ["fields", name]);
  }
  return sites;
}

/** Run every rule of the catalog in order; severities come from the blueprint's overrides. */
export function validate(
  specs: SpecSet,
  blueprint: LoadedBlueprint,
  teamRules: readonly Rule[] = [],
): Diagnostic[] {
  return validateWithWaivers(specs, blueprint, teamRules).diagnostics;
}

/** Team rules (from the blueprint's rule_modules) run after the built-ins, the same way. */
export function validateWithWaivers(
  specs: SpecSet,
  blueprint: LoadedBlueprint,
  teamRules: readonly Rule[] = [],
): { diagnostics: Diagnostic[]; waived: Waived[] } {
  const rules = [...RULES, ...teamRules];
  const ruleIds = rules.map((r) => r.id);
  const out: Diagnostic[] = [];
  const waived: Waived[] = [];
  const sites = collectWaivers(specs);
  for (const rule of rules) {
    if (!rule.check) continue;
    const severity = effectiveSeverity(rule.id, rule.severity, blueprint);
    if (severity === "off") continue;
    const team = !RULES.includes(rule);
    try {
      rule.check({
        specs,
        blueprint,
        ruleIds,
        report: (f: Finding) => {
          const path = [...f.at.path, ...(f.sub ?? [])];
          const shown =
            path[0] === "models" || path[0] === "enums" ? path.slice(1) : path;
          const diagnostic: Diagnostic = {
            rule: rule.id,
            severity,
            message: f.message,
            path: shown.length ? shown.map(String).join(".") : undefined,
            location: f.at.file.locate(path, f.target ?? "value"),
            hint: f.hint,
          };
          // A waiver on the field applies to it; one on the model applies to all of the model.
          const keys =
            path[0] === "models"
              ? [
                  path[2] === "fields"
                    ? `${String(path[1])}.${String(path[3])}`
                    : "",
                  String(path[1]),
                ]
              : [];
          const site = keys
            .flatMap((k) => sites.get(k) ?? [])
            .find((w) => w.rule === rule.id);
          if (site) {
            site.used = true;
            waived.push({ diagnostic, reason: site.reason });
          } else out.push(diagnostic);
        },
      });
    } catch (e) {
      // A team rule that throws is that rule's bug, reported as such; ours are our bugs.
      if (!team) throw e;
      out.push({
        rule: rule.id,
        severity: "error",
        message: `team rule ${rule.id} crashed: ${(e as Error).message}`,
        location: blueprint.origin.file.locate(["rule_modules"], "key"),
        hint: "fix the rule module named in rule_modules",
      });
    }
  }
  const known = new Set(rules.filter((r) => r.check).map((r) => r.id));
  const waiverSeverity = effectiveSeverity(WAIVER_RULE, "warning", blueprint);
  for (const list of sites.values()) {
    for (const w of list) {
      if (waiverSeverity === "off") continue;
      const problem = !known.has(w.rule)
        ? {
            message: `waiver for unknown rule \`${w.rule}\``,
            hint:
              didYouMean(w.rule, known) ??
              "`gen rules` lists the rules that can be waived",
          }
        : !w.used
          ? {
              message: `waiver for ${w.rule} is unused: the rule does not fire here`,
              hint: "remove the waiver",
            }
          : undefined;
      if (problem) {
        out.push({
          rule: WAIVER_RULE,
          severity: waiverSeverity,
          ...problem,
          path: [...w.origin.path.slice(1), ...w.path].map(String).join("."),
          location: w.origin.file.locate(
            [...w.origin.path, ...w.path, "rule"],
            "value",
          ),
        });
      }
    }
  }
  return { diagnostics: out, waived };
}
