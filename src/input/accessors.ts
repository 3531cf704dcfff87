import type { BaseColumnSpec } from "./blueprint-schema.js";
import type { LoadedBlueprint, SpecModel } from "./spec-set.js";
import type { FieldSpec, RelationSpec } from "./spec-schema.js";

/** Facts derived from the blueprint that several rules and the resolver need. */
export interface BlueprintFacts {
  readonly baseColumns: ReadonlyMap<string, BaseColumnSpec>;
  readonly tenantColumn: string;
  readonly tenantModel: string;
  readonly globalModels: ReadonlySet<string>;
}

export function blueprintFacts(blueprint: LoadedBlueprint): BlueprintFacts {
  const t = blueprint.spec.tenancy;
  return {
    baseColumns: new Map(Object.entries(blueprint.spec.base_model.columns)),
    tenantColumn: t.column ?? "tenant_id",
    tenantModel: t.tenant_model,
    globalModels: new Set([t.tenant_model, ...(t.global_models ?? [])]),
  };
}

export function fieldsOf(model: SpecModel): [string, FieldSpec][] {
  return Object.entries(model.spec.fields ?? {});
}

export function relationsOf(model: SpecModel): [string, RelationSpec][] {
  return Object.entries(model.spec.relations ?? {});
}

export function isTenantScoped(model: SpecModel): boolean {
  return model.spec.tenant_scoped ?? true;
}
