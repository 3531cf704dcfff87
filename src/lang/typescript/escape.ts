/**
 * The TypeScript target's one escaper: spec text becomes an inert double-quoted string
 * literal or JSDoc text, never code (no `*\/`, backtick, `${`, quote or line break escapes).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

function unicodeEscape(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
}

/** Printable ASCII without `"` and `\\`: nothing to escape (most names and values). */
const PLAIN = /^[ !#-[\]-~]*$/;

export function tsString(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`;
  let out = "";
  for (const ch of value) {
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (UNSAFE.test(ch)) out += unicodeEscape(ch);
    else out += ch;
    UNSAFE.lastIndex = 0;
  }
  return `"${out}"`;
}

/** A JSDoc block at `indent`; `*\/` and control characters cannot end or break it. */
export function tsDoc(text: string | undefined, indent: string): string | undefined {
  if (text === undefined) return undefined;
  const lines = text
    .split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)
    .map((l) => l.trim().replace(UNSAFE, (ch) => unicodeEscape(ch)).replace(/\*\//g, "*\\/").replace(/@/g, "\\@"))
    .filter((l, i, all) => l !== "" || (i > 0 && i < all.length - 1));
  if (lines.length === 0) return undefined;
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join("\n");
}

/** `tenant_id` → `tenantId`. */
export function camelCase(snake: string): string {
  return snake.includes("_") ? snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : snake;
}
