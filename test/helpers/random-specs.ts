import fc from "fast-check";
import { stringify } from "yaml";
import { tableName } from "../../src/ir/naming.js";

/**
 * Property-generated projects that are valid by construction (mostly): 2–5 models with every
 * field type, defaults, nullability, single- and multi-column indexes and uniques (a
 * one-element `__table_args__` included), belongs_to with every on_delete and the has_many
 * back, a generated tsvector, a domain of a random base type, a view over the first model's columns (every field type as a view column), and names drawn from the names the generated modules import (`text`, `func`,
 * `Text`…), so a spec name that shadows an import shows up here.
 */
const FIELD_NAMES = [
  "text", "func", "datetime", "decimal", "relationship", "mapped_column", "enum_values", "field",
  "annotated", "date", "title", "label", "body", "count", "notes", "score", "flag", "blob",
  "payload", "sa", "orm", "enum", "typing", "base64", "math", "re", "strict", "json_data", "sql",
];
const MODEL_NAMES = [
  "Select", "Text", "Relation", "Column", "Uuid", "Numeric", "Integer", "Json", "ForeignKey", "Double",
  "Strict", "Timestamp", "Binary", "Alpha", "Beta", "Gamma", "Item", "Table", "Relations", "Sql",
];

const TYPES = ["string", "char", "text", "integer", "bigint", "float", "decimal", "boolean", "date", "datetime", "time", "interval", "inet", "uuid", "json", "binary", "array", "enum"] as const;
const ELEMENTS = ["string", "text", "integer", "boolean", "uuid"] as const;

const fieldSpec = fc.record({
  type: fc.constantFrom(...TYPES),
  nullable: fc.boolean(),
  index: fc.boolean(),
  unique: fc.boolean(),
  withDefault: fc.boolean(),
  maxLength: fc.integer({ min: 1, max: 300 }),
  precision: fc.integer({ min: 2, max: 20 }),
  scale: fc.integer({ min: 0, max: 2 }),
  seed: fc.integer({ min: 0, max: 999 }),
  of: fc.constantFrom(...ELEMENTS),
});

type FieldSpec = typeof fieldSpec extends fc.Arbitrary<infer T> ? T : never;

function field(g: FieldSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: g.type };
  if (g.nullable) out.nullable = true;
  if (g.unique && ["string", "integer", "uuid", "bigint"].includes(g.type)) out.unique = true;
  else if (g.index && !["json", "binary"].includes(g.type)) out.index = true;
  if (g.type === "string") out.max_length = g.maxLength;
  if (g.type === "char") out.length = Math.min(g.maxLength, 12);
  if (g.type === "array") out.of = g.of;
  if (g.type === "decimal") Object.assign(out, { precision: g.precision, scale: Math.min(g.scale, g.precision - 1) });
  if (g.type === "enum") out.enum = "Mood";
  if (g.withDefault && !out.unique) {
    const defaults: Partial<Record<(typeof TYPES)[number], unknown>> = {
      string: "x".repeat(Math.min(g.maxLength, 3)),
      char: "y".repeat(Math.min(g.maxLength, 12)),
      array: [],
      text: "hello",
      integer: g.seed,
      bigint: g.seed,
      boolean: g.seed % 2 === 0,
      date: "today",
      datetime: "now",
      enum: "sad",
    };
    if (g.type in defaults) out.default = defaults[g.type];
  }
  return out;
}

export const randomProject = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom(...MODEL_NAMES), { minLength: 2, maxLength: 5 }),
    fields: fc.array(fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldSpec, { minKeys: 1, maxKeys: 6 }), { minLength: 5, maxLength: 5 }),
    parents: fc.array(fc.record({ to: fc.nat(), onDelete: fc.constantFrom("cascade", "restrict", "set_null", "no_action"), nullable: fc.boolean() }), {
      minLength: 5,
      maxLength: 5,
    }),
    indexed: fc.array(fc.nat({ max: 3 }), { minLength: 5, maxLength: 5 }),
    keyed: fc.boolean(),
    // A domain over any base type a domain takes (no bounds: the wire table is the base type's).
    domain: fc.record({
      type: fc.constantFrom("string", "char", "text", "integer", "bigint", "float", "decimal", "boolean", "date", "datetime", "time", "uuid", "interval", "inet"),
      nullable: fc.boolean(),
      length: fc.integer({ min: 1, max: 40 }),
    }),
  })
  .map(({ names, fields, parents, indexed, keyed, domain }) => {
    const models: Record<string, Record<string, unknown>> = {};
    names.forEach((name, i) => {
      const fs = Object.fromEntries(Object.entries(fields[i]!).map(([k, f]) => [k, field(f)]));
      const relations: Record<string, unknown> = {};
      const p = parents[i]!;
      if (i > 0) {
        const target = names[p.to % i]!;
        const nullable = p.onDelete === "set_null" || p.nullable;
        relations.owner = { kind: "belongs_to", model: target, on_delete: p.onDelete, ...(nullable ? { nullable: true } : {}) };
        const parent = models[target]!;
        const back = (parent.relations ??= {}) as Record<string, unknown>;
        back[`owned_${name.toLowerCase()}s`] = { kind: "has_many", model: name, back_populates: "owner" };
        (relations.owner as Record<string, unknown>).back_populates = `owned_${name.toLowerCase()}s`;
      }
      const plain = Object.keys(fs).filter((k) => !["json", "binary"].includes((fs[k] as { type: string }).type));
      // The enum is used, so create_all makes its type as the projection says.
      if (i === 0) fs.mood_state = { type: "enum", enum: "Mood", default: "happy" };
      // A search document over the first text column, when there is one (a generated tsvector).
      const textual = Object.keys(fs).find((k) => ["string", "text"].includes((fs[k] as { type: string }).type) && !(fs[k] as { nullable?: boolean }).nullable);
      if (i === 0) fs.coded = { type: "domain", domain: "Coded", ...(domain.nullable ? { nullable: true } : {}) };
      if (i === 0 && textual) fs.search_doc = { type: "tsvector", generated: `to_tsvector('simple'::regconfig, "${textual}")` };
      const spec: Record<string, unknown> = { description: `Model ${name}.`, fields: fs, relations };
      const mode = indexed[i]!;
      if (mode === 1 && plain.length >= 1) spec.indexes = [{ columns: plain.slice(0, 2) }];
      if (mode === 2 && plain.length >= 2) spec.unique = [{ columns: plain.slice(0, 2) }];
      if (mode === 3 && plain.length >= 2) Object.assign(spec, { indexes: [{ columns: plain.slice(0, 2) }], unique: [{ columns: plain.slice(-2) }] });
      models[name] = spec;
    });
    // A view over the first model: its id and fields, typed as the fields are.
    const first = models[names[0]!]!.fields as Record<string, Record<string, unknown>>;
    const typeKeys = ["type", "max_length", "length", "precision", "scale", "of", "enum", "nullable"];
    const columns: Record<string, unknown> = { id: { type: "uuid" } };
    // (A domain column would read back as the domain: a view declares base types.)
    for (const [k, f] of Object.entries(first)) if (f.type !== "domain") columns[k] = Object.fromEntries(Object.entries(f).filter(([key]) => typeKeys.includes(key)));
    const view = {
      description: `Rows of ${names[0]}.`,
      sql: `SELECT ${Object.keys(columns).map((c) => `"${c}"`).join(", ")} FROM "${tableName(names[0]!)}"`,
      columns,
      ...(keyed ? { key: ["id"] } : {}),
    };
    const coded = { type: domain.type, ...(domain.type === "string" ? { max_length: domain.length } : domain.type === "char" ? { length: domain.length } : {}) };
    return stringify({ enums: { Mood: { values: ["happy", "sad"] } }, domains: { Coded: coded }, models, views: { [`${names[0]}Digest`]: view } });
  });

export const RANDOM_TENANT = "models:\n  Tenant:\n    tenant_scoped: false\n    fields:\n      name: { type: text }\n";

export const randomBlueprint = (pkg: string) =>
  `version: 1\ntargets: { python: { package: ${pkg} }, typescript: {} }\nbase_model:\n  columns:\n    id: { type: uuid, primary_key: true, default: uuid4 }\n    created_at: { type: datetime, server_default: now }\n    updated_at: { type: datetime, server_default: now, on_update: now }\ntenancy: { tenant_model: Tenant, global_models: [Tenant] }\n`;
