/**
 * Field patterns, one text for three regex dialects: Pydantic's (the Rust `regex` crate),
 * JavaScript's RegExp with the `u` flag (zod) and PostgreSQL's advanced regular expressions
 * (`~` in a CHECK). A spec's pattern is read in a subset the three agree on and printed back in
 * a form that means the same in each: `\d` as `[0-9]` (Rust's `\d` is any Unicode digit), `.`
 * as "not a line terminator" (PostgreSQL's `.` matches a newline), groups as `(?:…)`. All
 * three search (an unanchored pattern matches anywhere), as a pattern does in the spec.
 */

interface PatternError {
  readonly message: string;
  /** Offset of the problem in the pattern text. */
  readonly offset: number;
  readonly hint?: string | undefined;
}

const SPECIAL = new Set([..."^$\\.*+?()[]{}|"]);
const CLASS_SPECIAL = new Set([..."\\]-[^"]);
const SHORTHAND: Record<string, string> = { d: "0-9", w: "A-Za-z0-9_", s: " \\t\\n\\r\\f\\v" };
const CONTROL: Record<string, string> = { n: "\\n", t: "\\t", r: "\\r", f: "\\f", v: "\\v" };
const DOT = "[^\\n\\r\\u2028\\u2029]";
/** PostgreSQL's limit on a bound (RE_DUP_MAX). */
const MAX_REPEAT = 255;

const hex4 = (cp: number) => `\\u${cp.toString(16).padStart(4, "0")}`;

function literal(ch: string, inClass: boolean): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f || cp === 0x2028 || cp === 0x2029) return hex4(cp);
  if ((inClass ? CLASS_SPECIAL : SPECIAL).has(ch)) return `\\${ch}`;
  return ch;
}

/** The pattern in the portable form, or the first problem in it. */
export function portablePattern(source: string): { pattern: string } | { error: PatternError } {
  const chars = [...source];
  // Offsets in UTF-16 units, as the spec file's columns count.
  const offsets: number[] = [];
  let o = 0;
  for (const c of chars) {
    offsets.push(o);
    o += c.length;
  }
  offsets.push(o);
  let i = 0;
  const fail = (message: string, at = i, hint?: string): never => {
    throw { message, offset: offsets[Math.min(at, chars.length)]!, hint } satisfies PatternError;
  };
  const peek = () => chars[i];

  function escape(inClass: boolean): string {
    const at = i;
    i++; // the backslash
    const c = chars[i++];
    if (c === undefined) return fail("the pattern ends with a lone backslash", at);
    if (c in SHORTHAND) return inClass ? SHORTHAND[c]! : `[${SHORTHAND[c]}]`;
    if (c === "D" || c === "W" || c === "S") {
      if (inClass) return fail(`\\${c} inside [...] has no portable form`, at, "list what the class allows instead");
      return `[^${SHORTHAND[c.toLowerCase()]}]`;
    }
    if (c in CONTROL) return CONTROL[c]!;
    if (c === "u") {
      const digits = chars.slice(i, i + 4).join("");
      if (!/^[0-9a-fA-F]{4}$/.test(digits)) return fail("\\u takes exactly four hexadecimal digits", at);
      i += 4;
      return literal(String.fromCodePoint(parseInt(digits, 16)), inClass);
    }
    if (/[0-9]/.test(c)) return fail("back-references are not portable (the Rust regex engine has none)", at);
    if (c === "b" || c === "B") return fail(`\\${c} means a word boundary in Python and JavaScript but a backspace in PostgreSQL`, at);
    if (/[A-Za-z]/.test(c)) return fail(`\\${c} is not portable between Pydantic, JavaScript and PostgreSQL`, at, "use a character class such as [A-Za-z]");
    return literal(c, inClass);
  }

  function charClass(): string {
    const open = i;
    i++; // [
    let out = "[";
    if (peek() === "^") {
      out += "^";
      i++;
    }
    if (peek() === "]") fail("an empty or ambiguous class: write a literal ] as \\]");
    let items = 0;
    for (;;) {
      const c = peek();
      if (c === undefined) return fail("this [ is never closed", open);
      if (c === "]") break;
      if (c === "[") return fail("[ inside a class (nested classes, [:alpha:]) is not portable: write it as \\[", i);
      let lo: string;
      let loChar: string | undefined;
      if (c === "\\") {
        lo = escape(true);
        if (lo.length === 1 || /^\\u[0-9a-f]{4}$|^\\.$/.test(lo)) loChar = decodeOne(lo);
      } else {
        lo = literal(c, true);
        loChar = c;
        i++;
      }
      if (peek() === "-" && chars[i + 1] !== "]" && chars[i + 1] !== undefined) {
        const dash = i;
        i++;
        let hi: string;
        let hiChar: string | undefined;
        if (peek() === "\\") {
          hi = escape(true);
          hiChar = decodeOne(hi);
        } else {
          hiChar = peek();
          hi = literal(hiChar!, true);
          i++;
        }
        if (loChar === undefined || hiChar === undefined) return fail("a range needs a single character at each end", dash);
        if (loChar.codePointAt(0)! > hiChar.codePointAt(0)!) return fail(`the range ${loChar}-${hiChar} is backwards`, dash);
        out += `${lo}-${hi}`;
      } else if (peek() === "-" && chars[i + 1] === "]") {
        out += `${lo}\\-`;
        i++;
      } else out += lo;
      items++;
    }
    i++; // ]
    if (items === 0) fail("an empty class matches nothing", open);
    return `${out}]`;
  }

  function quantifier(): string | undefined {
    const c = peek();
    if (c === "*" || c === "+" || c === "?") {
      i++;
      return c;
    }
    if (c !== "{") return undefined;
    const at = i;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(chars.slice(i, i + 16).join(""));
    if (!m) return fail("a lone { is not portable: write \\{, or a bound such as {2,5}", at);
    const min = Number(m[1]);
    const max = m[3] === undefined || m[3] === "" ? undefined : Number(m[3]);
    if (min > MAX_REPEAT || (max ?? 0) > MAX_REPEAT) return fail(`PostgreSQL repeats at most ${MAX_REPEAT} times in a bound`, at);
    if (max !== undefined && max < min) return fail(`the bound {${min},${max}} is backwards`, at);
    i += m[0].length;
    return m[0];
  }

  function sequence(depth: number): string {
    let out = "";
    for (;;) {
      const c = peek();
      if (c === undefined || c === "|" || (c === ")" && depth > 0)) return out;
      const at = i;
      let atom: string;
      let quantifiable = true;
      if (c === "(") {
        i++;
        if (peek() === "?") {
          if (chars[i + 1] !== ":") return fail("lookarounds, named groups and flags are not portable (the Rust regex engine has no lookaround)", i);
          i += 2;
        }
        const inner = alternation(depth + 1);
        if (peek() !== ")") return fail("this ( is never closed", at);
        i++;
        atom = `(?:${inner})`;
      } else if (c === ")") return fail("this ) closes no group");
      else if (c === "[") atom = charClass();
      else if (c === "\\") atom = escape(false);
      else if (c === ".") {
        i++;
        atom = DOT;
      } else if (c === "^" || c === "$") {
        i++;
        atom = c;
        quantifiable = false;
      } else if (c === "*" || c === "+" || c === "?" || c === "{") {
        if (c === "{" && !/^\{\d/.test(chars.slice(i, i + 2).join(""))) return fail("a lone { is not portable: write \\{");
        return fail(`${c} has nothing to repeat`);
      } else if (c === "]" || c === "}") {
        return fail(`a lone ${c} is not portable: write \\${c}`);
      } else {
        i++;
        atom = literal(c, false);
      }
      const q = quantifier();
      if (q !== undefined) {
        if (!quantifiable) return fail("an anchor cannot be repeated", at);
        if (peek() === "?" || peek() === "+") return fail("lazy and possessive repeats are not portable; they do not change what matches: remove this", i);
        if (peek() === "*" || peek() === "{") return fail("a repeat of a repeat: group it first, e.g. (?:a+)*", i);
        out += atom + q;
      } else out += atom;
    }
  }

  function alternation(depth: number): string {
    const parts = [sequence(depth)];
    while (peek() === "|") {
      i++;
      parts.push(sequence(depth));
    }
    return parts.join("|");
  }

  try {
    if (source.length === 0) fail("an empty pattern matches every value", 0, "remove `pattern`, or say what a value must look like");
    const pattern = alternation(0);
    if (i < chars.length) fail(`unexpected ${chars[i]}`);
    return { pattern };
  } catch (e) {
    if (e && typeof e === "object" && "offset" in e) return { error: e as PatternError };
    throw e;
  }
}

/** The one character an escape printed by `literal` or CONTROL stands for. */
function decodeOne(printed: string): string | undefined {
  if (printed.length === 1) return printed;
  if (/^\\u[0-9a-f]{4}$/.test(printed)) return String.fromCodePoint(parseInt(printed.slice(2), 16));
  const control: Record<string, string> = { "\\n": "\n", "\\t": "\t", "\\r": "\r", "\\f": "\f", "\\v": "\v" };
  if (control[printed]) return control[printed];
  if (/^\\.$/.test(printed)) return printed[1];
  if ([...printed].length === 1) return printed;
  return undefined;
}
