import { z } from "zod";

/**
 * The spec format (DESIGN: "Spec format (contract)") as zod schemas: the single source of
 * truth for the TypeScript types (z.infer), the validation and the published JSON Schema.
 * Objects are strict: an unknown key is an error, so typos never pass silently.
 */

export const FIELD_TYPES = [
  "string",
  "char",
  "text",
  "integer",
  "bigint",
  "float",
  "decimal",
  "boolean",
  "date",
  "datetime",
  "uuid",
  "json",
  "binary",
  "time",
  "interval",
  "inet",
  "tsvector",
  "array",
  "enum",
  "domain",
] as const;

/** What an `array` field holds: `string` and `text` both store TEXT[]. */
const ARRAY_ELEMENTS = ["string", "text", "integer", "boolean", "uuid"] as const;
type FieldType = (typeof FIELD_TYPES)[number];

export const ON_DELETE = ["cascade", "restrict", "set_null", "no_action"] as const;

/** A `string` field's VARCHAR length when the spec gives none. */
export const DEFAULT_MAX_LENGTH = 255;
const RELATION_KINDS = ["belongs_to", "has_one", "has_many", "many_to_many"] as const;

export const WaiverSchema = z
  .strictObject({
    rule: z.string().describe("Rule id, e.g. 2.1.8.4."),
    reason: z.string().trim().min(1).describe("Why the rule does not apply here (required)."),
  })
  .describe("Waive one rule for this model or field, with a reason.");

const waivers = z.array(WaiverSchema).optional().describe("Rules waived here, each with a mandatory reason; listed in reports.");

const common = {
  nullable: z.boolean().optional().describe("Whether the column accepts NULL. Default false."),
  unique: z.boolean().optional().describe("Add a unique constraint on this column alone."),
  index: z.boolean().optional().describe("Add an index on this column alone."),
  description: z.string().optional().describe("Documentation, copied into docstrings."),
  renamed_from: z.string().optional().describe("Previous column name, so a migration renames instead of dropping."),
  waivers,
  read_only: z.boolean().optional().describe("In the Read DTO only: set by the system, never by clients."),
  write_only: z.boolean().optional().describe("In Create/Update only, never in Read (e.g. a password hash input)."),
  dto: z.boolean().optional().describe("false: in no DTO at all. Default true."),
  generated: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe("A STORED generated column: SQL over the row's other columns, e.g. `total - discount`. In the Read DTO only."),
  using: z
    .string()
    .optional()
    .describe("Migration hint: SQL expression converting the old value when the type changes. Default `<column>::<new type>`."),
};

const textBounds = {
  min_length: z.number().int().min(1).optional().describe("Minimum length in characters: a named CHECK and the DTOs' bound."),
  pattern: z
    .string()
    .optional()
    .describe(
      "A regular expression every value matches somewhere (anchor it with ^…$ for the whole value), in the subset Pydantic, JavaScript and PostgreSQL read alike: a named CHECK (~) and the DTOs' pattern.",
    ),
};
const intBounds = {
  min: z.number().int().optional().describe("Smallest allowed value: a named CHECK and the DTOs' bound."),
  max: z.number().int().optional().describe("Largest allowed value: a named CHECK and the DTOs' bound."),
};

const field = <T extends FieldType, S extends z.ZodRawShape>(type: T, shape: S, describe: string) =>
  z.strictObject({ type: z.literal(type).describe(describe), ...common, ...shape });

const StringFieldSchema = field(
  "string",
  {
    max_length: z.number().int().min(1).max(10_485_760).optional().describe(`Maximum length (VARCHAR(n)). Default ${DEFAULT_MAX_LENGTH}.`),
    ...textBounds,
    default: z.string().optional().describe("Default value."),
  },
  "Bounded text: VARCHAR(max_length).",
);
const CharFieldSchema = field(
  "char",
  {
    length: z.number().int().min(1).max(10_485_760).describe("Exact length (CHAR(n)): the DTOs take exactly this many characters, as PostgreSQL would pad a shorter value with spaces."),
    ...textBounds,
    default: z.string().optional().describe("Default value."),
  },
  "Fixed-length text: CHAR(length), e.g. a country code.",
);
const TextFieldSchema = field("text", { ...textBounds, default: z.string().optional().describe("Default value.") }, "Unbounded text: TEXT.");
const IntegerFieldSchema = field(
  "integer",
  { ...intBounds, default: z.number().int().optional().describe("Default value.") },
  "32-bit integer.",
);
const BigintFieldSchema = field(
  "bigint",
  {
    min: z.union([z.number().int(), z.string()]).optional().describe("Smallest allowed value (a string of digits beyond 2^53): a named CHECK and the DTOs' bound."),
    max: z.union([z.number().int(), z.string()]).optional().describe("Largest allowed value (a string of digits beyond 2^53): a named CHECK and the DTOs' bound."),
    default: z.number().int().optional().describe("Default value.") },
  "64-bit integer.",
);
const FloatFieldSchema = field(
  "float",
  {
    min: z.number().optional().describe("Smallest allowed value: a named CHECK and the DTOs' bound."),
    max: z.number().optional().describe("Largest allowed value: a named CHECK and the DTOs' bound."),
    default: z.number().optional().describe("Default value."),
  },
  "Double precision float. Never for money (rule 2.1.8.7): use decimal.",
);
const DecimalFieldSchema = field(
  "decimal",
  {
    precision: z.number().int().min(1).max(1000).optional().describe("Total number of digits. Default 18."),
    scale: z.number().int().min(0).max(1000).optional().describe("Digits after the decimal point. Default 2."),
    min: z.union([z.number(), z.string()]).optional().describe("Smallest allowed value, e.g. 0 or \"0.01\": a named CHECK and the DTOs' bound."),
    max: z.union([z.number(), z.string()]).optional().describe("Largest allowed value: a named CHECK and the DTOs' bound."),
    default: z.union([z.number(), z.string()]).optional().describe("Default value, e.g. \"0.00\"."),
  },
  "Exact decimal: NUMERIC(precision, scale).",
);
const BooleanFieldSchema = field("boolean", { default: z.boolean().optional().describe("Default value.") }, "Boolean.");
const DateFieldSchema = field(
  "date",
  { default: z.literal("today").optional().describe("`today`: the current date on insert.") },
  "Calendar date.",
);
const DatetimeFieldSchema = field(
  "datetime",
  { default: z.literal("now").optional().describe("`now`: the current time on insert.") },
  "Timestamp, always timezone-aware (TIMESTAMP WITH TIME ZONE, rule 2.1.8.6).",
);
const UuidFieldSchema = field("uuid", {}, "UUID value (not a foreign key: use a belongs_to relation for that).");
const JsonFieldSchema = field("json", {}, "JSON document: JSONB.");
const BinaryFieldSchema = field("binary", {}, "Raw bytes: BYTEA.");
const TimeFieldSchema = field("time", {}, "Time of day without a date or timezone: TIME, `HH:MM:SS[.ffffff]` on the wire.");
const IntervalFieldSchema = field(
  "interval",
  {},
  "A fixed duration (days, hours, minutes, seconds): INTERVAL; an ISO 8601 duration such as `P1DT2H30M` on the wire.",
);
const InetFieldSchema = field("inet", {}, "An IPv4 or IPv6 host address, with an optional network prefix: INET.");
const TsvectorFieldSchema = field(
  "tsvector",
  {},
  "A full-text search document: TSVECTOR. Always `generated` (e.g. `to_tsvector('simple', title)`), so in the Read DTO only; index it `using: gin`.",
);
const ArrayFieldSchema = field(
  "array",
  {
    of: z.enum(ARRAY_ELEMENTS).describe("The element type: string or text (TEXT[]), integer, boolean or uuid."),
    default: z.array(z.never()).max(0).optional().describe("`[]`: an empty array on insert."),
  },
  "A one-dimensional PostgreSQL array of non-null elements (a JSON array on the wire).",
);
const EnumFieldSchema = field(
  "enum",
  {
    enum: z.string().describe("Name of an enum declared under `enums:` in any spec file."),
    default: z.string().optional().describe("Default value: one of the enum's values."),
  },
  "One value of a declared enum, stored by value in a PostgreSQL enum type.",
);

const DomainFieldSchema = z.strictObject({
  type: z.literal("domain").describe("A value of a declared domain: its base type and bounds, held by a PostgreSQL domain."),
  domain: z.string().describe("Name of a domain declared under `domains:` in any spec file."),
  ...common,
  default: z.union([z.string(), z.number(), z.boolean()]).optional().describe("Default value, as the domain's base type takes one (and within its bounds)."),
});

export const FieldSchema = z.discriminatedUnion("type", [
  StringFieldSchema,
  CharFieldSchema,
  TextFieldSchema,
  IntegerFieldSchema,
  BigintFieldSchema,
  FloatFieldSchema,
  DecimalFieldSchema,
  BooleanFieldSchema,
  DateFieldSchema,
  DatetimeFieldSchema,
  UuidFieldSchema,
  JsonFieldSchema,
  BinaryFieldSchema,
  TimeFieldSchema,
  IntervalFieldSchema,
  InetFieldSchema,
  TsvectorFieldSchema,
  ArrayFieldSchema,
  EnumFieldSchema,
  DomainFieldSchema,
]);
export type FieldSpec = z.infer<typeof FieldSchema>;
/** A field of a base type: what a domain field expands to (ir/resolve.ts). */
export type BaseFieldSpec = Exclude<FieldSpec, { type: "domain" }>;

export const RelationSchema = z.strictObject({
  kind: z.enum(RELATION_KINDS).describe("belongs_to creates `<relation>_id` typed as the target's primary key."),
  model: z.string().describe("Target model name."),
  nullable: z.boolean().optional().describe("belongs_to only: whether the foreign key accepts NULL. Default false."),
  on_delete: z.enum(ON_DELETE).optional().describe("belongs_to only, required there: what happens when the target row is deleted."),
  back_populates: z.string().optional().describe("Name of the relation on the target model that points back. Inferred when unambiguous."),
  through: z.string().optional().describe("many_to_many only: name of the association table."),
  description: z.string().optional().describe("Documentation."),
});
export type RelationSpec = z.infer<typeof RelationSchema>;

const INDEX_METHODS = ["btree", "gin", "gist", "hash", "brin"] as const;

export const IndexSchema = z.strictObject({
  columns: z.array(z.string()).min(1).optional().describe("Column names, in index order (fields, `<relation>_id` or base columns). Either this or `expression`."),
  expression: z.string().trim().min(1).optional().describe("A SQL expression to index instead of columns, e.g. `lower(code)`; needs a `name`."),
  name: z.string().optional().describe("snake_case; the index is named ix_<table>_<name> (uq_ for unique). Default: from the columns."),
  where: z.string().trim().min(1).optional().describe("A partial index: only the rows where this SQL holds, e.g. `deleted_at IS NULL`."),
  using: z.enum(INDEX_METHODS).optional().describe("The index method: gin for arrays and JSON, gist, hash, brin. Default btree."),
  all_rows: z.boolean().optional().describe("With the blueprint's soft delete: cover deleted rows too. Default false: live rows only."),
});

const CheckSchema = z.strictObject({
  name: z.string().describe("snake_case; the constraint is named ck_<table>_<name>."),
  sql: z.string().trim().min(1).describe("A PostgreSQL boolean expression over the table's columns, e.g. `discount <= total`."),
  description: z.string().optional().describe("Documentation."),
});

export type IndexSpec = z.infer<typeof IndexSchema>;

export const ModelSchema = z.strictObject({
  description: z.string().optional().describe("Documentation, copied into the entity's docstring."),
  table: z.string().optional().describe("Table name; must equal the derived plural snake_case name (rule 2.1.5)."),
  tenant_scoped: z
    .boolean()
    .optional()
    .describe("Default true. false only for the blueprint's global models (rule 2.1.8.2)."),
  fields: z.record(z.string(), FieldSchema).optional().describe("Columns, by snake_case name."),
  relations: z.record(z.string(), RelationSchema).optional().describe("Relationships, by snake_case name."),
  indexes: z.array(IndexSchema).optional().describe("Multi-column indexes."),
  unique: z.array(IndexSchema).optional().describe("Multi-column unique constraints."),
  checks: z.array(CheckSchema).optional().describe("Table CHECK constraints in SQL (per-column bounds are `min`, `max`, `min_length` and `pattern` on the field)."),
  mixins: z
    .array(z.string())
    .optional()
    .describe("Import paths (`package.module.ClassName`) of hand-written mixins the entity also inherits."),
  renamed_from: z.string().optional().describe("Previous model name (migration hint)."),
  waivers,
  dto_variants: z
    .record(z.string(), z.array(z.string()).min(1))
    .optional()
    .describe("Extra read DTOs: `{ Summary: [id, name] }` gives `<Model>Summary` with just those columns."),
});
export type ModelSpec = z.infer<typeof ModelSchema>;

const EnumValueSchema = z.union([
  z.string(),
  z.strictObject({
    value: z.string().describe("The stored value."),
    description: z.string().optional().describe("Documentation of this value."),
    renamed_from: z.string().optional().describe("Previous value (migration hint)."),
  }),
]);

export const EnumSchema = z.strictObject({
  description: z.string().optional().describe("Documentation."),
  values: z.array(EnumValueSchema).min(1).describe("Allowed values, stored as they are written."),
  replaced_values: z
    .record(z.string(), z.string())
    .optional()
    .describe("Migration hint: removed value → the value existing rows take instead."),
  renamed_from: z.string().optional().describe("Previous enum name (migration hint)."),
});
export type EnumSpec = z.infer<typeof EnumSchema>;

/** A view column: a field type and its type parameters, nothing a stored column alone has. */
const viewColumn = { nullable: true, description: true } as const;
const ViewColumnSchema = z.discriminatedUnion("type", [
  StringFieldSchema.pick({ type: true, max_length: true, ...viewColumn }),
  CharFieldSchema.pick({ type: true, length: true, ...viewColumn }),
  TextFieldSchema.pick({ type: true, ...viewColumn }),
  IntegerFieldSchema.pick({ type: true, ...viewColumn }),
  BigintFieldSchema.pick({ type: true, ...viewColumn }),
  FloatFieldSchema.pick({ type: true, ...viewColumn }),
  DecimalFieldSchema.pick({ type: true, precision: true, scale: true, ...viewColumn }),
  BooleanFieldSchema.pick({ type: true, ...viewColumn }),
  DateFieldSchema.pick({ type: true, ...viewColumn }),
  DatetimeFieldSchema.pick({ type: true, ...viewColumn }),
  UuidFieldSchema.pick({ type: true, ...viewColumn }),
  JsonFieldSchema.pick({ type: true, ...viewColumn }),
  BinaryFieldSchema.pick({ type: true, ...viewColumn }),
  TimeFieldSchema.pick({ type: true, ...viewColumn }),
  IntervalFieldSchema.pick({ type: true, ...viewColumn }),
  InetFieldSchema.pick({ type: true, ...viewColumn }),
  TsvectorFieldSchema.pick({ type: true, ...viewColumn }),
  ArrayFieldSchema.pick({ type: true, of: true, ...viewColumn }),
  EnumFieldSchema.pick({ type: true, enum: true, ...viewColumn }),
]);
export type ViewColumnSpec = z.infer<typeof ViewColumnSchema>;

/** Types whose values cannot identify a row (the ORM's identity map hashes key values): never a view's key. */
export const KEYLESS_TYPES: ReadonlySet<string> = new Set(["array", "json"]);

export const ViewSchema = z.strictObject({
  description: z.string().optional().describe("Documentation, copied into the read model's docstring."),
  sql: z
    .string()
    .trim()
    .min(1)
    .describe("The view's query: a PostgreSQL SELECT over the tables (and other views), e.g. `SELECT account_id, sum(total) AS total FROM invoices GROUP BY account_id`."),
  columns: z
    .record(z.string(), ViewColumnSchema)
    .refine((c) => Object.keys(c).length > 0, "a view declares at least one column")
    .describe("The columns the query returns, in its order, by snake_case name: `gen migrate verify` checks names and types against PostgreSQL's."),
  key: z
    .array(z.string())
    .min(1)
    .optional()
    .describe("The columns that identify a row (the ORM's identity map needs one; not array or json). Default: every column but array and json ones."),
});
export type ViewSpec = z.infer<typeof ViewSchema>;

const domainKeys = { type: true, description: true } as const;
const domainText = { min_length: true, pattern: true } as const;
const domainRange = { min: true, max: true } as const;
const DomainCheckSchema = z.strictObject({
  name: z.string().describe("snake_case; the constraint is named ck_<domain>_<name>."),
  sql: z.string().trim().min(1).describe("A PostgreSQL boolean expression over `VALUE`, e.g. `VALUE = lower(VALUE)`."),
});
const domainChecks = { checks: z.array(DomainCheckSchema).optional().describe("CHECKs in SQL over `VALUE` (bounds are `min`, `max`, `min_length` and `pattern`).") };

export const DomainSchema = z.discriminatedUnion("type", [
  StringFieldSchema.pick({ ...domainKeys, max_length: true, ...domainText }).extend(domainChecks),
  CharFieldSchema.pick({ ...domainKeys, length: true, ...domainText }).extend(domainChecks),
  TextFieldSchema.pick({ ...domainKeys, ...domainText }).extend(domainChecks),
  IntegerFieldSchema.pick({ ...domainKeys, ...domainRange }).extend(domainChecks),
  BigintFieldSchema.pick({ ...domainKeys, ...domainRange }).extend(domainChecks),
  FloatFieldSchema.pick({ ...domainKeys, ...domainRange }).extend(domainChecks),
  DecimalFieldSchema.pick({ ...domainKeys, precision: true, scale: true, ...domainRange }).extend(domainChecks),
  BooleanFieldSchema.pick(domainKeys).extend(domainChecks),
  DateFieldSchema.pick(domainKeys).extend(domainChecks),
  DatetimeFieldSchema.pick(domainKeys).extend(domainChecks),
  TimeFieldSchema.pick(domainKeys).extend(domainChecks),
  UuidFieldSchema.pick(domainKeys).extend(domainChecks),
  IntervalFieldSchema.pick(domainKeys).extend(domainChecks),
  InetFieldSchema.pick(domainKeys).extend(domainChecks),
]);
export type DomainSpec = z.infer<typeof DomainSchema>;

export const SpecFileSchema = z
  .strictObject({
    enums: z.record(z.string(), EnumSchema).optional().describe("Enums, by PascalCase name."),
    models: z.record(z.string(), ModelSchema).optional().describe("Models, by PascalCase name."),
    domains: z
      .record(z.string(), DomainSchema)
      .optional()
      .describe("Named types with their bounds, by PascalCase name: PostgreSQL domains that fields use as `{ type: domain, domain: <Name> }`."),
    views: z.record(z.string(), ViewSchema).optional().describe("Read models over a SQL query (PostgreSQL views), by PascalCase name: mapped read-only, with a Read DTO only."),
  })
  .describe("A blueprint-gen model spec file.");
export type SpecFile = z.infer<typeof SpecFileSchema>;
