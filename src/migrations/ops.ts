import type { DbCheck, DbColumn, DbDomain, DbEnum, DbForeignKey, DbIndex, DbTable, DbView } from "../db/types.js";

export interface EnumColumnUse {
  readonly table: string;
  readonly column: string;
  readonly default: string | null;
}

/**
 * One migration step. Every target renders this union with an exhaustive switch (STYLE,
 * after drizzle-kit's statements, without its silent fall-through).
 */
export type MigrationOp =
  | { readonly kind: "create_enum"; readonly enum: DbEnum }
  | { readonly kind: "drop_enum"; readonly enum: DbEnum }
  | { readonly kind: "rename_enum"; readonly from: string; readonly to: string }
  /** ALTER TYPE … ADD VALUE: cannot run inside a transaction block with later uses. */
  | {
      readonly kind: "add_enum_value";
      readonly enum: string;
      readonly value: string;
      readonly before?: string | undefined;
      /** The full value list after this step and the columns using the type, to undo it. */
      readonly values: readonly string[];
      readonly columns: readonly EnumColumnUse[];
    }
  | { readonly kind: "rename_enum_value"; readonly enum: string; readonly from: string; readonly to: string }
  /**
   * Rebuild an enum type with other values (PostgreSQL cannot drop a value): rows holding a
   * removed value take its replacement.
   */
  | {
      readonly kind: "recreate_enum";
      readonly name: string;
      readonly from: readonly string[];
      readonly to: readonly string[];
      readonly replace: Readonly<Record<string, string>>;
      readonly columns: readonly EnumColumnUse[];
    }
  | { readonly kind: "create_table"; readonly table: DbTable }
  | { readonly kind: "drop_table"; readonly table: DbTable }
  | { readonly kind: "rename_table"; readonly from: string; readonly to: string }
  | { readonly kind: "add_column"; readonly table: string; readonly column: DbColumn }
  | { readonly kind: "drop_column"; readonly table: string; readonly column: DbColumn }
  | { readonly kind: "rename_column"; readonly table: string; readonly from: string; readonly to: string }
  | {
      readonly kind: "alter_type";
      readonly table: string;
      readonly column: string;
      readonly from: string;
      readonly to: string;
      readonly using: string;
      readonly usingBack: string;
      /** A widening change: every value converts back losslessly. */
      readonly reversible: boolean;
    }
  /** Fill NULLs with the column's default before SET NOT NULL. Not undone: NULLs are not restored. */
  | { readonly kind: "backfill"; readonly table: string; readonly column: string; readonly value: string }
  | { readonly kind: "alter_nullable"; readonly table: string; readonly column: string; readonly type: string; readonly nullable: boolean }
  | {
      readonly kind: "alter_default";
      readonly table: string;
      readonly column: string;
      readonly type: string;
      readonly from: string | null;
      readonly to: string | null;
    }
  | { readonly kind: "create_index"; readonly table: string; readonly index: DbIndex }
  | { readonly kind: "drop_index"; readonly table: string; readonly index: DbIndex }
  | { readonly kind: "add_unique"; readonly table: string; readonly name: string; readonly columns: readonly string[] }
  | { readonly kind: "drop_unique"; readonly table: string; readonly name: string; readonly columns: readonly string[] }
  | { readonly kind: "add_check"; readonly table: string; readonly check: DbCheck }
  | { readonly kind: "drop_check"; readonly table: string; readonly check: DbCheck }
  | { readonly kind: "add_foreign_key"; readonly table: string; readonly fk: DbForeignKey }
  | { readonly kind: "drop_foreign_key"; readonly table: string; readonly fk: DbForeignKey }
  | { readonly kind: "rename_constraint"; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: "rename_index"; readonly from: string; readonly to: string }
  | { readonly kind: "drop_primary_key"; readonly table: string; readonly name: string; readonly columns: readonly string[] }
  | { readonly kind: "add_primary_key"; readonly table: string; readonly name: string; readonly columns: readonly string[] }
  /**
   * Adoption of a legacy schema: stop, changing nothing, when rows match `condition` (SQL on
   * the row alias `t`), and list them by `show` (a text expression on `t`).
   */
  | { readonly kind: "check_rows"; readonly table: string; readonly condition: string; readonly show: string; readonly message: string }
  /** A domain holds no rows of its own: dropped once no column uses it, it comes back whole. */
  | { readonly kind: "create_domain"; readonly domain: DbDomain }
  | { readonly kind: "drop_domain"; readonly domain: DbDomain }
  /** ADD CONSTRAINT checks every value the domain's columns hold. */
  | { readonly kind: "add_domain_check"; readonly domain: string; readonly check: DbCheck }
  | { readonly kind: "drop_domain_check"; readonly domain: string; readonly check: DbCheck }
  /** A view holds no rows: dropping one loses nothing, and it is recreated from its SQL. */
  | { readonly kind: "create_view"; readonly view: DbView }
  | { readonly kind: "drop_view"; readonly view: DbView }
  /** Adoption: `UPDATE table AS t SET column = value` (SQL on the row alias `t`). */
  | { readonly kind: "fill_column"; readonly table: string; readonly column: string; readonly value: string }
  /** Adoption: one row, its values as SQL by column (the tenant that owns every legacy row). */
  | { readonly kind: "insert_row"; readonly table: string; readonly values: readonly (readonly [string, string])[] }
  /**
   * Adoption: the table's own triggers off (`DISABLE TRIGGER USER`) while the conversion
   * rewrites its rows, and on again after; constraint triggers keep running.
   */
  | { readonly kind: "set_triggers"; readonly table: string; readonly enabled: boolean };

export function assertNever(x: never): never {
  throw new Error(`unhandled migration operation: ${JSON.stringify(x)}`);
}

/** The operation that undoes `op`; a reason when it cannot restore what `op` destroyed; null: nothing to undo. */
export function inverse(op: MigrationOp): MigrationOp | { readonly lossy: string } | null {
  switch (op.kind) {
    case "create_enum":
      return { kind: "drop_enum", enum: op.enum };
    case "drop_enum":
      return { kind: "create_enum", enum: op.enum };
    case "rename_enum":
      return { kind: "rename_enum", from: op.to, to: op.from };
    case "add_enum_value":
      // Fails at run time if rows still hold the value: PostgreSQL then refuses the cast.
      return { kind: "recreate_enum", name: op.enum, from: op.values, to: op.values.filter((v) => v !== op.value), replace: {}, columns: op.columns };
    case "rename_enum_value":
      return { kind: "rename_enum_value", enum: op.enum, from: op.to, to: op.from };
    case "recreate_enum": {
      const removed = op.from.filter((v) => !op.to.includes(v));
      if (removed.length) return { lossy: `rows that held ${removed.map((v) => `'${v}'`).join(", ")} of ${op.name} were changed to other values` };
      return { kind: "recreate_enum", name: op.name, from: op.to, to: op.from, replace: {}, columns: op.columns };
    }
    case "create_table":
      return { kind: "drop_table", table: op.table };
    case "drop_table":
      return { lossy: `the rows of table ${op.table.name} were dropped` };
    case "rename_table":
      return { kind: "rename_table", from: op.to, to: op.from };
    case "add_column":
      return { kind: "drop_column", table: op.table, column: op.column };
    case "drop_column":
      // A generated column's values come back with it.
      if (op.column.generated !== undefined) return { kind: "add_column", table: op.table, column: op.column };
      return { lossy: `the values of column ${op.table}.${op.column.name} were dropped` };
    case "rename_column":
      return { kind: "rename_column", table: op.table, from: op.to, to: op.from };
    case "alter_type":
      if (!op.reversible) return { lossy: `${op.table}.${op.column} was converted from ${op.from} to ${op.to} with USING ${op.using}; converting back needs a reviewed cast` };
      return { kind: "alter_type", table: op.table, column: op.column, from: op.to, to: op.from, using: op.usingBack, usingBack: op.using, reversible: true };
    case "backfill":
      return null; // the NOT NULL is dropped again; filled values stay (they were NULL before)
    case "alter_nullable":
      return { ...op, nullable: !op.nullable };
    case "alter_default":
      return { ...op, from: op.to, to: op.from };
    case "create_index":
      return { kind: "drop_index", table: op.table, index: op.index };
    case "drop_index":
      return { kind: "create_index", table: op.table, index: op.index };
    case "add_unique":
      return { kind: "drop_unique", table: op.table, name: op.name, columns: op.columns };
    case "drop_unique":
      return { kind: "add_unique", table: op.table, name: op.name, columns: op.columns };
    case "add_check":
      return { kind: "drop_check", table: op.table, check: op.check };
    case "drop_check":
      return { kind: "add_check", table: op.table, check: op.check };
    case "add_foreign_key":
      return { kind: "drop_foreign_key", table: op.table, fk: op.fk };
    case "drop_foreign_key":
      return { kind: "add_foreign_key", table: op.table, fk: op.fk };
    case "rename_constraint":
      return { kind: "rename_constraint", table: op.table, from: op.to, to: op.from };
    case "rename_index":
      return { kind: "rename_index", from: op.to, to: op.from };
    case "drop_primary_key":
      return { kind: "add_primary_key", table: op.table, name: op.name, columns: op.columns };
    case "add_primary_key":
      return { kind: "drop_primary_key", table: op.table, name: op.name, columns: op.columns };
    case "create_domain":
      return { kind: "drop_domain", domain: op.domain };
    case "drop_domain":
      return { kind: "create_domain", domain: op.domain };
    case "add_domain_check":
      return { kind: "drop_domain_check", domain: op.domain, check: op.check };
    case "drop_domain_check":
      return { kind: "add_domain_check", domain: op.domain, check: op.check };
    case "create_view":
      return { kind: "drop_view", view: op.view };
    case "drop_view":
      return { kind: "create_view", view: op.view };
    case "check_rows":
    case "fill_column":
    case "insert_row":
      return null; // the columns they read or fill, or the table, are dropped or restored by other steps
    case "set_triggers":
      return { ...op, enabled: !op.enabled };
    default:
      return assertNever(op);
  }
}
