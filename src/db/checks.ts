/**
 * CHECK expressions as text. PostgreSQL prints an expression back its own way: `total >= 0` on
 * a NUMERIC column reads back as `total >= (0)::numeric`, `char_length(code)` on a VARCHAR as
 * `char_length((code)::text)`. `normalizeCheck` undoes exactly those casts of literals and
 * bare columns (never anything that could change the meaning), so a projected check and the
 * same check read from a database compare equal.
 */

const NUMBER = "-?[0-9]+(?:\\.[0-9]+)?(?:e[+-]?[0-9]+)?";
const TYPE = "[a-z]+(?: [a-z]+)*(?:\\([0-9, ]+\\))?";
const RULES: [RegExp, string][] = [
  // ('1.5'::numeric)::double precision, (0)::numeric, '-5'::integer
  [new RegExp(`\\('(${NUMBER})'::${TYPE}\\)::${TYPE}`, "g"), "$1"],
  [new RegExp(`\\((${NUMBER})\\)::${TYPE}`, "g"), "$1"],
  [new RegExp(`'(${NUMBER})'::(?:integer|bigint|smallint|numeric|double precision|real)\\b`, "g"), "$1"],
  // (code)::text, (VALUE)::text in a domain's check, 'literal'::text
  [/\(([a-z_][a-z0-9_]*|VALUE)\)::(?:text|character varying)\b/g, "$1"],
  [/'((?:[^']|'')*)'::text\b/g, "'$1'"],
];

export function normalizeCheck(expression: string): string {
  let out = expression.trim();
  for (const [re, to] of RULES) out = out.replace(re, to);
  while (wrapped(out)) out = out.slice(1, -1).trim();
  return out;
}

/** Whether the first parenthesis closes at the very end (`(a) AND (b)` is not wrapped). */
export function wrapped(s: string): boolean {
  if (!s.startsWith("(") || !s.endsWith(")")) return false;
  let depth = 0;
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") quote = !quote;
    if (quote) continue;
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

/** A single-column bound, as `boundChecks` (ir/resolve.ts) writes one; undefined for any other check. */
export function boundOfCheck(expression: string): { column: string; kind: "min" | "max" | "min_length" | "pattern"; value: string } | undefined {
  const e = normalizeCheck(expression);
  let m = new RegExp(`^([a-z_][a-z0-9_]*) (>=|<=) (${NUMBER})$`).exec(e);
  if (m) return { column: m[1]!, kind: m[2] === ">=" ? "min" : "max", value: m[3]! };
  m = /^char_length\(([a-z_][a-z0-9_]*)\) >= ([0-9]+)$/.exec(e);
  if (m) return { column: m[1]!, kind: "min_length", value: m[2]! };
  m = /^([a-z_][a-z0-9_]*) ~ '((?:[^']|'')*)'$/.exec(e);
  if (m) return { column: m[1]!, kind: "pattern", value: m[2]!.replace(/''/g, "'") };
  return undefined;
}

/** An index that carries SQL of its own (an expression, a predicate) or a method: more than its columns. */
export const indexHasSql = (i: { readonly expression?: string | undefined; readonly where?: string | undefined; readonly using?: string | undefined }) =>
  i.expression !== undefined || i.where !== undefined || i.using !== undefined;
