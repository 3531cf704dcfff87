import type { Rule } from "./rule.js";
import { checkBounds } from "./checks/bounds.js";
import { checkBlueprintConsistent } from "./checks/blueprint-consistent.js";
import { checkClassNames } from "./checks/class-names.js";
import { checkColumnNames } from "./checks/column-names.js";
import { checkTemporalFields } from "./checks/datetime.js";
import { checkValuesAndDefaults } from "./checks/enum-values.js";
import { checkFixedValueSets } from "./checks/fixed-value-sets.js";
import { checkForeignKeyFields } from "./checks/foreign-key-fields.js";
import { checkIndexColumns } from "./checks/indexes.js";
import { checkInheritance } from "./checks/inheritance.js";
import { checkMoneyIsDecimal } from "./checks/money.js";
import { checkDerivedNamesUnique } from "./checks/names-unique.js";
import { checkIdNotDeclared, checkNoPrimaryKeyAlias } from "./checks/primary-key.js";
import { checkOnDelete, checkRelationPairs, checkRelationTargets } from "./checks/relationships.js";
import { checkTableName } from "./checks/table-name.js";
import { checkTenantColumn } from "./checks/tenant-id.js";
import { checkViews } from "./checks/views.js";
import { checkDomains } from "./checks/domains.js";

/**
 * The rule catalog, in the order rules run. Ids follow the audit's numbering
 * (2.1.4 … 2.1.8.2); 2.1.0.x (loading) and the remaining 2.1.x.y are this tool's.
 */
export const RULES: readonly Rule[] = [
  {
    id: "2.1.0.1",
    title: "Spec files are well-formed YAML",
    severity: "error",
    rationale: "A file that does not parse cannot be checked; duplicate keys silently drop one entry in most YAML tools; alias bombs exhaust memory.",
    hint: "Fix the syntax at the position shown; keep every key once per mapping.",
    example: { bad: "models:\n  Job:\n    fields: {a: 1\n", good: "models:\n  Job:\n    fields: { a: { type: text } }\n" },
  },
  {
    id: "2.1.0.2",
    title: "Specs follow the spec format",
    severity: "error",
    rationale: "Unknown keys are errors so that a typo (`max_lenght`) never passes silently and leaves a column unconstrained.",
    hint: "Use the keys of the spec format; `gen schema` writes a JSON Schema your editor can complete from.",
    example: { bad: "title: { type: string, max_lenght: 80 }", good: "title: { type: string, max_length: 80 }" },
  },
  {
    id: "2.1.0.3",
    title: "Names are unique across all spec files",
    severity: "error",
    rationale: "Models and enums share one namespace, as do the tables, files and PostgreSQL types derived from them.",
    hint: "Rename or remove one of the two declarations.",
    check: checkDerivedNamesUnique,
  },
  {
    id: "2.1.0.4",
    title: "The blueprint is consistent",
    severity: "error",
    rationale: "The blueprint decides the base model and tenancy; if it names a missing tenant model or a non-UUID key, no spec can comply.",
    hint: "Fix blueprint.yaml at the position shown.",
    check: checkBlueprintConsistent,
  },
  {
    id: "2.1.0.5",
    title: "The migration history builds the schema the specs describe",
    severity: "error",
    rationale: "Entities, migrations and the database must agree; a hand-edited migration or a missing one shows up as drift.",
    hint: "Run `gen migration -m …` for pending spec changes; never edit a generated migration.",
  },
  {
    id: "2.1.0.6",
    title: "Waivers name known rules and are used",
    severity: "warning",
    rationale: "A waiver for a rule that does not exist, or that no longer fires, hides nothing and should go before it hides something else.",
    hint: "Fix the rule id or remove the waiver.",
    example: { bad: "waivers: [{ rule: 2.1.8.44, reason: legacy }]", good: "waivers: [{ rule: 2.1.8.4, reason: free-form labels chosen by customers }]" },
  },
  {
    id: "2.1.0.7",
    title: "Template overrides name built-in templates, partials and helpers",
    severity: "error",
    rationale: "An override that is never used, or that calls something the generator does not provide, must fail loudly rather than be ignored.",
    hint: "Name the file after a built-in template (see docs/templates.md) and use only if/unless/each/with.",
  },
  {
    id: "2.1.4",
    title: "Entities inherit Base and BaseModel, plus declared mixins only",
    severity: "error",
    rationale: "Shared columns and behaviour come from one place; hand-written behaviour lives in mixins outside generated files.",
    hint: "List extra base classes under `mixins:` as `package.module.ClassName`.",
    example: { bad: "mixins: [BaseModel, audit]", good: "mixins: [app.mixins.AuditMixin]" },
    check: checkInheritance,
  },
  {
    id: "2.1.5",
    title: "Table name is the plural snake_case of the model name",
    severity: "error",
    rationale: "Predictable table names; `table:` exists only to state the derived name explicitly.",
    hint: "Remove `table:`, or rename the model.",
    example: { bad: "BatchJob:\n  table: batch_job", good: "BatchJob:\n  # table: batch_jobs (derived)" },
    check: checkTableName,
  },
  {
    id: "2.1.5.1",
    title: "Model and enum names are PascalCase class names",
    severity: "error",
    rationale: "Names become Python and TypeScript classes, files and PostgreSQL names; they must be valid and unambiguous in all of them.",
    hint: "Use PascalCase ASCII letters and digits.",
    example: { bad: "batch_job:", good: "BatchJob:" },
    check: checkClassNames,
  },
  {
    id: "2.1.6",
    title: "The primary key is `id`, supplied by BaseModel; no second identity column",
    severity: "error",
    rationale: "One identity per row: aliases such as `job_pk` or `job_id` on Job split references between two keys.",
    hint: "Remove the alias and use `id`; name external identifiers for their system (`external_ref`).",
    example: { bad: "fields:\n  job_id: { type: uuid }", good: "fields:\n  external_ref: { type: string, max_length: 64 }" },
    check: checkNoPrimaryKeyAlias,
  },
  {
    id: "2.1.6.1",
    title: "`id` is a UUID and no spec overrides it",
    severity: "error",
    rationale: "The audit's critical finding: `Job.id` overridden as Integer broke every UUID foreign key to jobs.",
    hint: "Remove `id` from the spec; BaseModel supplies `id: UUID` as the primary key.",
    example: { bad: "fields:\n  id: { type: integer }", good: "fields: {}  # id comes from BaseModel" },
    check: checkIdNotDeclared,
  },
  {
    id: "2.1.7.1",
    title: "Relation targets exist",
    severity: "error",
    rationale: "A relationship to a missing model cannot be mapped.",
    hint: "Declare the target model or fix its name.",
    example: { bad: "batch: { kind: belongs_to, model: Batch, on_delete: cascade }", good: "batch: { kind: belongs_to, model: BatchJob, on_delete: cascade }" },
    check: checkRelationTargets,
  },
  {
    id: "2.1.7.2",
    title: "Both sides of a relationship agree",
    severity: "error",
    rationale: "back_populates must pair the same two relations from both ends; a has_many needs the belongs_to that holds its foreign key.",
    hint: "Set `back_populates` on both sides so they name each other.",
    example: {
      bad: "Domain:\n  relations:\n    jobs: { kind: has_many, model: Job }   # Job has no belongs_to Domain",
      good: "Job:\n  relations:\n    domain: { kind: belongs_to, model: Domain, on_delete: cascade }",
    },
    check: checkRelationPairs,
  },
  {
    id: "2.1.7.3",
    title: "Foreign keys have an explicit, consistent `on_delete`",
    severity: "error",
    rationale: "What happens to a row when its parent is deleted is a design decision, not a default; set_null needs a nullable key.",
    hint: "Add `on_delete: cascade | restrict | set_null | no_action` to every belongs_to.",
    example: { bad: "domain: { kind: belongs_to, model: Domain }", good: "domain: { kind: belongs_to, model: Domain, on_delete: cascade }" },
    check: checkOnDelete,
  },
  {
    id: "2.1.8",
    title: "Column names are snake_case, at most 63 bytes, and not reserved",
    severity: "error",
    rationale: "Names must work unquoted in SQL and as Python attributes; PostgreSQL silently truncates longer names.",
    hint: "Rename the column.",
    example: { bad: "fields:\n  startedAt: { type: datetime }", good: "fields:\n  started_at: { type: datetime }" },
    check: checkColumnNames,
  },
  {
    id: "2.1.8.2",
    title: "A single UUID `tenant_id` with a foreign key to the tenant table, from BaseModel",
    severity: "error",
    rationale: "The audit's critical finding: `tenant_id` as String plus `tenant_id_uuid` without FK left tenancy unenforced.",
    hint: "Remove tenant columns from the spec; tenant-scoped models get `tenant_id` from the blueprint.",
    example: { bad: "fields:\n  tenant_id: { type: string }\n  tenant_id_uuid: { type: uuid }", good: "# tenant_id comes from BaseModel" },
    check: checkTenantColumn,
  },
  {
    id: "2.1.8.3",
    title: "A foreign key column has the type of the key it references",
    severity: "error",
    rationale: "The audit's critical finding: `batch_id` typed String against a UUID key. Only belongs_to creates FK columns, typed from the target's key.",
    hint: "Declare a belongs_to relation instead of a `<name>_id` field.",
    example: { bad: "fields:\n  batch_id: { type: string }", good: "relations:\n  batch: { kind: belongs_to, model: BatchJob, nullable: true, on_delete: set_null }" },
    check: checkForeignKeyFields,
  },
  {
    id: "2.1.8.4",
    title: "Fixed value sets are enums",
    severity: "warning",
    rationale: "`status`, `*_type`, `kind` as free strings accept any typo; an enum makes the set explicit in code and in the database.",
    hint: "Declare an enum and use `type: enum`.",
    example: { bad: "status: { type: string }", good: "status: { type: enum, enum: JobStatus, default: pending }" },
    check: checkFixedValueSets,
  },
  {
    id: "2.1.8.5",
    title: "Enums exist, their values are storable, and defaults are valid",
    severity: "error",
    rationale: "A default outside the enum or beyond a column's size fails only at insert time, in production.",
    hint: "Use one of the declared values and keep defaults within the type.",
    example: { bad: "status: { type: enum, enum: JobStatus, default: done }", good: "status: { type: enum, enum: JobStatus, default: succeeded }" },
    check: checkValuesAndDefaults,
  },
  {
    id: "2.1.8.6",
    title: "Datetimes are timezone-aware; points in time are datetimes",
    severity: "warning",
    rationale: "Naive timestamps are ambiguous across regions; `datetime` is always TIMESTAMP WITH TIME ZONE here, so `*_at` fields should use it.",
    hint: "Use `type: datetime` for `*_at` and `type: date` for calendar days.",
    example: { bad: "started_at: { type: string }", good: "started_at: { type: datetime, nullable: true }" },
    check: checkTemporalFields,
  },
  {
    id: "2.1.8.7",
    title: "Money is decimal",
    severity: "error",
    rationale: "Binary floating point cannot represent cents exactly; sums drift.",
    hint: "Use `type: decimal` with precision and scale.",
    example: { bad: "price: { type: float }", good: "price: { type: decimal, precision: 12, scale: 2 }" },
    check: checkMoneyIsDecimal,
  },
  {
    id: "2.1.8.8",
    title: "Indexes, unique constraints and DTO options name existing columns and agree",
    severity: "error",
    rationale: "An index on a missing column fails at migration time; a DTO that leaks a write_only field or cannot create a row is a bug in the API.",
    hint: "Use field names, `<relation>_id` or base column names.",
    example: { bad: "indexes:\n  - { columns: [domain] }", good: "indexes:\n  - { columns: [domain_id] }" },
    check: checkIndexColumns,
  },
  {
    id: "2.1.8.9",
    title: "Bounds, patterns and checks can hold: in range, in order, portable, met by the default",
    severity: "error",
    rationale:
      "A bound holds in three places (a named CHECK, the Pydantic DTO and the zod DTO); a pattern must mean the same in PostgreSQL's, Rust's and JavaScript's regex dialects, and a default that breaks a check makes every insert fail.",
    hint: "Keep min ≤ max within the type, patterns in the shared syntax, defaults within their bounds, check names snake_case and unique.",
    example: { bad: "code: { type: string, pattern: \"^(?=A)\\\\w+$\" }", good: "code: { type: string, pattern: \"^[A-Z][A-Za-z0-9_]*$\" }" },
    check: checkBounds,
  },
  {
    id: "2.1.8.10",
    title: "Views declare the columns their SQL returns, with snake_case names and a key among them",
    severity: "error",
    rationale:
      "A view is a read model: the ORM class, both DTO stacks and the migrations are generated from its declared columns, so they must be names every target can use and types that say what the query returns (`gen migrate verify` compares them with PostgreSQL's).",
    hint: "Name columns in snake_case as the SELECT aliases them, reference declared enums, and list key columns among `columns`.",
    example: {
      bad: "InvoiceTotal:\n  sql: SELECT account_id, sum(total) AS total FROM invoices GROUP BY account_id\n  columns: { AccountId: { type: uuid } }\n  key: [account]",
      good: "InvoiceTotal:\n  sql: SELECT account_id, sum(total) AS total FROM invoices GROUP BY account_id\n  columns: { account_id: { type: uuid }, total: { type: decimal, precision: 14, scale: 2 } }\n  key: [account_id]",
    },
    check: checkViews,
  },
  {
    id: "2.1.8.11",
    title: "Domains hold: bounds that can be met, named checks, and fields that name declared domains",
    severity: "error",
    rationale:
      "A domain is a named type with its bounds (`Email`: a VARCHAR(254) that matches a pattern): PostgreSQL enforces them on every column of the type and both DTO stacks check them, so they must be possible, portable and referenced by name.",
    hint: "Declare the domain under `domains:` with a base `type` and its bounds; give fields `{ type: domain, domain: <Name> }`.",
    example: {
      bad: "domains:\n  Email: { type: string, max_length: 254, min_length: 300 }\nmodels:\n  User:\n    fields: { email: { type: domain, domain: Emial } }",
      good: "domains:\n  Email: { type: string, max_length: 254, pattern: \"^[^@]+@[^@]+$\" }\nmodels:\n  User:\n    fields: { email: { type: domain, domain: Email } }",
    },
    check: checkDomains,
  },
];

/** The sections of the audit's numbering (the seed's headings), each with the rules under it. */
export const SECTIONS: readonly { readonly id: string; readonly title: string }[] = [
  { id: "2.1.0", title: "Loading and consistency" },
  { id: "2.1.4", title: "Inheritance" },
  { id: "2.1.5", title: "Table Name" },
  { id: "2.1.6", title: "Primary Key - id" },
  { id: "2.1.7", title: "Relationships" },
  { id: "2.1.8", title: "Column Naming & Types" },
];

/** The audit's heading of a section: `Blueprint 2.1.7 (Relationships)`; several ids join with `&`. */
export function sectionHeading(...ids: string[]): string {
  const titles = ids.map((id) => SECTIONS.find((x) => x.id === id)?.title ?? id);
  return `Blueprint ${ids.join(" & ")} (${titles.join(", ")})`;
}

/** The rules a section id covers: the rule of that id and every rule numbered below it. */
export function rulesOfSection(id: string): Rule[] {
  return RULES.filter((r) => r.id === id || r.id.startsWith(`${id}.`));
}

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
