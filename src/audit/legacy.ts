import { createRequire } from "node:module";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";
import { snakeCase } from "../ir/naming.js";

/**
 * Static reading of legacy SQLAlchemy sources with tree-sitter's Python grammar: nothing is
 * imported or run. What is not understood is recorded, never guessed.
 */

export interface LegacyColumn {
  /** The column's name in the database: the attribute, or the name given (`Column("query", …)`). */
  readonly name: string;
  readonly line: number;
  readonly column: number;
  /** Type as written: `Integer`, `String(64)`, `PGUUID(as_uuid=True)`… */
  readonly typeText: string;
  /** Normalised: integer, string, uuid, text, float, numeric, boolean, datetime, date, json, enum, binary, bigint, unknown */
  readonly type: string;
  readonly length?: number | undefined;
  readonly timezone?: boolean | undefined;
  readonly foreignKey?: { table: string; column: string; onDelete?: string | undefined } | undefined;
  readonly primaryKey: boolean;
  readonly nullable?: boolean | undefined;
  readonly index: boolean;
  readonly unique: boolean;
  /** Python-side `default=` as written (not in the database). */
  readonly defaultText?: string | undefined;
  /** `server_default=` as written (in the database). */
  readonly serverDefaultText?: string | undefined;
  /** For `Enum(...)` columns: the Python enum class, or the literal values, and the type name. */
  readonly enumRef?: { readonly className?: string | undefined; readonly values: readonly string[]; readonly name?: string | undefined } | undefined;
  readonly autoincrement?: boolean | undefined;
  /** `Computed("…")`: a generated column's SQL. */
  readonly computed?: string | undefined;
  /** `DOMAIN("email", String(254), check=…)`: the domain the column is typed with (its base type is the column's type above). */
  readonly domain?: { readonly name: string; readonly check?: string | undefined; readonly constraintName?: string | undefined } | undefined;
  /** `CheckConstraint("…", name=…)` among the column's arguments: a column-level CHECK. */
  readonly checks?: readonly { readonly sql: string; readonly name?: string | undefined }[] | undefined;
}

/** `Index(...)` / `UniqueConstraint(...)` / `CheckConstraint(...)` in `__table_args__`. */
interface LegacyTableArg {
  readonly kind: "index" | "unique" | "check";
  /** A check's SQL, as written. */
  readonly sql?: string | undefined;
  /** An index's `text("…")` key, `postgresql_where=text("…")` and `postgresql_using="…"`. */
  readonly expression?: string | undefined;
  readonly where?: string | undefined;
  readonly using?: string | undefined;
  readonly name?: string | undefined;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly line: number;
}

interface LegacyRelationship {
  readonly name: string;
  readonly line: number;
  readonly target: string;
  readonly backPopulates?: string | undefined;
  /** `secondary=`: the association table, as written (a variable or a table name). */
  readonly secondary?: string | undefined;
}

export interface LegacyClass {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly bases: readonly string[];
  readonly docstring?: string | undefined;
  readonly table?: string | undefined;
  readonly columns: readonly LegacyColumn[];
  readonly relationships: readonly LegacyRelationship[];
  readonly isEnum: boolean;
  readonly enumValues: readonly string[];
  /** Enum members: `DRAFT = "draft"` → { name: DRAFT, value: draft }. */
  readonly enumLabels: readonly { readonly name: string; readonly value: string }[];
  readonly tableArgs: readonly LegacyTableArg[];
  readonly notUnderstood: readonly { line: number; text: string }[];
  /**
   * How the class names its subclasses' tables, when it defines `__tablename__` as a
   * `declared_attr` (`cls.__name__.lower()`): a naming base, as in SQLAlchemy's examples.
   */
  readonly tableNaming?: "lower" | undefined;
  /** `__abstract__ = True`: never mapped to a table of its own. */
  readonly abstract?: boolean | undefined;
  /** Marked as mapping a view: `info={"is_view": True}`, or a base named `…ViewBase`. */
  readonly viewHint?: boolean | undefined;
  /**
   * The class maps a view, not a table (set once every file is read): its `CREATE VIEW` query
   * when a string of the sources holds one.
   */
  readonly view?: { readonly sql?: string | undefined } | undefined;
  /** A Core `Table("name", metadata, Column(...), …)` at module level (an association table): no class maps it. */
  readonly core?: boolean | undefined;
  /** `@declared_attr` functions that build a `Table(...)` per class: tables no static reading can name. */
  readonly dynamicTables?: readonly { readonly line: number; readonly name: string }[] | undefined;
  /** `__mapper_args__`: the discriminator column (`polymorphic_on`) and this class's value of it. */
  readonly polymorphic?: { readonly on?: string | undefined; readonly identity?: string | undefined } | undefined;
}

export interface LegacyFile {
  readonly path: string;
  readonly classes: readonly LegacyClass[];
  /** String literals the code compares or assigns to an attribute or keyword: `x.status == "done"`, `status="done"`. */
  readonly literals: ReadonlyMap<string, readonly string[]>;
  /** The file configures a `naming_convention` (constraint names then differ from PostgreSQL's defaults). */
  readonly namingConvention: boolean;
  /** `CREATE [OR REPLACE] VIEW <name> AS <query>` in a string of the file (a `DDL`, `text` or `op.execute`). */
  readonly views?: readonly { readonly name: string; readonly sql: string; readonly line: number }[] | undefined;
}

/** A Python parser (tree-sitter's WASM grammar), loaded once by the command that reads legacy code. */
interface PythonParser {
  /**
   * The mapped classes and the facts the audit needs of each Python file. Read together, so a
   * custom type (a TypeDecorator) defined in one file types the columns of another.
   */
  parseAll(sources: readonly { readonly path: string; readonly source: string }[]): LegacyFile[];
}

export async function pythonParser(): Promise<PythonParser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const python = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
  const p = new Parser();
  p.setLanguage(python);
  return {
    parseAll(sources) {
      const trees = sources.map((f) => ({ ...f, tree: p.parse(f.source) }));
      // TypeDecorator subclasses anywhere in the sources, by name → the type head of their impl.
      const decorators = new Map<string, string>();
      for (const { tree } of trees) {
        for (const node of tree?.rootNode.namedChildren ?? []) {
          if (node?.type !== "class_definition") continue;
          const bases = (node.childForFieldName("superclasses")?.namedChildren ?? []).map((b) => b?.text ?? "");
          if (!bases.some((b) => /(^|\.)TypeDecorator$/.test(b))) continue;
          for (const stmt of node.childForFieldName("body")?.namedChildren ?? []) {
            const e = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
            if (e?.type === "assignment" && e.childForFieldName("left")?.text === "impl") {
              const impl = e.childForFieldName("right");
              if (impl) decorators.set(node.childForFieldName("name")?.text ?? "", typeHead(impl));
            }
          }
        }
      }
      return withDerivedTables(trees.map(({ path, source, tree }) => parseLegacy(tree, path, source, decorators)));
    },
  };
}

const TYPE_NAMES: Record<string, string> = {
  Integer: "integer", INTEGER: "integer", SmallInteger: "integer", BigInteger: "bigint", BIGINT: "bigint",
  String: "string", VARCHAR: "string", CHAR: "char", Time: "time", TIME: "time", Interval: "interval", INTERVAL: "interval", INET: "inet", TSVECTOR: "tsvector", ARRAY: "array", Unicode: "string", Text: "text", TEXT: "text", UnicodeText: "text",
  Float: "float", FLOAT: "float", Double: "float", REAL: "float", Numeric: "numeric", NUMERIC: "numeric", DECIMAL: "numeric",
  Boolean: "boolean", BOOLEAN: "boolean", DateTime: "datetime", TIMESTAMP: "datetime", Date: "date", DATE: "date",
  UUID: "uuid", PGUUID: "uuid", Uuid: "uuid", JSON: "json", JSONB: "json", JSONType: "json", Enum: "enum", LargeBinary: "binary", BYTEA: "binary",
  CITEXT: "citext", TSVectorType: "tsvector",
};

function unquote(s: string): string {
  return s.replace(/^[rbuf]*("""|'''|"|')/i, "").replace(/("""|'''|"|')$/, "");
}

function keyword(args: Node, name: string): Node | undefined {
  for (const a of args.namedChildren) {
    if (a && a.type === "keyword_argument" && a.childForFieldName("name")?.text === name) return a.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

function calleeName(call: Node): string {
  const f = call.childForFieldName("function");
  return (f?.text ?? "").split(".").pop() ?? "";
}

/**
 * Module-level `x = Table("name", metadata, Column("a_id", ForeignKey("a.id")), …)`: a table no
 * class maps (association tables used as `secondary=`), with its columns and constraints.
 */
function coreTables(root: Node, path: string, types: TypeNames): LegacyClass[] {
  const out: LegacyClass[] = [];
  for (const node of root.namedChildren) {
    const e = node?.type === "expression_statement" ? node.namedChildren[0] : undefined;
    const right = e?.type === "assignment" ? e.childForFieldName("right") : undefined;
    if (!right || right.type !== "call" || calleeName(right) !== "Table") continue;
    const args = right.childForFieldName("arguments")?.namedChildren.filter((x): x is Node => !!x && x.type !== "keyword_argument") ?? [];
    if (args[0]?.type !== "string") continue;
    const columns: LegacyColumn[] = [];
    const tableArgs: LegacyTableArg[] = [];
    const notUnderstood: { line: number; text: string }[] = [];
    for (const a of args.slice(2)) {
      if (a.type === "call" && calleeName(a) === "Column") columns.push(readColumn("", a, undefined, types));
      else tableArgs.push(...readTableArgs(a, notUnderstood));
    }
    out.push({
      name: e!.childForFieldName("left")?.text ?? "",
      file: path,
      line: node!.startPosition.row + 1,
      bases: [],
      table: unquote(args[0].text),
      columns,
      relationships: [],
      isEnum: false,
      enumValues: [],
      enumLabels: [],
      tableArgs,
      notUnderstood,
      core: true,
    });
  }
  return out;
}

/** Module-level `str50 = Annotated[str, mapped_column(String(50))]`: the type and the column it stands for. */
function annotatedAliases(root: Node): Map<string, { type: string; call: Node }> {
  const out = new Map<string, { type: string; call: Node }>();
  for (const node of root.namedChildren) {
    const e = node?.type === "expression_statement" ? node.namedChildren[0] : undefined;
    const right = e?.type === "assignment" ? e.childForFieldName("right") : undefined;
    if (!right || right.type !== "subscript" || !/^(typing\.)?Annotated$/.test(right.childForFieldName("value")?.text ?? "")) continue;
    const [type, ...rest] = right.namedChildren.slice(1);
    const call = rest.find((x) => x?.type === "call" && ["Column", "mapped_column"].includes(calleeName(x)));
    if (type && call) out.set(e!.childForFieldName("left")?.text ?? "", { type: type.text, call });
  }
  return out;
}

/** `Mapped[intpk]` or `Mapped[Optional[str50]]` over an Annotated alias: its column and the annotation it means. */
function annotatedAlias(annotation: string, aliases: ReadonlyMap<string, { type: string; call: Node }>): { call: Node; annotation: string } | undefined {
  const inner = annotation.replace(/^Mapped\[|\]$/g, "");
  const optional = /^Optional\[|\| None$/.test(inner);
  const name = inner.replace(/^Optional\[|\]$|\s*\|\s*None$/g, "");
  const alias = aliases.get(name);
  return alias ? { call: alias.call, annotation: `Mapped[${optional ? `Optional[${alias.type}]` : alias.type}]` } : undefined;
}

/**
 * A SQLModel field, `name: T = Field(...)` (or a plain default, or the annotation alone), as the
 * column SQLModel creates: `str` is a VARCHAR (of `max_length`), `Decimal` a NUMERIC of
 * `max_digits`/`decimal_places`, `Optional`/`| None` nullable, `sa_column=Column(…)` as written.
 */
function sqlModelField(name: string, annotation: string, right: Node | undefined, node: Node, types: TypeNames): LegacyColumn {
  const field = right?.type === "call" && calleeName(right) === "Field" ? right.childForFieldName("arguments")! : undefined;
  const saColumn = field ? keyword(field, "sa_column") : undefined;
  if (saColumn?.type === "call" && ["Column", "mapped_column"].includes(calleeName(saColumn))) return { ...readColumn(name, saColumn, `Mapped[${annotation}]`, types), line: node.startPosition.row + 1 };
  const text = (k: string) => (field ? keyword(field, k)?.text : undefined);
  const inner = annotation.replace(/^Optional\[(.*)\]$/, "$1").replace(/\s*\|\s*None$/, "").trim();
  const optional = inner !== annotation.trim();
  const primaryKey = text("primary_key") === "True";
  const saType = text("sa_type");
  const py = ({ "datetime.date": "date", NaiveDatetime: "datetime", AwareDatetime: "datetime", timedelta: "interval", "datetime.timedelta": "interval", time: "time", "datetime.time": "time", EmailStr: "str" } as Record<string, string>)[inner] ?? inner;
  let type = saType ? (TYPE_NAMES[types(saType.split("(")[0]!.split(".").pop()!)] ?? "unknown") : py === "interval" || py === "time" ? py : annotationType(py);
  const maxLength = text("max_length");
  const digits = text("max_digits");
  const places = text("decimal_places");
  let typeText = saType ?? inner;
  if (type === "numeric" && digits) typeText = `Numeric(${digits}, ${places ?? 0})`;
  if (type === "unknown" && !saType) type = "unknown"; // an enum class: typed by its name below
  const fk = text("foreign_key");
  const [fkTable = "", fkColumn = ""] = fk ? unquote(fk).split(".") : [];
  const ondelete = text("ondelete");
  const nullable = text("nullable");
  const defaultNode = field ? keyword(field, "default") : right;
  return {
    name,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    typeText,
    type,
    length: maxLength && /^\d+$/.test(maxLength) ? Number(maxLength) : undefined,
    // SQLModel types a datetime as UTCDateTime (timezone-aware) unless it says NaiveDatetime.
    timezone: type === "datetime" ? inner !== "NaiveDatetime" : undefined,
    foreignKey: fk ? { table: fkTable, column: fkColumn, onDelete: ondelete ? unquote(ondelete).toUpperCase() : undefined } : undefined,
    primaryKey,
    nullable: nullable !== undefined ? nullable === "True" : primaryKey ? false : optional,
    index: text("index") === "True",
    unique: text("unique") === "True",
    defaultText: defaultNode && defaultNode.text !== "None" && defaultNode.type !== "call" ? defaultNode.text : undefined,
    serverDefaultText: undefined,
  };
}

/** The `Column(...)` / `mapped_column(...)` a call's first argument is, if it is one. */
function columnCall(call: Node): Node | undefined {
  const first = call.childForFieldName("arguments")?.namedChildren.find((x) => x?.type !== "keyword_argument");
  return first?.type === "call" && ["Column", "mapped_column"].includes(calleeName(first)) ? first : undefined;
}

/** `name: Mapped[T]` with no `mapped_column(...)`: the type and nullability from the annotation. */
function annotatedColumn(name: string, annotation: string, node: Node): LegacyColumn {
  const type = annotationType(annotation);
  return {
    name,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    typeText: annotation.replace(/^Mapped\[|\]$/g, ""),
    type,
    timezone: type === "datetime" ? false : undefined,
    primaryKey: false,
    nullable: /Optional\[|\| None/.test(annotation),
    index: false,
    unique: false,
  };
}

/** A `Column(...)` / `mapped_column(...)` call → column facts. */
function readColumn(attribute: string, call: Node, annotation: string | undefined, types: TypeNames): LegacyColumn {
  const args = call.childForFieldName("arguments")!;
  let name = attribute;
  let typeNode: Node | undefined;
  let fk: LegacyColumn["foreignKey"];
  let computed: string | undefined;
  const checks: { sql: string; name?: string | undefined }[] = [];
  for (const a of args.namedChildren) {
    if (!a || a.type === "keyword_argument") continue;
    const head = a.type === "call" ? calleeName(a) : (a.text.split(".").pop() ?? "");
    if (head === "ForeignKey" && a.type === "call") {
      const fargs = a.childForFieldName("arguments")!;
      const target = fargs.namedChildren.find((x) => x?.type === "string");
      const [table = "", column = ""] = unquote(target?.text ?? "").split(".");
      const od = keyword(fargs, "ondelete");
      fk = { table, column, onDelete: od ? unquote(od.text).toUpperCase() : undefined };
    } else if (a.type === "string" && !typeNode) {
      name = unquote(a.text); // the column's name in the database
    } else if (head === "CheckConstraint" && a.type === "call") {
      const cargs = a.childForFieldName("arguments");
      const sql = cargs?.namedChildren.find((x) => x?.type === "string");
      const cname = cargs ? keyword(cargs, "name") : undefined;
      if (sql) checks.push({ sql: unquote(sql.text), name: cname ? unquote(cname.text) : undefined });
    } else if (head === "Computed" && a.type === "call") {
      const sql = a.childForFieldName("arguments")?.namedChildren.find((x) => x?.type === "string");
      if (sql) computed = unquote(sql.text);
    } else if (!typeNode) typeNode = a;
  }
  // DOMAIN(name, base type, check=…): the column holds the base type's values.
  let domain: LegacyColumn["domain"];
  if (typeNode?.type === "call" && calleeName(typeNode) === "DOMAIN") {
    const dargs = typeNode.childForFieldName("arguments")!;
    const positional = dargs.namedChildren.filter((x): x is Node => !!x && x.type !== "keyword_argument");
    const check = keyword(dargs, "check");
    const cname = keyword(dargs, "constraint_name");
    if (positional[0]?.type === "string" && positional[1]) {
      domain = { name: unquote(positional[0].text), check: check ? unquote(check.text) : undefined, constraintName: cname ? unquote(cname.text) : undefined };
      typeNode = positional[1];
    }
  }
  // `MutableDict.as_mutable(JSONB)`: the type it wraps.
  if (typeNode?.type === "call" && calleeName(typeNode) === "as_mutable") typeNode = typeNode.childForFieldName("arguments")?.namedChildren.find((x) => x?.type !== "keyword_argument") ?? typeNode;
  let typeText = typeNode?.text ?? "";
  if (!typeNode && annotation) typeText = annotation.replace(/^Mapped\[|\]$/g, "");
  const written = typeNode ? typeHead(typeNode) : "";
  const head = types(written);
  let type = TYPE_NAMES[head] ?? (typeNode ? "unknown" : annotationType(annotation));
  let length: number | undefined;
  let timezone: boolean | undefined;
  if (typeNode?.type === "call") {
    const targs = typeNode.childForFieldName("arguments")!;
    const first = targs.namedChildren[0];
    if (first?.type === "integer") length = Number(first.text);
    const len = keyword(targs, "length");
    if (len) length = Number(len.text);
    const tz = keyword(targs, "timezone") ?? (type === "datetime" && (first?.type === "true" || first?.type === "false") ? first : undefined);
    if (tz) timezone = tz.text === "True";
  }
  if (type === "datetime" && timezone === undefined) timezone = false; // SQLAlchemy's default: naive
  const flag = (k: string) => keyword(args, k)?.text === "True";
  const nullable = keyword(args, "nullable");
  const def = keyword(args, "default");
  const serverDef = keyword(args, "server_default");
  let enumRef: LegacyColumn["enumRef"];
  if (type === "enum" && typeNode?.type === "call") {
    const targs = typeNode.childForFieldName("arguments")!;
    const positional = targs.namedChildren.filter((x): x is Node => !!x && x.type !== "keyword_argument");
    const nameKw = keyword(targs, "name");
    const literals = positional.filter((x) => x.type === "string").map((x) => unquote(x.text));
    const cls = positional.find((x) => x.type === "identifier" || x.type === "attribute");
    enumRef = { className: cls?.text.split(".").pop(), values: literals, name: nameKw ? unquote(nameKw.text) : undefined };
  }
  const auto = keyword(args, "autoincrement");
  if (!typeNode && !annotation) type = "unknown";
  return {
    name,
    line: call.startPosition.row + 1,
    column: call.startPosition.column + 1,
    typeText: typeText || "(none)",
    type,
    length,
    timezone,
    foreignKey: fk,
    primaryKey: flag("primary_key"),
    nullable: nullable ? nullable.text === "True" : annotation ? /Optional\[|\| None/.test(annotation) : undefined,
    index: flag("index"),
    unique: flag("unique"),
    defaultText: def?.text,
    serverDefaultText: serverDef?.text,
    enumRef,
    autoincrement: auto ? auto.text === "True" : undefined,
    computed,
    ...(checks.length ? { checks } : {}),
    ...(domain ? { domain } : {}),
  };
}

/**
 * Tables of classes that name none themselves, as SQLAlchemy would name them: below a base whose
 * `declared_attr` `__tablename__` is `cls.__name__.lower()`, or a Flask-SQLAlchemy `db.Model`
 * (the class name in snake_case: Flask-SQLAlchemy's `camel_to_snake_case` gives what `snakeCase` does). Only a class with a primary key of its own or from an unmapped
 * base gets one; a subclass of a mapped class without a key of its own is single-table
 * inheritance and stays without a table (its columns are its parent's).
 */
function withDerivedTables(files: LegacyFile[]): LegacyFile[] {
  const ancestors = ancestorLookup(files.flatMap((f) => f.classes));
  const flask = (c: LegacyClass) => c.bases.some((b) => /(^|\.)db\.Model$/.test(b));
  const tables = new Map<LegacyClass, string | undefined>();
  const derive = (c: LegacyClass): string | undefined => {
    if (tables.has(c)) return tables.get(c);
    tables.set(c, undefined); // a cycle of bases names nothing
    let table = c.table;
    // Flask-SQLAlchemy maps a subclass of a mapped model whose table would have no primary key
    // to its parent's table (single-table inheritance), whatever `__tablename__` says.
    if (table !== undefined && (flask(c) || ancestors(c).some(flask)) && !c.columns.some((x) => x.primaryKey) && ancestors(c).some((a) => derive(a) !== undefined)) table = undefined;
    if (table === undefined && !c.abstract && !c.isEnum && !c.tableNaming && !c.bases.some((b) => /DeclarativeBase$/.test(b))) {
      const up = ancestors(c);
      const naming = up.find((a) => a.tableNaming)?.tableNaming ?? (flask(c) || up.some(flask) ? "snake" : undefined);
      const ownKey = c.columns.some((x) => x.primaryKey);
      const mappedAncestor = up.some((a) => derive(a) !== undefined);
      const keyFromBase = up.some((a) => derive(a) === undefined && a.columns.some((x) => x.primaryKey));
      if (naming && (ownKey || (!mappedAncestor && keyFromBase))) table = naming === "lower" ? c.name.toLowerCase() : snakeCase(c.name);
    }
    tables.set(c, table);
    return table;
  };
  const definitions = new Map(files.flatMap((f) => f.views ?? []).map((v) => [v.name, v.sql]));
  const hinted = (c: LegacyClass) => c.viewHint || ancestors(c).some((a) => a.viewHint);
  return files.map((f) => ({ ...f, classes: f.classes.map((c) => {
    const table = derive(c);
    if (table === undefined) return c.table === undefined ? c : { ...c, table: undefined };
    const view = definitions.has(table) || hinted(c) ? { sql: definitions.get(table) } : undefined;
    return { ...c, table, ...(view ? { view } : {}) };
  }) }));
}

/** Every class a class inherits from, nearest first, through the sources' bases (cycles cut). */
export function ancestorLookup(classes: readonly LegacyClass[]): (c: LegacyClass) => LegacyClass[] {
  const baseOf = baseLookup(classes);
  const ancestors = (c: LegacyClass, seen = new Set<LegacyClass>()): LegacyClass[] =>
    c.bases.flatMap((b) => {
      const base = baseOf(c, b);
      if (!base || seen.has(base)) return [];
      seen.add(base);
      return [base, ...ancestors(base, seen)];
    });
  return (c) => ancestors(c);
}

/**
 * Single-table inheritance, by the mapped class whose table holds the rows: the subclasses
 * without a table of their own below it (their columns and relationships are that table's).
 * Read once the tables are derived; the audit and the import share it.
 */
export function singleTableSubclasses(classes: readonly LegacyClass[]): Map<LegacyClass, LegacyClass[]> {
  const ancestors = ancestorLookup(classes);
  const out = new Map<LegacyClass, LegacyClass[]>();
  for (const c of classes) {
    if (c.table !== undefined || c.isEnum || c.abstract) continue;
    const parent = ancestors(c).find((a) => a.table !== undefined && !a.view);
    if (parent) out.set(parent, [...(out.get(parent) ?? []), c]);
  }
  return out;
}

/**
 * The class a base name (`Base`, `models.Base`) refers to: the one in the same file first (example
 * folders define a `Base` in each file), then any class of that name in the sources.
 */
export function baseLookup(classes: readonly LegacyClass[]): (of: LegacyClass, base: string) => LegacyClass | undefined {
  const byName = new Map(classes.map((c) => [c.name, c]));
  const byFileAndName = new Map(classes.map((c) => [`${c.file}\n${c.name}`, c]));
  return (of, base) => {
    const name = base.split(".").pop()!;
    return byFileAndName.get(`${of.file}\n${name}`) ?? byName.get(name);
  };
}

/** The name a type is written with: `String` of `sa.String(64)`, `UUID` of `UUID(as_uuid=True)`. */
function typeHead(node: Node): string {
  const text = node.type === "call" ? (node.childForFieldName("function")?.text ?? "") : node.text;
  return text.split(".").pop() ?? "";
}

/** A type head as written → the SQLAlchemy type it stands for. */
type TypeNames = (written: string) => string;

/**
 * Type names of one file: an import alias (`from …postgresql import UUID as PGUUID2`) names the
 * type it imports; a TypeDecorator (of any of the sources) stands for its `impl`.
 */
function typeNames(root: Node, decorators: ReadonlyMap<string, string>): TypeNames {
  const aliases = new Map<string, string>();
  for (const node of root.namedChildren) {
    if (node?.type !== "import_from_statement") continue;
    for (const a of node.namedChildren) {
      if (a?.type !== "aliased_import") continue;
      const original = a.childForFieldName("name")?.text.split(".").pop();
      const alias = a.childForFieldName("alias")?.text;
      if (original && alias) aliases.set(alias, original);
    }
  }
  return (written) => {
    const head = aliases.get(written) ?? written;
    const impl = decorators.get(head);
    return impl !== undefined ? (aliases.get(impl) ?? impl) : head;
  };
}

function annotationType(annotation: string | undefined): string {
  const inner = (annotation ?? "").replace(/^Mapped\[|\]$/g, "").replace(/Optional\[|\]|\s*\|\s*None/g, "");
  const map: Record<string, string> = { int: "integer", str: "string", float: "float", bool: "boolean", "uuid.UUID": "uuid", UUID: "uuid", datetime: "datetime", "datetime.datetime": "datetime", date: "date", Decimal: "numeric", dict: "json", bytes: "binary" };
  return map[inner] ?? "unknown";
}

function parseLegacy(tree: Tree | null, path: string, source: string, decorators: ReadonlyMap<string, string>): LegacyFile {
  if (!tree) return { path, classes: [], literals: new Map(), namingConvention: false, views: [] };
  const types = typeNames(tree.rootNode, decorators);
  const aliases = annotatedAliases(tree.rootNode);
  const classes: LegacyClass[] = [...coreTables(tree.rootNode, path, types)];
  for (const node of tree.rootNode.namedChildren) {
    const cls = node?.type === "decorated_definition" ? node.childForFieldName("definition") : node;
    if (!cls || cls.type !== "class_definition") continue;
    const name = cls.childForFieldName("name")?.text ?? "";
    const bases = (cls.childForFieldName("superclasses")?.namedChildren ?? []).filter((b): b is Node => !!b && b.type !== "keyword_argument").map((b) => b.text);
    const body = cls.childForFieldName("body");
    const columns: LegacyColumn[] = [];
    const relationships: LegacyRelationship[] = [];
    const notUnderstood: { line: number; text: string }[] = [];
    const dynamicTables: { line: number; name: string }[] = [];
    let polymorphic: LegacyClass["polymorphic"];
    const enumValues: string[] = [];
    const tableArgs: LegacyTableArg[] = [];
    const enumLabels: { name: string; value: string }[] = [];
    let table: string | undefined;
    let tableNaming: "lower" | undefined;
    let abstract = false;
    let docstring: string | undefined;
    const isEnum = bases.some((b) => /(^|\.)(Enum|StrEnum|IntEnum)$/.test(b));
    // SQLModel: `class Hero(SQLModel, table=True)` maps a table named by the class, lower-cased.
    const sqlmodel = (cls.childForFieldName("superclasses")?.namedChildren ?? []).some((b) => b?.type === "keyword_argument" && b.childForFieldName("name")?.text === "table" && b.childForFieldName("value")?.text === "True");
    if (sqlmodel) table = name.toLowerCase();
    // Its fields, and those of the SQLModel bases it inherits them from (`HeroBase(SQLModel)`).
    const sqlmodelFields = sqlmodel || bases.some((b) => /(^|\.)SQLModel$/.test(b));
    for (const [i, stmt] of (body?.namedChildren ?? []).entries()) {
      if (!stmt) continue;
      if (stmt.type === "expression_statement") {
        const e = stmt.namedChildren[0];
        if (i === 0 && e?.type === "string") {
          docstring = unquote(e.text).trim();
          continue;
        }
        if (e?.type !== "assignment") {
          notUnderstood.push({ line: stmt.startPosition.row + 1, text: stmt.text.split("\n")[0]! });
          continue;
        }
        const left = e.childForFieldName("left")?.text ?? "";
        const right = e.childForFieldName("right");
        const annotation = e.childForFieldName("type")?.text;
        if (isEnum) {
          if (right?.type === "string") {
            enumValues.push(unquote(right.text));
            enumLabels.push({ name: left, value: unquote(right.text) });
          }
          continue;
        }
        if (sqlmodelFields && !left.startsWith("__") && annotation !== undefined && !(right?.type === "call" && calleeName(right) === "Relationship")) {
          columns.push(sqlModelField(left, annotation, right ?? undefined, e, types));
          continue;
        }
        if (sqlmodelFields && right?.type === "call" && calleeName(right) === "Relationship") {
          const bp = keyword(right.childForFieldName("arguments")!, "back_populates");
          const target = (annotation ?? "").replace(/^(Optional\[|list\[|List\[)|\]$|["']|\s*\|\s*None/g, "");
          relationships.push({ name: left, line: e.startPosition.row + 1, target, backPopulates: bp ? unquote(bp.text) : undefined });
          continue;
        }
        if (left === "__tablename__" && right?.type === "string") table = unquote(right.text);
        else if (left === "__abstract__") abstract = right?.text === "True";
        else if (left === "__table_args__" && right) tableArgs.push(...readTableArgs(right, notUnderstood));
        else if (left === "__mapper_args__" && right?.type === "dictionary") {
          const pairs = right.namedChildren.filter((x): x is Node => x?.type === "pair");
          const get = (k: string) => pairs.find((x) => unquote(x.childForFieldName("key")?.text ?? "") === k)?.childForFieldName("value");
          const on = get("polymorphic_on");
          const identity = get("polymorphic_identity");
          polymorphic = { on: on ? unquote(on.text).split(".").pop() : undefined, identity: identity?.type === "string" ? unquote(identity.text) : undefined };
        }
        else if (left.startsWith("__")) continue;
        else if (right?.type === "call" && ["Column", "mapped_column"].includes(calleeName(right))) {
          const alias = annotation ? annotatedAlias(annotation, aliases) : undefined;
          const own = readColumn(left, right, alias?.annotation ?? annotation, types);
          // An Annotated alias's column, with what the attribute's own call adds (SQLAlchemy merges them).
          const base = alias ? readColumn(left, alias.call, alias.annotation, types) : undefined;
          const typed = !base || own.typeText !== alias!.annotation.replace(/^Mapped\[|\]$/g, "");
          columns.push(
            base
              ? {
                  ...own,
                  ...(typed ? {} : { type: base.type, typeText: base.typeText, length: base.length, timezone: base.timezone, enumRef: base.enumRef }),
                  primaryKey: own.primaryKey || base.primaryKey,
                  nullable: own.nullable ?? base.nullable,
                  index: own.index || base.index,
                  unique: own.unique || base.unique,
                  foreignKey: own.foreignKey ?? base.foreignKey,
                  defaultText: own.defaultText ?? base.defaultText,
                  serverDefaultText: own.serverDefaultText ?? base.serverDefaultText,
                }
              : own,
          );
        }
        else if (right?.type === "call" && calleeName(right) === "column_property" && columnCall(right)) {
          // `column_property(Column(...), Parent.x)`: the column this class's table holds.
          columns.push(readColumn(left, columnCall(right)!, annotation, types));
        }
        else if (right?.type === "call" && calleeName(right) === "relationship") {
          const rargs = right.childForFieldName("arguments")!;
          const target = rargs.namedChildren.find((x) => x?.type === "string" || x?.type === "identifier");
          const bp = keyword(rargs, "back_populates");
          const secondary = keyword(rargs, "secondary");
          relationships.push({
            name: left,
            line: e.startPosition.row + 1,
            target: target ? unquote(target.text) : (annotation?.replace(/^Mapped\[(list\[)?|\]+$/g, "").replace(/["']/g, "") ?? "?"),
            backPopulates: bp ? unquote(bp.text) : undefined,
            secondary: secondary ? unquote(secondary.text) : undefined,
          });
        } else if (!right && annotation?.startsWith("Mapped[")) {
          // `name: Mapped[str]`: a column typed by its annotation alone (SQLAlchemy 2.0).
          const alias = annotatedAlias(annotation, aliases);
          // `id: Mapped[intpk]` with `intpk = Annotated[int, mapped_column(primary_key=True)]`.
          if (alias) columns.push({ ...readColumn(left, alias.call, alias.annotation, types), line: e.startPosition.row + 1, column: e.startPosition.column + 1 });
          else columns.push(annotatedColumn(left, annotation, e));
        } else notUnderstood.push({ line: e.startPosition.row + 1, text: e.text.split("\n")[0]! });
      } else if (stmt.type === "decorated_definition") {
        // `@declared_attr def tenant_id(cls): return Column(...)`
        const fn = stmt.childForFieldName("definition");
        const fname = fn?.childForFieldName("name")?.text ?? "";
        const ret = fn?.childForFieldName("body")?.namedChildren.find((x) => x?.type === "return_statement")?.namedChildren[0];
        if (fname === "__tablename__" && stmt.text.includes("declared_attr") && /^cls\.__name__\.lower\(\)$/.test(ret?.text ?? "")) {
          tableNaming = "lower";
        } else if (stmt.text.includes("declared_attr") && ret?.type === "call" && ["Column", "mapped_column"].includes(calleeName(ret))) {
          columns.push(readColumn(fname, ret, undefined, types));
        } else if (stmt.text.includes("declared_attr") && ret?.type === "call" && ret.descendantsOfType("call").some((c) => c && ["Column", "mapped_column"].includes(calleeName(c)))) {
          // `return Person.__table__.c.get("status", mapped_column(String(30)))`: single-table
          // subclasses sharing a column of their parent's table.
          const inner = ret.descendantsOfType("call").find((c) => c && ["Column", "mapped_column"].includes(calleeName(c)))!;
          columns.push({ ...readColumn(fname, inner, undefined, types), line: stmt.startPosition.row + 1 });
        } else if (stmt.text.includes("declared_attr") && fn?.descendantsOfType("call").some((c) => c && calleeName(c) === "Table")) {
          dynamicTables.push({ line: stmt.startPosition.row + 1, name: fname });
        } else if (stmt.text.includes("declared_attr")) notUnderstood.push({ line: stmt.startPosition.row + 1, text: `@declared_attr def ${fname}` });
        // Any other decorated function is a method (a hybrid_property, validator, staticmethod…): no column.
      } else if (!["function_definition", "class_definition", "pass_statement", "comment"].includes(stmt.type)) {
        notUnderstood.push({ line: stmt.startPosition.row + 1, text: stmt.text.split("\n")[0]! });
      }
    }
    const viewHint = /["']is_view["']\s*:\s*True/.test(cls.text) || bases.some((b) => /ViewBase$/.test(b));
    classes.push({ name, file: path, line: cls.startPosition.row + 1, bases, docstring, table, columns, relationships, isEnum, enumValues, enumLabels, tableArgs, notUnderstood, tableNaming, abstract, viewHint, ...(dynamicTables.length ? { dynamicTables } : {}), ...(polymorphic ? { polymorphic } : {}) });
  }
  return { path, classes, literals: literalUses(tree.rootNode), namingConvention: /\bnaming_convention\b/.test(source), views: viewDefinitions(tree.rootNode) };
}

const CREATE_VIEW = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"?public"?\.)?("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s+AS\s+([\s\S]*?);?\s*$/i;

/** Every `CREATE VIEW` a string literal of the file holds, with its name as PostgreSQL stores it. */
function viewDefinitions(root: Node): { name: string; sql: string; line: number }[] {
  return root.descendantsOfType("string").flatMap((n) => {
    // A raw string keeps its backslashes; any other reads its escapes (`\n` in `op.execute("…")`).
    const text = n && /^[bu]*r/i.test(n.text) ? unquote(n.text) : unquote(n?.text ?? "").replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t" })[c] ?? c);
    const m = n ? CREATE_VIEW.exec(text) : null;
    if (!n || !m) return [];
    const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!.toLowerCase();
    return [{ name, sql: m[2]!.trim(), line: n.startPosition.row + 1 }];
  });
}

/** `(Index("ix", "a", "b"), UniqueConstraint("a", name="uq"), {...})` → indexes and unique constraints. */
function readTableArgs(node: Node, notUnderstood: { line: number; text: string }[]): LegacyTableArg[] {
  const items = node.type === "tuple" || node.type === "list" ? node.namedChildren : [node];
  const out: LegacyTableArg[] = [];
  for (const item of items) {
    if (!item || item.type === "dictionary") continue; // table options: schema, comment…
    const head = item.type === "call" ? calleeName(item) : "";
    const args = item.type === "call" ? item.childForFieldName("arguments") : null;
    if (args && head === "CheckConstraint") {
      const sql = args.namedChildren.find((x): x is Node => !!x && x.type !== "keyword_argument");
      const nameKw = keyword(args, "name");
      if (!sql || sql.type !== "string") {
        notUnderstood.push({ line: item.startPosition.row + 1, text: `__table_args__: ${item.text.split("\n")[0]} (only a SQL string is understood)` });
        continue;
      }
      out.push({ kind: "check", sql: unquote(sql.text), name: nameKw ? unquote(nameKw.text) : undefined, columns: [], unique: false, line: item.startPosition.row + 1 });
      continue;
    }
    if (!args || (head !== "Index" && head !== "UniqueConstraint")) {
      notUnderstood.push({ line: item.startPosition.row + 1, text: `__table_args__: ${item.text.split("\n")[0]}` });
      continue;
    }
    const positional = args.namedChildren.filter((x): x is Node => !!x && x.type !== "keyword_argument");
    // text("…") in a call: its SQL string.
    const sqlOf = (x: Node | undefined) => {
      if (!x || x.type !== "call" || calleeName(x) !== "text") return undefined;
      const s = x.childForFieldName("arguments")?.namedChildren.find((a) => a?.type === "string");
      return s ? unquote(s.text) : undefined;
    };
    if (head === "Index" && positional.length === 2 && positional[0]!.type === "string" && sqlOf(positional[1]) !== undefined) {
      const using = keyword(args, "postgresql_using");
      out.push({
        kind: "index",
        name: unquote(positional[0]!.text),
        columns: [],
        expression: sqlOf(positional[1]),
        where: sqlOf(keyword(args, "postgresql_where")),
        using: using ? unquote(using.text) : undefined,
        unique: keyword(args, "unique")?.text === "True",
        line: item.startPosition.row + 1,
      });
      continue;
    }
    if (positional.some((x) => x.type !== "string")) {
      notUnderstood.push({ line: item.startPosition.row + 1, text: `__table_args__: ${item.text.split("\n")[0]} (only column names are understood)` });
      continue;
    }
    const strings = positional.map((x) => unquote(x.text));
    const nameKw = keyword(args, "name");
    if (head === "Index") {
      const [name, ...columns] = strings;
      const using = keyword(args, "postgresql_using");
      out.push({
        kind: "index",
        name,
        columns,
        where: sqlOf(keyword(args, "postgresql_where")),
        using: using ? unquote(using.text) : undefined,
        unique: keyword(args, "unique")?.text === "True",
        line: item.startPosition.row + 1,
      });
    } else out.push({ kind: "unique", name: nameKw ? unquote(nameKw.text) : undefined, columns: strings, unique: true, line: item.startPosition.row + 1 });
  }
  return out;
}

/** String literals compared with or assigned to a name anywhere in the module: the values seen. */
function literalUses(root: Node): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (name: string, value: Node | null | undefined) => {
    if (!value) return;
    const values = value.type === "string" ? [value] : ["tuple", "list", "set"].includes(value.type) ? value.namedChildren : [];
    for (const v of values) {
      if (v?.type !== "string") continue;
      const set = out.get(name) ?? new Set<string>();
      set.add(unquote(v.text));
      out.set(name, set);
    }
  };
  const visit = (n: Node) => {
    if (n.type === "comparison_operator" && n.namedChildren.length === 2) {
      const [l, r] = n.namedChildren;
      const name = l?.type === "attribute" ? l.childForFieldName("attribute")?.text : l?.type === "identifier" ? l.text : undefined;
      if (name) add(name, r);
    } else if (n.type === "keyword_argument") {
      const name = n.childForFieldName("name")?.text;
      if (name && name !== "default" && name !== "server_default") add(name, n.childForFieldName("value"));
    } else if (n.type === "assignment") {
      const l = n.childForFieldName("left");
      if (l?.type === "attribute") add(l.childForFieldName("attribute")?.text ?? "", n.childForFieldName("right"));
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
