import type { Severity } from "../input/diagnostic.js";
import type { PathSegment } from "../input/load.js";
import type { LoadedBlueprint, Origin, SpecSet } from "../input/spec-set.js";

export interface Finding {
  readonly at: Origin;
  /** Extra path below `at.path`. */
  readonly sub?: readonly PathSegment[];
  /** Point at the key (a name) rather than its value. */
  readonly target?: "key" | "value";
  readonly message: string;
  readonly hint?: string;
}

export interface RuleContext {
  readonly specs: SpecSet;
  readonly blueprint: LoadedBlueprint;
  /** Every rule id of the catalog (to check severity overrides). */
  readonly ruleIds: readonly string[];
  report(finding: Finding): void;
}

/** A rule: catalog entry plus (for rules checked on specs) one named check function. */
export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly hint: string;
  readonly example?: { readonly bad: string; readonly good: string };
  /** Absent for rules enforced while loading (YAML, schema) or by construction. */
  readonly check?: (ctx: RuleContext) => void;
}
