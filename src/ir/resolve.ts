import { blueprintFacts, domainField, fieldsOf, isTenantScoped, relationsOf } from "../input/accessors.js";
import type { BaseColumnSpec } from "../input/blueprint-schema.js";

import type { LoadedBlueprint, SpecDomain, SpecModel, SpecSet, SpecView } from "../input/spec-set.js";
import { DEFAULT_MAX_LENGTH, KEYLESS_TYPES, type BaseFieldSpec, type IndexSpec, type ViewColumnSpec } from "../input/spec-schema.js";
import { associationColumn, constraintNames, enumClassName, enumMemberName, enumTypeName, snakeCase, tableName } from "./naming.js";
import { pairRelations } from "./relations.js";
import type { AssociationTable, Check, Column, ColumnBounds, ColumnDefault, ColumnType, Enum, Index, Model, Project, Relation, View, Domain } from "./types.js";
import { portablePattern } from "../lang/regex.js";
import { decimalText } from "../lang/decimal.js";
import { q, sqlString } from "../lang/sql/quote.js";

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function baseColumn(name: string, spec: BaseColumnSpec): Column {
  const type: ColumnType = spec.type === "string" ? { kind: "string", maxLength: spec.max_length ?? DEFAULT_MAX_LENGTH } : { kind: spec.type };
  return {
    name,
    origin: "base",
    type,
    nullable: spec.nullable ?? false,
    primaryKey: spec.primary_key ?? false,
    unique: false,
    index: spec.index ?? false,
    default: spec.default ? { kind: spec.default } : undefined,
    serverDefault: spec.server_default ? { kind: spec.server_default } : undefined,
    onUpdate: spec.on_update,
    description: spec.description,
    dto: { write: false, read: true },
  };
}

function resolveDomain(d: SpecDomain): Domain {
  const { checks, description, ...base } = d.spec;
  const typeName = snakeCase(d.name);
  const bounds = fieldBounds(base as BaseFieldSpec);
  return {
    name: d.name,
    typeName,
    description,
    type: fieldType(base as BaseFieldSpec),
    bounds,
    checks: [
      ...(bounds ? boundChecks(typeName, undefined, bounds) : []),
      ...(checks ?? []).map((k) => ({ name: constraintNames.ck(typeName, k.name), key: k.name, sql: k.sql })),
    ],
    sourceFile: d.origin.file.file,
  };
}

/** A view's columns are typed as fields are; the key columns are its identity. */
function resolveView(v: SpecView): View {
  const key = new Set(v.spec.key ?? Object.entries(v.spec.columns).flatMap(([n, c]) => (KEYLESS_TYPES.has(c.type) ? [] : [n])));
  return {
    name: v.name,
    viewName: tableName(v.name),
    description: v.spec.description,
    sql: v.spec.sql,
    columns: Object.entries(v.spec.columns).map(([name, c]) => ({
      name,
      origin: "view",
      type: fieldType(c),
      nullable: c.nullable ?? false,
      primaryKey: key.has(name),
      unique: false,
      index: false,
      description: c.description,
      dto: { write: false, read: true },
    })),
    sourceFile: v.origin.file.file,
  };
}

/** A field's (or view column's) type: the one reading of a spec's type keys. */
export function fieldType(field: BaseFieldSpec | ViewColumnSpec): ColumnType {
  switch (field.type) {
    case "string":
      return { kind: "string", maxLength: field.max_length ?? DEFAULT_MAX_LENGTH };
    case "decimal":
      return { kind: "decimal", precision: field.precision ?? 18, scale: field.scale ?? 2 };
    case "char":
      return { kind: "char", length: field.length };
    case "array":
      return { kind: "array", of: field.of === "string" ? "text" : field.of };
    case "enum":
      return { kind: "enum", enumName: field.enum };
    default:
      return { kind: field.type };
  }
}

function fieldDefault(field: BaseFieldSpec): ColumnDefault | undefined {
  if (!("default" in field) || field.default === undefined) return undefined;
  switch (field.type) {
    case "enum":
      return { kind: "enum", enumName: field.enum, value: field.default };
    case "datetime":
      return { kind: "now" };
    case "date":
      return { kind: "today" };
    case "decimal":
      return { kind: "literal", value: String(field.default) };
    case "array":
      return { kind: "empty_array" };
    default:
      return { kind: "literal", value: field.default };
  }
}

/** A field's bounds; undefined when it has none. Patterns are already validated. */
function fieldBounds(field: BaseFieldSpec): ColumnBounds | undefined {
  const out: { -readonly [K in keyof ColumnBounds]: ColumnBounds[K] } = {};
  const text = (v: number | string) => (field.type === "float" ? String(v) : (decimalText(v) ?? String(v)));
  if ("min" in field && field.min !== undefined) out.min = text(field.min);
  if ("max" in field && field.max !== undefined) out.max = text(field.max);
  if ("min_length" in field && field.min_length !== undefined) out.minLength = field.min_length;
  if ("pattern" in field && field.pattern !== undefined) {
    const p = portablePattern(field.pattern);
    if ("error" in p) throw new Error(`resolve() called with an invalid pattern (validation must stop this): ${p.error.message}`);
    out.pattern = p.pattern;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The CHECK constraints a column's (or a domain's) bounds make: the one place their SQL is
 * written. A domain's read `VALUE` and are named `ck_<domain>_<kind>`.
 */
function boundChecks(table: string, column: string | undefined, b: ColumnBounds): Check[] {
  const c = column === undefined ? "VALUE" : q(column);
  const out: Check[] = [];
  const key = (kind: string) => (column === undefined ? kind : `${column}_${kind}`);
  const add = (kind: string, sql: string) => out.push({ name: constraintNames.ck(table, key(kind)), key: key(kind), sql, ...(column !== undefined ? { column } : {}) });
  if (b.min !== undefined) add("min", `${c} >= ${b.min}`);
  if (b.max !== undefined) add("max", `${c} <= ${b.max}`);
  if (b.minLength !== undefined) add("min_length", `char_length(${c}) >= ${b.minLength}`);
  if (b.pattern !== undefined) add("pattern", `${c} ~ ${sqlString(b.pattern)}`);
  return out;
}

/**
 * Specs (already validated, no errors) → IR. Pure and deterministic: models and enums
 * sorted by name, columns in a fixed order (id, tenant, fields, FKs, other base columns).
 */
export function resolve(specs: SpecSet, blueprint: LoadedBlueprint): Project {
  const facts = blueprintFacts(blueprint);
  const baseColumns = [...facts.baseColumns].map(([n, s]) => baseColumn(n, s));
  const pkColumn = baseColumns.find((c) => c.primaryKey);
  if (!pkColumn) throw new Error("resolve() called with a blueprint that has no primary key (validation must stop this)");
  const pairing = pairRelations(specs);
  const tenantSpec = specs.modelsByName.get(facts.tenantModel);
  const tenantTable = tenantSpec?.spec.table ?? tableName(facts.tenantModel);
  const tenantOnDelete = blueprint.spec.tenancy.on_delete ?? "cascade";
  const tableOf = (model: string) => specs.modelsByName.get(model)?.spec.table ?? tableName(model);

  const enums: Enum[] = specs.enums
    .map((e) => ({
      name: e.name,
      className: enumClassName(e.name),
      typeName: enumTypeName(e.name),
      description: e.spec.description,
      values: e.spec.values.map((v) => {
        const value = typeof v === "string" ? v : v.value;
        return typeof v === "string"
          ? { value, member: enumMemberName(value) ?? value }
          : { value, member: enumMemberName(value) ?? value, description: v.description, renamedFrom: v.renamed_from };
      }),
      sourceFile: e.origin.file.file,
      renamedFrom: e.spec.renamed_from,
      replacedValues: e.spec.replaced_values ?? {},
    }))
    .sort(byName);

  // A has_one makes its belongs_to column unique: "one" is enforced by the database.
  const uniqueFkColumns = new Set<string>();
  for (const m of specs.models) {
    for (const [name, rel] of relationsOf(m)) {
      if (rel.kind !== "has_one") continue;
      const other = pairing.counterpart.get(`${m.name}.${name}`);
      if (other) uniqueFkColumns.add(`${other.model}.${other.name}_id`);
    }
  }

  const associations = new Map<string, AssociationTable>();
  const models: Model[] = specs.models.map((m) => resolveModel(m)).sort(byName);

  function resolveModel(m: SpecModel): Model {
    const table = tableOf(m.name);
    const columns: Column[] = [];
    const [pk, ...others] = [pkColumn!, ...baseColumns.filter((c) => c !== pkColumn)];
    columns.push(pk!);
    if (isTenantScoped(m)) {
      columns.push({
        name: facts.tenantColumn,
        origin: "tenant",
        type: pkColumn!.type,
        nullable: false,
        primaryKey: false,
        unique: false,
        index: true,
        foreignKey: {
          name: constraintNames.fk(table, [facts.tenantColumn], tenantTable),
          model: facts.tenantModel,
          table: tenantTable,
          column: pkColumn!.name,
          onDelete: tenantOnDelete,
        },
        description: "Owning tenant (Blueprint 2.1.8.2).",
        dto: { write: false, read: true },
      });
    }
    for (const [name, written] of fieldsOf(m)) {
      // A domain field is its domain's type and bounds, held by the domain.
      const domain = written.type === "domain" ? specs.domainsByName.get(written.domain) : undefined;
      const field = (domain && written.type === "domain" ? domainField(written, domain.spec) : written) as BaseFieldSpec;
      columns.push({
        name,
        origin: "field",
        ...(domain ? { domain: { name: domain.name, typeName: snakeCase(domain.name) } } : {}),
        type: fieldType(field),
        nullable: field.nullable ?? false,
        primaryKey: false,
        unique: field.unique ?? false,
        index: field.index ?? false,
        default: fieldDefault(field),
        // `[]` is the application's (as uuid4 is): drizzle-kit 0.31 reads a database's empty
        // text[] default back as '{""}', so a server default would never push clean.
        serverDefault: field.type === "array" ? undefined : fieldDefault(field),
        bounds: fieldBounds(field),
        generated: field.generated,
        description: field.description,
        renamedFrom: field.renamed_from,
        using: field.using,
        dto: {
          // The database computes a generated column: no client writes it.
          write: field.dto !== false && !field.read_only && field.generated === undefined,
          read: field.dto !== false && !field.write_only,
        },
      });
    }
    const relations: Relation[] = [];
    for (const [name, rel] of relationsOf(m)) {
      const other = pairing.counterpart.get(`${m.name}.${name}`);
      const targetTable = tableOf(rel.model);
      switch (rel.kind) {
        case "belongs_to": {
          const column = `${name}_id`;
          columns.push({
            name: column,
            origin: "relation",
            // Blueprint 2.1.8.3: the FK column takes the referenced key's type, always.
            type: pkColumn!.type,
            nullable: rel.nullable ?? false,
            primaryKey: false,
            unique: uniqueFkColumns.has(`${m.name}.${column}`),
            // Blueprint 2.1.7: FK columns are indexed.
            index: true,
            foreignKey: {
              name: constraintNames.fk(table, [column], targetTable),
              model: rel.model,
              table: targetTable,
              column: pkColumn!.name,
              onDelete: rel.on_delete ?? "no_action",
            },
            description: rel.description,
            dto: { write: true, read: true },
          });
          relations.push({
            name,
            kind: "belongs_to",
            target: rel.model,
            backPopulates: other?.name,
            foreignKey: { model: m.name, column },
            optional: rel.nullable ?? false,
            selfReferential: rel.model === m.name,
            description: rel.description,
          });
          break;
        }
        case "has_one":
        case "has_many":
          relations.push({
            name,
            kind: rel.kind,
            target: rel.model,
            backPopulates: other?.name,
            foreignKey: other ? { model: rel.model, column: `${other.name}_id` } : undefined,
            optional: rel.kind === "has_one",
            selfReferential: rel.model === m.name,
            description: rel.description,
          });
          break;
        case "many_to_many": {
          const secondary = associationFor(m, name, rel.model, rel.through, other);
          relations.push({
            name,
            kind: "many_to_many",
            target: rel.model,
            backPopulates: other?.name,
            secondary,
            optional: false,
            selfReferential: false,
            description: rel.description,
          });
          break;
        }
      }
    }
    columns.push(...others);
    // A unique with a predicate or an expression is a unique index: PostgreSQL has no such constraint.
    const special = (i: IndexSpec) => i.where !== undefined || i.expression !== undefined || i.using !== undefined;
    const index = ([i, specPath]: readonly [IndexSpec, readonly (string | number)[]], unique: boolean): Index => ({
      name: (unique ? constraintNames.uq : constraintNames.ix)(table, i.name !== undefined ? [i.name] : (i.columns ?? [])),
      columns: i.columns ?? [],
      ...(i.expression !== undefined ? { expression: i.expression } : {}),
      ...(i.where !== undefined ? { where: i.where } : {}),
      ...(i.using !== undefined && i.using !== "btree" ? { using: i.using } : {}),
      ...(unique ? { unique: true } : {}),
      specPath,
    });
    // Soft delete: every index and unique of the spec covers live rows only, unless it says
    // otherwise (`where`, `all_rows`); keys the database needs on every row (the primary key,
    // foreign keys and the tenant's) stay whole.
    const soft = facts.softDeleteColumn;
    const live = soft === undefined ? undefined : `${q(soft)} IS NULL`;
    const scoped = (i: IndexSpec): IndexSpec => (live === undefined || i.where !== undefined || i.all_rows ? i : { ...i, where: live });
    type Declared = readonly [IndexSpec, readonly (string | number)[]];
    const specIndexes: Declared[] = (m.spec.indexes ?? []).map((i, n) => [scoped(i), ["indexes", n]]);
    const specUniques: Declared[] = (m.spec.unique ?? []).map((u, n) => [scoped(u), ["unique", n]]);
    if (live !== undefined) {
      for (const [k, c] of columns.entries()) {
        if (c.origin !== "field" || (!c.unique && !c.index)) continue;
        columns[k] = { ...c, unique: false, index: false };
        (c.unique ? specUniques : specIndexes).push([{ columns: [c.name], where: live }, ["fields", c.name, c.unique ? "unique" : "index"]]);
      }
    }
    const indexes = [...specIndexes.map((i) => index(i, false)), ...specUniques.filter(([u]) => special(u)).map((u) => index(u, true))];
    const uniques = specUniques.filter(([u]) => !special(u)).map(([u]) => ({ name: constraintNames.uq(table, u.name !== undefined ? [u.name] : (u.columns ?? [])), columns: u.columns ?? [] }));
    const checks: Check[] = [
      ...columns.flatMap((c) => (c.bounds && !c.domain ? boundChecks(table, c.name, c.bounds) : [])),
      ...(m.spec.checks ?? []).map((k) => ({ name: constraintNames.ck(table, k.name), key: k.name, sql: k.sql.trim(), description: k.description })),
    ];
    return {
      name: m.name,
      moduleName: snakeCase(m.name),
      table,
      description: m.spec.description,
      tenantScoped: isTenantScoped(m),
      mixins: m.spec.mixins ?? [],
      columns,
      relations,
      indexes,
      uniques,
      checks,
      primaryKeyName: constraintNames.pk(table),
      sourceFile: m.origin.file.file,
      dtoVariants: Object.entries(m.spec.dto_variants ?? {}).map(([name, columns]) => ({ name, columns })),
      renamedFrom: m.spec.renamed_from,
    };
  }

  /** The owning side (first by model, then relation name) names the table unless `through` does. */
  function associationFor(
    m: SpecModel,
    relation: string,
    target: string,
    through: string | undefined,
    other: { model: string; name: string } | undefined,
  ): string {
    const here = { model: m.name, name: relation };
    const owner = !other || here.model < other.model || (here.model === other.model && here.name < other.name) ? here : other;
    const ownerSpec = specs.modelsByName.get(owner.model)!;
    const ownerRel = ownerSpec.spec.relations![owner.name]!;
    const otherRel = other ? specs.modelsByName.get(other.model)?.spec.relations?.[other.name] : undefined;
    const name = through ?? otherRel?.through ?? ownerRel.through ?? `${snakeCase(owner.model)}_${owner.name}`;
    if (!associations.has(name)) {
      const leftModel = owner.model;
      const rightModel = owner === here ? target : m.name;
      const leftTable = tableOf(leftModel);
      const rightTable = tableOf(rightModel);
      const leftColumn = associationColumn(leftModel);
      const rightColumn = associationColumn(rightModel);
      associations.set(name, {
        name,
        left: { column: leftColumn, model: leftModel, table: leftTable, foreignKeyName: constraintNames.fk(name, [leftColumn], leftTable) },
        right: { column: rightColumn, model: rightModel, table: rightTable, foreignKeyName: constraintNames.fk(name, [rightColumn], rightTable) },
        primaryKeyName: constraintNames.pk(name),
        sourceFile: ownerSpec.origin.file.file,
      });
    }
    return name;
  }

  return {
    blueprintVersion: blueprint.spec.version,
    blueprintFile: blueprint.origin.file.file,
    baseColumns,
    softDeleteColumn: facts.softDeleteColumn,
    tenant: {
      column: { ...baseColumn(facts.tenantColumn, { type: "uuid" }), origin: "tenant", index: true },
      model: facts.tenantModel,
      table: tenantTable,
      onDelete: tenantOnDelete,
    },
    enums,
    models,
    associations: [...associations.values()].sort(byName),
    views: specs.views.map(resolveView).sort(byName),
    domains: specs.domains.map(resolveDomain).sort(byName),
    targets: { python: blueprint.spec.targets.python, typescript: blueprint.spec.targets.typescript },
  };
}

