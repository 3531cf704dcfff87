import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSqlType, parseSqlType } from "../src/db/sql-type.js";
import { isWidening } from "../src/migrations/diff.js";

describe(parseSqlType.name, () => {
  it.each([
    { given: "character varying(64)", want: { kind: "varchar", length: 64 } },
    { given: "character varying", want: { kind: "varchar", length: undefined } },
    { given: "numeric(12,2)", want: { kind: "numeric", precision: 12, scale: 2 } },
    { given: "numeric", want: { kind: "numeric", precision: undefined, scale: undefined } },
    { given: "text", want: { kind: "named", name: "text" } },
    { given: "job_status", want: { kind: "named", name: "job_status" } },
    { given: "character(2)", want: { kind: "char", length: 2 } },
    { given: "text[]", want: { kind: "array", element: { kind: "named", name: "text" } } },
    { given: "character varying(20)[]", want: { kind: "array", element: { kind: "varchar", length: 20 } } },
  ])("$given", ({ given, want }) => {
    expect(parseSqlType(given)).toEqual(want);
    expect(formatSqlType(parseSqlType(given))).toBe(given);
  });

  it("formats what it parses and parses what it formats", () => {
    const type = fc.oneof(
      fc.record({ kind: fc.constant("varchar" as const), length: fc.option(fc.integer({ min: 1, max: 10_485_760 }), { nil: undefined }) }),
      fc.integer({ min: 1, max: 1000 }).chain((p) => fc.record({ kind: fc.constant("numeric" as const), precision: fc.constant(p), scale: fc.integer({ min: 0, max: p }) })),
      fc.record({ kind: fc.constant("named" as const), name: fc.constantFrom("text", "integer", "bigint", "uuid", "jsonb", "my_enum") }),
      fc.record({ kind: fc.constant("char" as const), length: fc.integer({ min: 1, max: 10_485_760 }) }),
    );
    const withArrays = fc.oneof(type, type.map((element) => ({ kind: "array" as const, element })));
    fc.assert(
      fc.property(withArrays, (t) => JSON.stringify(parseSqlType(formatSqlType(t))) === JSON.stringify({ ...t })),
      { seed: 7 },
    );
  });
});

describe(isWidening.name, () => {
  it.each([
    { from: "character varying(10)", to: "character varying(20)", want: true },
    { from: "character varying(20)", to: "character varying(10)", want: false },
    { from: "character varying(10)", to: "text", want: true },
    { from: "character varying[]", to: "text[]", want: true },
    { from: "text[]", to: "character varying(5)[]", want: false },
    { from: "text", to: "text[]", want: false },
    { from: "text", to: "character varying(10)", want: false },
    { from: "integer", to: "bigint", want: true },
    { from: "integer", to: "numeric(12,2)", want: true },
    { from: "bigint", to: "numeric(21,2)", want: true },
    { from: "bigint", to: "numeric(20,2)", want: false },
    { from: "numeric(12,2)", to: "numeric(14,2)", want: true },
    { from: "numeric(12,2)", to: "numeric(12,3)", want: false },
    { from: "bigint", to: "integer", want: false },
  ])("$from → $to: $want", ({ from, to, want }) => expect(isWidening(from, to)).toBe(want));
});

describe("identifiers in opaque SQL (lang/sql/tokens.ts)", () => {
  it("reads names as PostgreSQL does: bare folded, quoted exact, never inside strings, comments or dollar quotes", async () => {
    const { renameIdentifiers, sqlIdentifiers } = await import("../src/lang/sql/tokens.js");
    const sql = `SELECT "OrderID", Total, 'orders' AS s -- orders\n/* orders */ FROM orders o WHERE $$orders$$ <> o.name`;
    expect(sqlIdentifiers(sql).map((t) => t.name)).toEqual(["select", "OrderID", "total", "as", "s", "from", "orders", "o", "where", "o", "name"]);
    expect(renameIdentifiers(sql, (n) => ({ orders: "purchase_orders", OrderID: "order_id" })[n])).toBe(
      `SELECT order_id, Total, 'orders' AS s -- orders\n/* orders */ FROM purchase_orders o WHERE $$orders$$ <> o.name`,
    );
  });
});
