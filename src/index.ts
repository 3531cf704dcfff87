// Public API for team rule modules and tools built on blueprint-gen.
export type { Finding, Rule, RuleContext } from "./blueprint/rule.js";
export type { Diagnostic, Severity, SourceLocation } from "./diagnostics/diagnostic.js";
export type { LoadedBlueprint, Origin, SpecEnum, SpecModel, SpecSet } from "./spec/spec-set.js";
export type { EnumSpec, FieldSpec, ModelSpec, RelationSpec } from "./spec/schema.js";
export { generate, analyze } from "./generate.js";
