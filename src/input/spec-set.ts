import type { Diagnostic } from "./diagnostic.js";
import { BlueprintSchema, type BlueprintSpec } from "./blueprint-schema.js";
import { issuesToDiagnostics } from "./issues.js";
import { loadYaml, type LoadedYaml, type PathSegment } from "./load.js";
import { SpecFileSchema, type DomainSpec, type EnumSpec, type ModelSpec, type SpecFile, type ViewSpec } from "./spec-schema.js";

export interface SourceFile {
  /** Project-relative path with forward slashes. */
  readonly path: string;
  readonly text: string;
  /** Set when the bytes could not be read as text (e.g. invalid UTF-8). */
  readonly unreadable?: string;
}

/** Where a spec element was written; enough to point a diagnostic at it. */
export interface Origin {
  readonly file: LoadedYaml;
  readonly path: readonly PathSegment[];
}

export interface SpecModel {
  readonly name: string;
  readonly spec: ModelSpec;
  readonly origin: Origin;
}

export interface SpecEnum {
  readonly name: string;
  readonly spec: EnumSpec;
  readonly origin: Origin;
}

export interface SpecDomain {
  readonly name: string;
  readonly spec: DomainSpec;
  readonly origin: Origin;
}

export interface SpecView {
  readonly name: string;
  readonly spec: ViewSpec;
  readonly origin: Origin;
}

/** All spec files, shape-checked, names unique: the input of the blueprint rules. */
export interface SpecSet {
  readonly files: readonly LoadedYaml[];
  readonly models: readonly SpecModel[];
  readonly enums: readonly SpecEnum[];
  readonly views: readonly SpecView[];
  readonly domains: readonly SpecDomain[];
  readonly domainsByName: ReadonlyMap<string, SpecDomain>;
  readonly modelsByName: ReadonlyMap<string, SpecModel>;
  readonly enumsByName: ReadonlyMap<string, SpecEnum>;
}

export interface LoadedBlueprint {
  readonly spec: BlueprintSpec;
  readonly origin: Origin;
}

const DUPLICATE_RULE = "2.1.0.3";

/**
 * Shape-checked contents of spec files that loaded cleanly, by a hash of their text: a file
 * whose text did not change is neither parsed nor checked again (its positions are looked up
 * from the text only if a diagnostic needs one).
 */
export interface SpecParseCache {
  get(text: string): SpecFile | undefined;
  set(text: string, data: SpecFile): void;
}

/** A parsed file from the cache: the YAML is parsed again, once, only when a position is needed. */
function lazyLoaded(file: string, text: string, value: unknown): LoadedYaml {
  let full: LoadedYaml | undefined;
  return {
    file,
    text,
    value,
    locate(path, target) {
      full ??= loadYaml(file, text).loaded;
      if (!full) return { file, start: { line: 1, column: 1 } };
      return full.locate(path, target);
    },
  };
}

/** Parse and shape-check spec files (sorted by path for determinism), then merge them. */
export function loadSpecSet(sources: readonly SourceFile[], cache?: SpecParseCache): { specs: SpecSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: LoadedYaml[] = [];
  const models: SpecModel[] = [];
  const enums: SpecEnum[] = [];
  const views: SpecView[] = [];
  // Models, enums and views share one namespace (classes, files, PostgreSQL names).
  const viewsByName = new Map<string, SpecView>();
  const domains: SpecDomain[] = [];
  const domainsByName = new Map<string, SpecDomain>();
  const modelsByName = new Map<string, SpecModel>();
  const enumsByName = new Map<string, SpecEnum>();
  const sorted = [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const source of sorted) {
    if (source.unreadable) {
      diagnostics.push({ rule: "2.1.0.1", severity: "error", message: source.unreadable, location: { file: source.path, start: { line: 1, column: 1 } }, hint: "spec files are UTF-8 text" });
      continue;
    }
    const cached = cache?.get(source.text);
    if (cached) {
      const loaded = lazyLoaded(source.path, source.text, cached);
      files.push(loaded);
      collect("enum", cached.enums, loaded, enums, enumsByName, diagnostics);
      collect("model", cached.models, loaded, models, modelsByName, diagnostics);
      collect("view", cached.views, loaded, views, viewsByName, diagnostics);
      collect("domain", cached.domains, loaded, domains, domainsByName, diagnostics);
      continue;
    }
    const { loaded, diagnostics: yamlDiagnostics } = loadYaml(source.path, source.text);
    diagnostics.push(...yamlDiagnostics);
    if (!loaded) continue;
    files.push(loaded);
    const parsed = SpecFileSchema.safeParse(loaded.value);
    if (!parsed.success) {
      diagnostics.push(...issuesToDiagnostics(parsed.error.issues, loaded, SpecFileSchema));
      continue;
    }
    cache?.set(source.text, parsed.data);
    collect("enum", parsed.data.enums, loaded, enums, enumsByName, diagnostics);
    collect("model", parsed.data.models, loaded, models, modelsByName, diagnostics);
    collect("view", parsed.data.views, loaded, views, viewsByName, diagnostics);
    collect("domain", parsed.data.domains, loaded, domains, domainsByName, diagnostics);
  }
  return { specs: { files, models, enums, views, domains, domainsByName, modelsByName, enumsByName }, diagnostics };
}

/** Add a file's enums or models; a name declared before is a located 2.1.0.3 error. */
function collect<S>(
  kind: "enum" | "model" | "view" | "domain",
  entries: Record<string, S> | undefined,
  file: LoadedYaml,
  list: { name: string; spec: S; origin: Origin }[],
  byName: Map<string, { name: string; spec: S; origin: Origin }>,
  diagnostics: Diagnostic[],
): void {
  for (const [name, spec] of Object.entries(entries ?? {})) {
    const item = { name, spec, origin: { file, path: [`${kind}s`, name] } };
    const previous = byName.get(name);
    if (previous) diagnostics.push(duplicate(kind, name, item.origin, previous.origin));
    else {
      byName.set(name, item);
      list.push(item);
    }
  }
}

function duplicate(kind: string, name: string, here: Origin, first: Origin): Diagnostic {
  const firstAt = first.file.locate(first.path, "key");
  return {
    rule: DUPLICATE_RULE,
    severity: "error",
    message: `${kind} \`${name}\` is already declared at ${firstAt.file}:${firstAt.start.line}:${firstAt.start.column}`,
    path: name,
    location: here.file.locate(here.path, "key"),
    hint: `names are unique across all spec files; rename or remove one of the two`,
  };
}

export function loadBlueprint(source: SourceFile): { blueprint?: LoadedBlueprint; diagnostics: Diagnostic[] } {
  const { loaded, diagnostics } = loadYaml(source.path, source.text);
  if (!loaded) return { diagnostics };
  const parsed = BlueprintSchema.safeParse(loaded.value);
  if (!parsed.success) return { diagnostics: issuesToDiagnostics(parsed.error.issues, loaded, BlueprintSchema) };
  return { blueprint: { spec: parsed.data, origin: { file: loaded, path: [] } }, diagnostics };
}
