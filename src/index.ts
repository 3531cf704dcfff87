// Public API for team rule modules and tools built on blueprint-gen.
export type { Finding, Rule, RuleContext } from "./rules/rule.js";
export type { Diagnostic, Severity, SourceLocation } from "./input/diagnostic.js";
export type { LoadedBlueprint, Origin, SpecEnum, SpecModel, SpecSet } from "./input/spec-set.js";
export type { EnumSpec, FieldSpec, ModelSpec, RelationSpec } from "./input/spec-schema.js";
export { generate, analyze } from "./core/generate.js";
