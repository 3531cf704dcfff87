/**
 * Line layout as ruff's formatter (black style) writes it, for the few shapes we emit:
 * calls, tuples and lists. Generated Python is written already formatted (STYLE), and a
 * test runs `ruff format --check` on it to prove it.
 */
const LINE_LENGTH = 88;

export type PyExpr = string | PyGroup;

export interface PyGroup {
  /** Text up to and including the opening bracket: `mapped_column(`, `(`, `[`. */
  readonly open: string;
  readonly args: readonly PyExpr[];
  readonly close: string;
  /** A magic trailing comma: always one element per line. */
  readonly explode?: boolean;
}

export const call = (name: string, args: readonly PyExpr[]): PyGroup => ({ open: `${name}(`, args, close: ")" });

export function flat(e: PyExpr): string {
  if (typeof e === "string") return e;
  // A one-element tuple keeps its comma (`(x,)`); ruff does not count it as a magic comma.
  const comma = e.open === "(" && e.args.length === 1 ? "," : "";
  return `${e.open}${e.args.map(flat).join(", ")}${comma}${e.close}`;
}

/** Lay out `prefix + expr + suffix` at an indent of `level` × 4 spaces. */
export function layout(prefix: string, e: PyExpr, suffix = "", level = 0): string[] {
  const ind = "    ".repeat(level);
  const one = `${ind}${prefix}${flat(e)}${suffix}`;
  if (typeof e === "string" || e.args.length === 0) return [one];
  if (!e.explode && one.length <= LINE_LENGTH) return [one];
  const head = `${ind}${prefix}${e.open}`;
  const tail = `${ind}${e.close}${suffix}`;
  // A bare bracket is a collection literal: once split, it gets a magic trailing comma and
  // one element per line. Calls first try to hug their arguments on one indented line.
  const collection = e.open === "(" || e.open === "[" || e.open === "{";
  const body = `${ind}    ${e.args.map(flat).join(", ")}`;
  if (!e.explode && !collection && body.length <= LINE_LENGTH) return [head, body, tail];
  return [head, ...e.args.flatMap((a) => layout("", a, ",", level + 1)), tail];
}

/**
 * `target: annotation = value`, laid out as ruff does: flat; else split the value's own
 * brackets if its first line fits; else wrap the value in parentheses if `target: ann = (`
 * fits; else split the annotation's subscript (`Mapped[` … `] = value`).
 */
export function annotated(target: string, annotation: PyExpr, value: PyExpr, level: number): string[] {
  const ind = "    ".repeat(level);
  const prefix = `${target}: ${flat(annotation)} = `;
  const one = `${ind}${prefix}${flat(value)}`;
  if (one.length <= LINE_LENGTH) return [one];
  if (typeof value !== "string" && `${ind}${prefix}${value.open}`.length <= LINE_LENGTH) return layout(prefix, value, "", level);
  if (`${ind}${prefix}(`.length <= LINE_LENGTH) return [`${ind}${prefix}(`, ...layout("", value, "", level + 1), `${ind})`];
  if (typeof annotation === "string") return layout(prefix, value, "", level);
  // Several subscript elements (`Annotated[T | None, NotNull()]`) hug one line when they fit,
  // else go one per line with a trailing comma.
  const hugged = `${ind}    ${annotation.args.map(flat).join(", ")}`;
  const inner =
    annotation.args.length === 1
      ? subscript(annotation.args[0]!, level + 1)
      : hugged.length <= LINE_LENGTH
        ? [hugged]
        : annotation.args.flatMap((a) => layout("", a, ",", level + 1));
  return [`${ind}${target}: ${annotation.open}`, ...inner, ...layout(`${annotation.close} = `, value, "", level)];
}

/** A subscript's content: flat when it fits, else split at its own bracket (no trailing comma). */
function subscript(e: PyExpr, level: number): string[] {
  const ind = "    ".repeat(level);
  const one = `${ind}${flat(e)}`;
  if (one.length <= LINE_LENGTH) return [one];
  if (typeof e === "string") {
    // A union too long for a line: ruff puts each member on its own, `|` leading.
    const members = e.split(" | ");
    return members.length > 1 && members.every((m) => !/[[(]/.test(m)) ? members.map((m, i) => `${ind}${i ? "| " : ""}${m}`) : [one];
  }
  return [`${ind}${e.open}`, ...e.args.flatMap((a) => subscript(a, level + 1)), `${ind}${e.close}`];
}

type Section = "future" | "stdlib" | "thirdparty" | "local";
const SECTIONS: readonly Section[] = ["future", "stdlib", "thirdparty", "local"];
const STDLIB = new Set(["__future__", "datetime", "decimal", "enum", "ipaddress", "typing", "uuid"]);

/**
 * Collects imports and prints them sorted as ruff's isort rules (I001) expect. Names a spec
 * puts in the same module (a field called `text`, a model called `Index`) are reserved first:
 * an import that would be shadowed by one is bound to `_name` instead. Spec names are
 * snake_case or PascalCase and never start with `_`, so the alias is always free.
 */
export class Imports {
  private readonly modules = new Map<string, string>();
  private readonly from = new Map<string, Set<string>>();
  private readonly aliased = new Map<string, Set<string>>();
  private readonly taken = new Set<string>();

  /** Names the module itself binds (fields, relations, classes): imports must not shadow them. */
  reserve(names: Iterable<string>): this {
    for (const n of names) this.taken.add(n);
    return this;
  }

  /** `import name`; answers the name to write (`_name` when reserved). */
  module(name: string): string {
    const local = this.taken.has(name) ? `_${name}` : name;
    this.modules.set(name, local);
    return local;
  }

  /** `from module import name`; answers the name to write (`_name` when reserved). */
  use(module: string, name: string): string {
    if (!this.taken.has(name)) {
      this.add(module, name);
      return name;
    }
    const set = this.aliased.get(module) ?? new Set<string>();
    set.add(name);
    this.aliased.set(module, set);
    return `_${name}`;
  }

  add(module: string, ...names: string[]): this {
    // A `__future__` import is a compiler directive: a later binding of its name is harmless.
    for (const n of names) if (module !== "__future__" && this.taken.has(n)) throw new Error(`import ${n} from ${module} is shadowed: use Imports.use`);
    const set = this.from.get(module) ?? new Set<string>();
    for (const n of names) set.add(n);
    this.from.set(module, set);
    return this;
  }

  /** The import block; `level` indents it (for `if TYPE_CHECKING:`). */
  render(level = 0): string {
    const ind = "    ".repeat(level);
    const width = LINE_LENGTH - ind.length;
    const blocks: string[] = [];
    for (const section of SECTIONS) {
      const lines: string[] = [];
      const plain = [...this.modules].filter(([m]) => sectionOf(m) === section).sort(([a], [b]) => compareModules(a, b));
      for (const [m, local] of plain) lines.push(`${ind}import ${m}${local === m ? "" : ` as ${local}`}`);
      const mods = [...new Set([...this.from.keys(), ...this.aliased.keys()])].filter((m) => sectionOf(m) === section).sort(compareModules);
      for (const m of mods) {
        // ruff's isort (combine-as-imports off): the plain names on one statement, each aliased
        // name on a statement of its own, the statements ordered by their first name.
        const statements: { first: string; lines: string[] }[] = [];
        const names = [...(this.from.get(m) ?? [])].sort(compareMembers);
        if (names.length) {
          const one = `from ${m} import ${names.join(", ")}`;
          // Imports that do not fit are always exploded, one name per line (black/ruff).
          statements.push({
            first: names[0]!,
            lines: one.length <= width ? [`${ind}${one}`] : [`${ind}from ${m} import (`, ...names.map((n) => `${ind}    ${n},`), `${ind})`],
          });
        }
        for (const n of this.aliased.get(m) ?? []) {
          const one = `from ${m} import ${n} as _${n}`;
          statements.push({ first: n, lines: one.length <= width ? [`${ind}${one}`] : [`${ind}from ${m} import (`, `${ind}    ${n} as _${n},`, `${ind})`] });
        }
        for (const st of statements.sort((a, b) => compareMembers(a.first, b.first))) lines.push(...st.lines);
      }
      if (lines.length) blocks.push(lines.join("\n"));
    }
    return blocks.join("\n\n");
  }
}

function sectionOf(module: string): Section {
  if (module === "__future__") return "future";
  if (module.startsWith(".")) return "local";
  return STDLIB.has(module.split(".")[0]!) ? "stdlib" : "thirdparty";
}

function compareModules(a: string, b: string): number {
  // Relative imports: furthest first (`..x` before `.y`), as ruff's default.
  const da = a.length - a.replace(/^\.+/, "").length;
  const db = b.length - b.replace(/^\.+/, "").length;
  if (da !== db) return db - da;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

function memberRank(name: string): number {
  if (name.length > 1 && name === name.toUpperCase()) return 0; // CONSTANT
  if (/^[A-Z]/.test(name)) return 1; // Class
  return 2; // function or variable
}

function compareMembers(a: string, b: string): number {
  const ra = memberRank(a);
  const rb = memberRank(b);
  if (ra !== rb) return ra - rb;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
