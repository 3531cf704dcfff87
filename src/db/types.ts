/** The database schema a project describes: what migrations diff and what is introspected. */
export interface DbColumn {
  readonly name: string;
  /** PostgreSQL type as `format_type()` prints it, e.g. `character varying(64)`. */
  readonly type: string;
  readonly nullable: boolean;
  /** SQL default expression, or null. */
  readonly default: string | null;
  /** A STORED generated column's expression; absent for a stored value. */
  readonly generated?: string | undefined;
}

export interface DbForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: "CASCADE" | "RESTRICT" | "SET NULL" | "NO ACTION";
}

export interface DbIndex {
  readonly name: string;
  /** Empty for an expression index. */
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** Absent for a plain btree index on columns. */
  readonly expression?: string | undefined;
  readonly where?: string | undefined;
  readonly using?: string | undefined;
}

export interface DbTable {
  readonly name: string;
  readonly columns: readonly DbColumn[];
  readonly primaryKey: { readonly name: string; readonly columns: readonly string[] };
  readonly foreignKeys: readonly DbForeignKey[];
  /** Plain indexes (not backing a unique constraint). */
  readonly indexes: readonly DbIndex[];
  readonly uniques: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** CHECK constraints; absent when there are none (and in snapshots written before checks). */
  readonly checks?: readonly DbCheck[] | undefined;
}

export interface DbCheck {
  readonly name: string;
  /** The boolean expression: as the specs write it in a projection, as PostgreSQL prints it when introspected. */
  readonly expression: string;
}

export interface DbEnum {
  readonly name: string;
  readonly values: readonly string[];
}

/** A domain: a named base type with CHECKs over `VALUE`. */
export interface DbDomain {
  readonly name: string;
  /** The base type as `format_type()` prints it. */
  readonly type: string;
  readonly checks: readonly DbCheck[];
}

/** A view: its query and the columns it returns (a view has no NOT NULL or default of its own). */
export interface DbView {
  readonly name: string;
  /** The SELECT: as the specs write it in a projection, as `pg_get_viewdef` prints it when introspected. */
  readonly sql: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

export interface DbSchema {
  readonly enums: readonly DbEnum[];
  readonly tables: readonly DbTable[];
  /** Absent when there are none (and in snapshots written before views). */
  readonly views?: readonly DbView[] | undefined;
  /** Absent when there are none (and in snapshots written before domains). */
  readonly domains?: readonly DbDomain[] | undefined;
}
