import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { DbSchema } from "../../src/db/types.js";

/**
 * The one table of payloads both DTO stacks are held to (README: Wire formats): for each
 * column type, raw JSON texts that must be accepted and ones that must be refused. Raw text,
 * because what a stack sees depends on its JSON parser (`9007199254740993`, `1e309`, `NaN`).
 */
export type Column = DbSchema["tables"][number]["columns"][number];

export interface WireRow {
  accept: string[];
  reject: string[];
}

/**
 * A case's own rows for its bounded columns (`samples.yaml` beside `expected/`), by
 * `table.column`: a bound narrows what the type's row accepts, so such a column is held to
 * values written for its bounds instead.
 */
export type Samples = ReadonlyMap<string, WireRow>;

export function loadSamples(root: string): Samples {
  const file = join(root, "..", "samples.yaml");
  if (!existsSync(file)) return new Map();
  const data = parse(readFileSync(file, "utf8")) as Record<string, Record<string, WireRow>>;
  return new Map(Object.entries(data).flatMap(([table, cols]) => Object.entries(cols).map(([col, row]) => [`${table}.${col}`, row] as const)));
}

const UUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

export function wireRow(c: Column, enumValues: readonly string[] | undefined): WireRow | undefined {
  const varchar = /^character varying\((\d+)\)$/.exec(c.type);
  const char = /^character\((\d+)\)$/.exec(c.type);
  const array = /^(.+)\[\]$/.exec(c.type);
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(c.type);
  const q = JSON.stringify;
  if (enumValues) {
    return { accept: [q(enumValues[0])], reject: [q("not-a-member"), q(enumValues[0]!.toUpperCase() + "X"), "5", "true"] };
  }
  if (varchar) {
    const n = Number(varchar[1]);
    return {
      accept: [q("ab".slice(0, n)), q("😀".repeat(n)), q("é".repeat(n))],
      reject: [q("x".repeat(n + 1)), "5", "true", q("a\u0000"), '"\\ud800"'],
    };
  }
  if (char) {
    // Exactly n characters: a shorter value would read back padded with spaces.
    const n = Number(char[1]);
    return {
      accept: [q("c".repeat(n)), q("😀".repeat(n)), q("é".repeat(n))],
      reject: [q("x".repeat(n + 1)), ...(n > 1 ? [q("x".repeat(n - 1))] : [q("")]), "5", "true", q(`${"a".repeat(n - 1)}\u0000`)],
    };
  }
  if (array) {
    // An array holds its element's values, never null, and only as a JSON array.
    const element = wireRow({ ...c, type: array[1]!, nullable: false }, enumValues)!;
    return {
      accept: ["[]", `[${element.accept.join(",")}]`, `[${element.accept[0]}]`],
      reject: [element.accept[0]!, "[null]", `[[${element.accept[0]}]]`, "{}", ...element.reject.slice(0, 4).map((r) => `[${r}]`), `[${element.accept[0]},${element.reject[0]}]`],
    };
  }
  if (numeric) {
    const [p, s] = [Number(numeric[1]), Number(numeric[2])];
    const intDigits = p - s;
    const accept = [q(intDigits ? (s > 0 ? "1.5" : "1") : `0.${"5".repeat(s)}`)];
    if (intDigits) accept.push("2", q(`${"9".repeat(intDigits)}${s ? `.${"0".repeat(s + 2)}` : ""}`), q(`-${"1".repeat(intDigits)}`));
    if (intDigits && s >= 1) accept.push("2.5");
    const reject = [
      q(`0.${"1".repeat(s + 1)}`),
      `0.${"1".repeat(s + 1)}`,
      q("1".repeat(intDigits + 1)),
      q("abc"),
      q("1_000"),
      q("1e3"),
      q(" 1"),
      q("NaN"),
      q("+1"),
      q(".5"),
      "true",
      "1234567890123456.5",
      "12345678901234567",
    ];
    return { accept, reject };
  }
  switch (c.type) {
    case "text":
      return { accept: [q("text"), q("😀 é \" \\ \n")], reject: ["5", "true", q("a\u0000b"), '"\\udc00x"', "[]"] };
    case "integer":
      return { accept: ["7", "5.0", "1e3", "-2147483648", "2147483647"], reject: ["7.5", q("7"), "true", "2147483648", "1e309", "[7]"] };
    case "bigint":
      return {
        accept: ["7", q("9007199254740993"), "9007199254740991", q("-9223372036854775808"), q("9223372036854775807"), "1e3"],
        reject: ["9007199254740993", "9007199254740992", q("9223372036854775808"), q("1e3"), "7.5", "true", q("1_000"), q(" 7"), q("")],
      };
    case "double precision":
      return { accept: ["1.5", "5", "-0.0", "1e300", "12345678901234567890"], reject: [q("1.5"), "true", "1e309", "-1e309", "NaN", "Infinity", q("NaN")] };
    case "boolean":
      return { accept: ["true", "false"], reject: [q("true"), "1", "0", q("yes"), q("")] };
    case "date":
      return {
        accept: [q("2026-01-02"), q("2024-02-29"), q("0001-01-01")],
        reject: [q("2026-13-01"), q("2023-02-29"), q("2026-04-31"), q("01/02/2026"), q("2026-1-2"), q("2026-01-02T00:00:00Z"), "20260102", q("0000-01-01")],
      };
    case "timestamp with time zone":
      return {
        accept: [q("2026-01-02T03:04:05Z"), q("2026-01-02T03:04:05.123456+05:30"), q("2024-02-29T23:59:59-08:00"), q("2026-01-02T03:04:05.1Z")],
        reject: [
          q("2026-01-02T03:04:05+0530"),
          q("2026-01-02 03:04:05Z"),
          q("2026-01-02T03:04Z"),
          q("2026-01-02t03:04:05z"),
          q("2026-01-02T03:04:05"),
          q("2026-02-30T00:00:00Z"),
          q("2026-01-02T03:04:05.1234567Z"),
          q("2026-01-02T24:00:00Z"),
          q("2026-01-02T03:04:05+05"),
          "1767323045",
        ],
      };
    case "time without time zone":
      return {
        accept: [q("03:04:05"), q("23:59:59.999999"), q("00:00:00"), q("12:30:00.5")],
        reject: [q("24:00:00"), q("3:04:05"), q("03:04"), q("03:04:05Z"), q("03:04:05+01:00"), q("03:04:05.1234567"), q("T03:04:05"), q("03:04:60"), "5", q("")],
      };
    case "interval":
      return {
        accept: [q("P1DT2H30M"), q("PT0S"), q("-PT15M"), q("PT0.5S"), q("PT25H"), q("P99999999DT99999999H99999999M99999999.999999S"), q("-P3D")],
        reject: [q("P"), q("PT"), q("P1Y"), q("P1M"), q("P1W"), q("PT1.1234567S"), q("P1DT"), q("1 day"), q("01:00:00"), q("+PT1H"), q("P-1D"), q("PT123456789H"), q("pt1h"), "3600", q("")],
      };
    case "inet":
      return {
        accept: [q("192.168.0.1"), q("10.0.0.0/8"), q("0.0.0.0"), q("2001:DB8::1"), q("2001:db8::/32"), q("::"), q("::1"), q("::ffff:1.2.3.4"), q("::1.2.3.4"), q("1:2:3:4:5:6:7::"), q("1:2:3:4:5:6:7:8/128"), q("10.0.0.1/32")],
        reject: [q("01.2.3.4"), q("256.0.0.1"), q("1.2.3"), q("10.0.0.0/33"), q("1::2::3"), q("1:2:3:4:5:6:7:8:9"), q("fe80::1%eth0"), q("2001:db8::/129"), q(" 10.0.0.1"), q("localhost"), "167772161", q("")],
      };
    case "uuid":
      return {
        accept: [q(UUID), q(UUID.toUpperCase()), q("00000000-0000-0000-0000-000000000000")],
        reject: [q(UUID.replace(/-/g, "")), q(`{${UUID}}`), q(`urn:uuid:${UUID}`), q("not-a-uuid"), q(` ${UUID}`), "5"],
      };
    case "jsonb":
      return { accept: ['{"a":[1,"two",null]}', "5", q("s"), "[]", "true"], reject: [] };
    case "bytea":
      return { accept: [q("aGVsbG8="), q(""), q("AAEC/w==")], reject: [q("aGVsbG8"), q("aGVs bG8="), q("aGVsbG8=\n"), "5", q("%%%%"), q("aGVsbG8_")] };
  }
  return undefined;
}

/** A value both stacks accept, as JSON text, for building the rest of a body. */
export function validValue(c: Column, enumValues: readonly string[] | undefined, sample?: WireRow): string {
  return (sample ?? wireRow(c, enumValues)!).accept[0]!;
}

/** The schema with each domain column typed as its domain's base type: what its wire row is. */
export function withBaseTypes(db: DbSchema): DbSchema {
  const base = new Map((db.domains ?? []).map((d) => [d.name, d.type]));
  if (!base.size) return db;
  return { ...db, tables: db.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, type: base.get(c.type) ?? c.type })) })) };
}
