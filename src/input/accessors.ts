import type { BaseColumnSpec } from "./blueprint-schema.js";
import type { LoadedBlueprint, SpecModel, SpecSet } from "./spec-set.js";
import type { BaseFieldSpec, DomainSpec, FieldSpec, RelationSpec } from "./spec-schema.js";

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

/** A domain field as the field of the domain's base type it stands for: its type keys and bounds, the field's own keys. */
export function domainField(field: Extract<FieldSpec, { type: "domain" }>, d: DomainSpec): BaseFieldSpec {
  const { checks: _checks, description: _description, ...base } = d;
  const { type: _type, domain: _domain, ...own } = field;
  return { ...base, ...own } as BaseFieldSpec;
}

/**
 * A model's fields with each domain field as its domain's base type (what rules on types and
 * the resolver read); a field of an undeclared domain stays as written (2.1.8.11 reports it).
 */
export function baseFieldsOf(model: SpecModel, specs: Pick<SpecSet, "domainsByName">): [string, FieldSpec | BaseFieldSpec][] {
  return fieldsOf(model).map(([name, f]) => {
    const d = f.type === "domain" ? specs.domainsByName.get(f.domain) : undefined;
    return [name, d && f.type === "domain" ? domainField(f, d.spec) : f];
  });
}

export function relationsOf(model: SpecModel): [string, RelationSpec][] {
  return Object.entries(model.spec.relations ?? {});
}

export function isTenantScoped(model: SpecModel): boolean {
  return model.spec.tenant_scoped ?? true;
}
