/**
 * The Python target's one escaper (STYLE: one escape() per target). Everything from a spec
 * that lands in Python source goes through here, so spec text stays an inert literal.
 */

// Control, format (bidi, zero-width), separator and surrogate characters never appear raw.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

function hexEscape(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

/** A Python string literal, with the quotes ruff's formatter would choose. */
export function pyString(value: string): string {
  const doubles = (value.match(/"/g) ?? []).length;
  const singles = (value.match(/'/g) ?? []).length;
  const quote = doubles > singles ? "'" : '"';
  let out = "";
  for (const ch of value) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch.match(UNSAFE)) out += hexEscape(ch);
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

function escapeDocLine(line: string): string {
  let out = "";
  for (const ch of line) {
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\t") out += "    ";
    else if (ch.match(UNSAFE)) out += hexEscape(ch);
    else out += ch;
  }
  return out.trimEnd();
}

/** Split text into lines on every character Python (or an editor) treats as a line break. */
function lines(text: string): string[] {
  return text.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/);
}

/** A docstring at `indent`, laid out as ruff formats docstrings. Undefined for empty text. */
export function pyDocstring(text: string | undefined, indent: string): string | undefined {
  if (text === undefined) return undefined;
  const body = lines(text).map((l) => escapeDocLine(l.trim()));
  while (body.length && body[0] === "") body.shift();
  while (body.length && body[body.length - 1] === "") body.pop();
  if (body.length === 0) return undefined;
  if (body.length === 1) return `${indent}"""${body[0]}"""`;
  const [first, ...rest] = body;
  return [`${indent}"""${first}`, ...rest.map((l) => (l === "" ? "" : `${indent}${l}`)), `${indent}"""`].join("\n");
}

/** `# ` comment lines; line breaks inside the text become separate comment lines. */
export function pyComment(text: string | undefined, indent: string): string[] {
  if (text === undefined) return [];
  return lines(text)
    .map((l) => l.trim().replace(UNSAFE, hexEscape))
    .filter((l) => l !== "")
    .map((l) => `${indent}# ${l}`);
}

/**
 * SQL for SQLAlchemy's `text()` (which CheckConstraint, op.execute and server_default strings
 * go through): a `:name` it would take for a bind parameter, as in a pattern's `(?:red|…)`, is
 * escaped as `\:name`, which it prints back as written.
 */
export function saText(sql: string): string {
  return sql.replace(/(?<![:\p{L}\p{N}_\\]):([\p{L}\p{N}_]+)(?!:)/gu, "\\:$1");
}
