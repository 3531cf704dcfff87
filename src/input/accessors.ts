import type { BaseColumnSpec } from "./blueprint-schema.js";
import type { LoadedBlueprint, SpecModel } from "./spec-set.js";
import type { FieldSpec, RelationSpec } from "./spec-schema.js";

/** Facts derived from the blueprint that several rules and the resolver need. */
export interface BlueprintFacts {
  readonly baseColumns: ReadonlyMap<string, BaseColumnSpec>;
  readonly tenantColumn: string;
  readonly tenantModel: string;
  readonly globalModels: ReadonlySet<string>;
  /** The soft-delete column (a base column too), when the blueprint has soft delete. */
  readonly softDeleteColumn?: string | undefined;
}

export function blueprintFacts(blueprint: LoadedBlueprint): BlueprintFacts {
  const t = blueprint.spec.tenancy;
  const soft = blueprint.spec.soft_delete ? (blueprint.spec.soft_delete.column ?? "deleted_at") : undefined;
  const columns = Object.entries(blueprint.spec.base_model.columns);
  if (soft !== undefined && !columns.some(([n]) => n === soft)) {
    columns.push([soft, { type: "datetime", nullable: true, description: "When the row was deleted; NULL while it is live (soft delete)." }]);
  }
  return {
    softDeleteColumn: soft,
    baseColumns: new Map(columns),
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
