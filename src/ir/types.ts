/**
 * The intermediate representation: readonly plain data, fully resolved (inherited base
 * columns, FK columns typed from their targets, derived names). Targets read only this.
 */

export type OnDelete = "cascade" | "restrict" | "set_null" | "no_action";

export type ColumnType =
  | { readonly kind: "string"; readonly maxLength: number }
  | { readonly kind: "char"; readonly length: number }
  | { readonly kind: "time" }
  | { readonly kind: "interval" }
  | { readonly kind: "inet" }
  | { readonly kind: "tsvector" }
  /** A one-dimensional array of non-null elements. */
  | { readonly kind: "array"; readonly of: ArrayElement }
  | { readonly kind: "text" }
  | { readonly kind: "integer" }
  | { readonly kind: "bigint" }
  | { readonly kind: "float" }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "date" }
  | { readonly kind: "datetime" }
  | { readonly kind: "uuid" }
  | { readonly kind: "json" }
  | { readonly kind: "binary" }
  | { readonly kind: "enum"; readonly enumName: string };

type ArrayElement = "text" | "integer" | "boolean" | "uuid";

/** An array's element as a column type of its own: each target types the element with it. */
export const ARRAY_ELEMENT_TYPES: Readonly<Record<ArrayElement, ColumnType>> = {
  text: { kind: "text" },
  integer: { kind: "integer" },
  boolean: { kind: "boolean" },
  uuid: { kind: "uuid" },
};

/** A default value. `literal` values are already checked against the column type. */
export type ColumnDefault =
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | { readonly kind: "enum"; readonly enumName: string; readonly value: string }
  | { readonly kind: "now" }
  /** `[]` for an array column, set by the application on insert. */
  | { readonly kind: "empty_array" }
  | { readonly kind: "today" }
  | { readonly kind: "uuid4" }
  | { readonly kind: "gen_random_uuid" };

export interface ForeignKey {
  readonly name: string;
  readonly model: string;
  readonly table: string;
  readonly column: string;
  readonly onDelete: OnDelete;
}

/** Value bounds of a column: each holds in the database (a named CHECK) and in both DTO stacks. */
export interface ColumnBounds {
  /** Inclusive bounds as decimal text (exact for decimal and bigint). */
  readonly min?: string | undefined;
  readonly max?: string | undefined;
  /** Characters, as PostgreSQL's char_length, Python's len and `[...s].length` count them. */
  readonly minLength?: number | undefined;
  /** In the portable form (lang/regex.ts): the same text for Pydantic, zod and PostgreSQL. */
  readonly pattern?: string | undefined;
}

/** A CHECK constraint: from a column's bounds or from the model's `checks`. */
export interface Check {
  /** The constraint's name in the database (`ck_<table>_<key>`, cut to 63 bytes). */
  readonly name: string;
  /** What the naming convention completes (`%(constraint_name)s`): `<column>_min`, or the spec's name. */
  readonly key: string;
  /** The boolean SQL expression, as written to the database. */
  readonly sql: string;
  /** The column whose bound this is; absent for a model's own check. */
  readonly column?: string | undefined;
  readonly description?: string | undefined;
}

export interface Column {
  readonly name: string;
  /** Where the column comes from: the blueprint's base model, tenancy, a field or a belongs_to. */
  readonly origin: "base" | "tenant" | "field" | "relation" | "view";
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly index: boolean;
  /** Set by the application on insert (Python side). */
  readonly default?: ColumnDefault | undefined;
  /** Set by the database on insert. */
  readonly serverDefault?: ColumnDefault | undefined;
  readonly onUpdate?: "now" | undefined;
  readonly foreignKey?: ForeignKey | undefined;
  readonly bounds?: ColumnBounds | undefined;
  /** A STORED generated column's SQL, as the spec writes it. */
  readonly generated?: string | undefined;
  readonly description?: string | undefined;
  /** Which DTOs carry the column (spec: read_only, write_only, dto). */
  readonly dto: { readonly write: boolean; readonly read: boolean };
  /** Migration hints: the previous name, and the SQL that converts old values on a type change. */
  readonly renamedFrom?: string | undefined;
  readonly using?: string | undefined;
  /**
   * The domain the column is typed with: `type` and `bounds` are then the domain's (the DTOs
   * hold them), and the CHECKs are the domain's, not the table's.
   */
  readonly domain?: { readonly name: string; readonly typeName: string } | undefined;
}

export interface Relation {
  readonly name: string;
  readonly kind: "belongs_to" | "has_one" | "has_many" | "many_to_many";
  readonly target: string;
  /** Counterpart on the target, when both sides declare the relationship. */
  readonly backPopulates?: string | undefined;
  /** The FK column that joins the two models: `<owner>.<column>`; absent for many_to_many. */
  readonly foreignKey?: { readonly model: string; readonly column: string } | undefined;
  /** many_to_many: the association table. */
  readonly secondary?: string | undefined;
  /** belongs_to / has_one may be absent. */
  readonly optional: boolean;
  /** belongs_to to the model itself: SQLAlchemy needs `remote_side`. */
  readonly selfReferential: boolean;
  readonly description?: string | undefined;
}

export interface Index {
  readonly name: string;
  /** Empty for an expression index. */
  readonly columns: readonly string[];
  /** SQL, as the spec writes it: an indexed expression, a partial index's predicate. */
  readonly expression?: string | undefined;
  readonly where?: string | undefined;
  /** The index method when not btree. */
  readonly using?: string | undefined;
  /** A unique index (a partial or expression unique has no constraint form). */
  readonly unique?: boolean | undefined;
  /** Where the spec declares it, below the model: `["indexes", 0]`, `["unique", 1]`, or the field whose flag made it. */
  readonly specPath?: readonly (string | number)[] | undefined;
}

export interface Model {
  readonly name: string;
  /** snake_case: Python module and file name. */
  readonly moduleName: string;
  readonly table: string;
  readonly description?: string | undefined;
  readonly tenantScoped: boolean;
  readonly mixins: readonly string[];
  readonly columns: readonly Column[];
  readonly relations: readonly Relation[];
  /** The spec's `indexes` (single-column flags are `Column.index`), and its partial or expression uniques. */
  readonly indexes: readonly Index[];
  /** The spec's plain unique constraints (columns only). */
  readonly uniques: readonly Index[];
  /** Column bounds first (in column order), then the spec's `checks`. */
  readonly checks: readonly Check[];
  /** Extra read DTOs: `<Model><name>` with the listed columns. */
  readonly dtoVariants: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly primaryKeyName: string;
  readonly sourceFile: string;
  /** Migration hint: the previous model name. */
  readonly renamedFrom?: string | undefined;
}

interface EnumValue {
  readonly value: string;
  readonly member: string;
  readonly description?: string | undefined;
  readonly renamedFrom?: string | undefined;
}

export interface Enum {
  readonly name: string;
  readonly className: string;
  /** PostgreSQL type name. */
  readonly typeName: string;
  readonly description?: string | undefined;
  readonly values: readonly EnumValue[];
  readonly sourceFile: string;
  /** Migration hints: the previous enum name; removed values → the value rows take instead. */
  readonly renamedFrom?: string | undefined;
  readonly replacedValues: Readonly<Record<string, string>>;
}

interface AssociationSide {
  readonly column: string;
  readonly model: string;
  readonly table: string;
  readonly foreignKeyName: string;
}

export interface AssociationTable {
  readonly name: string;
  readonly left: AssociationSide;
  readonly right: AssociationSide;
  readonly primaryKeyName: string;
  readonly sourceFile: string;
}

/** A named type with bounds: a PostgreSQL domain over a base type. */
export interface Domain {
  readonly name: string;
  /** PostgreSQL type name: snake_case of the name. */
  readonly typeName: string;
  readonly description?: string | undefined;
  readonly type: ColumnType;
  readonly bounds?: ColumnBounds | undefined;
  /** Bounds first, then the spec's `checks`; SQL over `VALUE`. */
  readonly checks: readonly Check[];
  readonly sourceFile: string;
}

/** A read model over a SQL query: a PostgreSQL view, mapped read-only, with a Read DTO only. */
export interface View {
  readonly name: string;
  /** The view's name in the database, derived as a table name is (`InvoiceTotal` → `invoice_totals`). */
  readonly viewName: string;
  readonly description?: string | undefined;
  /** The SELECT, as the spec writes it. */
  readonly sql: string;
  /** In the spec's order; `primaryKey` marks the key columns (the ORM's identity). */
  readonly columns: readonly Column[];
  readonly sourceFile: string;
}

export interface Project {
  readonly blueprintVersion: number;
  readonly blueprintFile: string;
  readonly baseColumns: readonly Column[];
  /** The blueprint's soft-delete column, when it has soft delete. */
  readonly softDeleteColumn?: string | undefined;
  readonly tenant: { readonly column: Column; readonly model: string; readonly table: string; readonly onDelete: OnDelete };
  readonly enums: readonly Enum[];
  readonly models: readonly Model[];
  readonly associations: readonly AssociationTable[];
  readonly views: readonly View[];
  readonly domains: readonly Domain[];
  readonly targets: {
    readonly python?: { readonly package: string } | undefined;
    readonly typescript?: Readonly<Record<string, never>> | undefined;
  };
}
