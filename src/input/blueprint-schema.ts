import { z } from "zod";
import { DEFAULT_MAX_LENGTH, ON_DELETE } from "./spec-schema.js";

/**
 * `blueprint.yaml`: the architecture rules as data (DESIGN: Blueprint). Changing it
 * regenerates every artifact.
 */

const BASE_COLUMN_TYPES = ["uuid", "datetime", "date", "string", "text", "integer", "bigint", "boolean"] as const;

export const BaseColumnSchema = z.strictObject({
  type: z.enum(BASE_COLUMN_TYPES).describe("Column type."),
  primary_key: z.boolean().optional().describe("Exactly one base column, `id` of type uuid, is the primary key (rule 2.1.6.1)."),
  nullable: z.boolean().optional().describe("Default false."),
  index: z.boolean().optional().describe("Index this column in every table."),
  max_length: z.number().int().min(1).optional().describe(`string only: VARCHAR length. Default ${DEFAULT_MAX_LENGTH}.`),
  default: z.enum(["uuid4", "now"]).optional().describe("Python-side default: `uuid4` for uuid, `now` for datetime."),
  server_default: z
    .enum(["now", "gen_random_uuid"])
    .optional()
    .describe("Database default: `now` → now(), `gen_random_uuid` → gen_random_uuid()."),
  on_update: z.literal("now").optional().describe("`now`: set to the current time on every update."),
  description: z.string().optional().describe("Documentation."),
});
export type BaseColumnSpec = z.infer<typeof BaseColumnSchema>;

const SEVERITY_OVERRIDES = ["error", "warning", "off"] as const;

export const BlueprintSchema = z
  .strictObject({
    version: z.number().int().min(1).describe("Version of this blueprint; bump it when the rules change."),
    targets: z
      .strictObject({
        python: z
          .strictObject({
            package: z
              .string()
              .regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case Python package name")
              .describe("Python package name: output goes to generated/python/<package>/."),
          })
          .optional()
          .describe("SQLAlchemy 2 entities, enums and Pydantic DTOs."),
        typescript: z
          .strictObject({})
          .optional()
          .describe("Enums, drizzle-orm entities and zod DTOs under generated/typescript/."),
      })
      .describe("Which targets to render."),
    base_model: z
      .strictObject({
        columns: z.record(z.string(), BaseColumnSchema).describe("Columns every entity inherits from BaseModel."),
      })
      .describe("The BaseModel mixin every entity inherits (rule 2.1.4)."),
    tenancy: z
      .strictObject({
        tenant_model: z.string().describe("Model that tenants are stored in."),
        column: z.string().optional().describe("Tenant foreign key column. Default tenant_id (rule 2.1.8.2)."),
        on_delete: z.enum(ON_DELETE).optional().describe("What deleting a tenant does to its rows. Default cascade."),
        global_models: z.array(z.string()).optional().describe("Models that may set `tenant_scoped: false`."),
      })
      .describe("Multi-tenancy: every tenant-scoped entity gets a UUID foreign key to the tenant model."),
    soft_delete: z
      .strictObject({
        column: z.string().optional().describe("The nullable timestamp every table gets. Default deleted_at."),
      })
      .optional()
      .describe(
        "Soft delete: every table gets the column, every index and unique constraint covers live rows only (`all_rows: true` says otherwise), and the generated helpers hide deleted rows; a hard delete stays possible.",
      ),
    rule_modules: z
      .array(z.string())
      .optional()
      .describe("Team rules: paths (from the project folder) of .js/.mjs/.ts modules exporting rules with ids in the team's namespace."),
    rules: z
      .record(z.string(), z.enum(SEVERITY_OVERRIDES))
      .optional()
      .describe("Severity overrides by rule id: error | warning | off."),
  })
  .describe("A blueprint-gen architecture blueprint.");
export type BlueprintSpec = z.infer<typeof BlueprintSchema>;
