import { conditionalGroup, group, hardline, ifBreak, indent, indentIfBreak, join, line, printDoc, softline, breakParent, willBreak, type Doc } from "./doc.js";

/**
 * The expressions the TypeScript target writes, as a tiny syntax tree, laid out the way
 * prettier 3 lays them out (printWidth 100, trailing commas, double quotes): member chains,
 * call arguments with the last argument hugged, objects, arrays, arrows and assignments follow
 * prettier's decisions for these node kinds. Nothing else is supported, on purpose.
 */
export type Expr =
  /** An identifier, number or other token that never breaks. */
  | { readonly k: "id"; readonly text: string }
  /** A string literal, already quoted. */
  | { readonly k: "str"; readonly text: string }
  | { readonly k: "neg"; readonly arg: Expr }
  | { readonly k: "member"; readonly object: Expr; readonly prop: string }
  | { readonly k: "call"; readonly callee: Expr; readonly args: readonly Expr[] }
  /** `expanded`: written with a line break after `{`, which prettier keeps. */
  | { readonly k: "obj"; readonly props: readonly Prop[]; readonly expanded?: boolean }
  | { readonly k: "arr"; readonly items: readonly Expr[] }
  /** `params` is printed as written (it never breaks); an object body is parenthesized. */
  | { readonly k: "arrow"; readonly params: string; readonly body: Expr }
  | { readonly k: "as"; readonly expr: Expr; readonly type: string };

/** A property, with the doc comment written above it (a `/** … *\/` block, unindented). */
export type Prop = { readonly key: string; readonly value: Expr; readonly comment?: string | undefined } | { readonly shorthand: string };

/** A block comment's lines as prettier reprints a JSDoc comment: continuation lines start with " ". */
function commentDoc(comment: string): Doc {
  const lines = comment.split("\n").map((l, i) => (i === 0 ? l.trim() : ` ${l.trim()}`));
  return [join(hardline, lines), hardline];
}

export const id = (text: string): Expr => ({ k: "id", text });
export const str = (quoted: string): Expr => ({ k: "str", text: quoted });
export const num = (n: number | string): Expr => (String(n).startsWith("-") ? { k: "neg", arg: id(String(n).slice(1)) } : id(String(n)));
export const call = (callee: Expr | string, ...args: Expr[]): Expr => ({ k: "call", callee: typeof callee === "string" ? id(callee) : callee, args });
export const member = (object: Expr | string, prop: string): Expr => ({ k: "member", object: typeof object === "string" ? id(object) : object, prop });
/** `a.b.c` from a dotted path. */
export const path = (dotted: string): Expr => dotted.split(".").slice(1).reduce<Expr>((o, p) => member(o, p), id(dotted.split(".")[0]!));
/** `head.m1(args).m2(args)…` */
export function chain(head: Expr, ...calls: readonly (readonly [string, ...Expr[]])[]): Expr {
  return calls.reduce<Expr>((e, [name, ...args]) => call(member(e, name), ...args), head);
}
export const obj = (props: readonly Prop[], expanded = false): Expr => ({ k: "obj", props, expanded });
export const prop = (key: string, value: Expr, comment?: string): Prop => ({ key, value, comment });
export const arr = (items: readonly Expr[]): Expr => ({ k: "arr", items });
export const arrow = (params: string, body: Expr): Expr => ({ k: "arrow", params, body });

const PRINT_WIDTH = 100;

/**
 * A double-quoted literal requoted as prettier prints strings: double quotes unless the text
 * holds more of them than single quotes; only the enclosing quote escaped.
 */
function preferredQuotes(quoted: string): string {
  const raw = quoted.slice(1, -1);
  const doubles = (raw.match(/"/g) ?? []).length;
  const singles = (raw.match(/'/g) ?? []).length;
  const quote = doubles > singles ? "'" : '"';
  const other = quote === '"' ? "'" : '"';
  const body = raw.replace(/\\(.)|(["'])/gs, (_match, escaped: string | undefined, bare: string | undefined) => {
    if (escaped === other) return escaped;
    if (bare === quote) return `\\${bare}`;
    if (bare) return bare;
    return /^[^\n\r"'0-7\\bfnrt-vx\u2028\u2029]$/.test(escaped!) ? escaped! : `\\${escaped}`;
  });
  return `${quote}${body}${quote}`;
}

const isMemberish = (e: Expr) => e.k === "member";
const isCall = (e: Expr) => e.k === "call";

/** prettier's isSimpleCallArgument for these node kinds. */
function isSimple(e: Expr, depth = 0): boolean {
  switch (e.k) {
    case "id":
    case "str":
      return true;
    case "neg":
      return isSimple(e.arg, depth);
    case "obj":
      return e.props.every((p) => "shorthand" in p || isSimple(p.value, depth + 1));
    case "arr":
      return e.items.every((x) => isSimple(x, depth + 1));
    case "call":
      return isSimple(e.callee, depth) && e.args.every((x) => isSimple(x, depth + 1));
    case "member":
      return isSimple(e.object, depth);
    case "arrow":
    case "as":
      return false;
  }
}

function couldExpand(e: Expr): boolean {
  if (e.k === "obj") return e.props.length > 0;
  if (e.k === "arr") return e.items.length > 0;
  if (e.k === "as") return couldExpand(e.expr);
  if (e.k === "arrow") return e.body.k === "obj" || e.body.k === "arr" || e.body.k === "call";
  return false;
}

/** The node "type" prettier compares when deciding to hug the last argument. */
const nodeType = (e: Expr) => (e.k === "id" ? "Identifier" : e.k);

function printArgs(args: readonly Expr[]): Doc {
  if (args.length === 0) return "()";
  const printed = args.map((a, i) => (i === args.length - 1 ? print(a) : [print(a), ",", line]));
  const allBroken = () => group(["(", indent([line, ...printed]), ",", line, ")"], { shouldBreak: true });
  const last = args[args.length - 1]!;
  const penultimate = args[args.length - 2];
  const hugLast = couldExpand(last) && (!penultimate || nodeType(penultimate) !== nodeType(last)) && !(args.length === 2 && penultimate?.k === "arrow" && last.k === "arr");
  if (hugLast) {
    const head = printed.slice(0, -1);
    if (head.some(willBreak)) return allBroken();
    const lastDoc = print(last, { expandLastArg: true });
    if (willBreak(lastDoc)) return [breakParent, conditionalGroup([["(", ...head, group(lastDoc, { shouldBreak: true }), ")"], allBroken()])];
    return conditionalGroup([["(", ...head, lastDoc, ")"], ["(", ...head, group(lastDoc, { shouldBreak: true }), ")"], allBroken()]);
  }
  return group(["(", indent([softline, ...printed]), ifBreak(","), softline, ")"], { shouldBreak: printed.some(willBreak) });
}

interface ChainNode {
  readonly e: Expr;
  readonly printed: Doc;
}

/** Whether a call prints as a labelled member chain (more groups than the cutoff). */
function memberChain(root: Extract<Expr, { k: "call" }>): { doc: Doc; labelled: boolean } {
  const nodes: ChainNode[] = [{ e: root, printed: printArgs(root.args) }];
  let cur: Expr = root.callee;
  for (;;) {
    if (cur.k === "call" && (isMemberish(cur.callee) || isCall(cur.callee))) {
      nodes.unshift({ e: cur, printed: printArgs(cur.args) });
      cur = cur.callee;
    } else if (cur.k === "member") {
      nodes.unshift({ e: cur, printed: `.${cur.prop}` });
      cur = cur.object;
    } else {
      nodes.unshift({ e: cur, printed: print(cur) });
      break;
    }
  }
  // The head: the first node, calls right after it, then members up to the last one.
  const groups: ChainNode[][] = [];
  let group0 = [nodes[0]!];
  let i = 1;
  for (; i < nodes.length && isCall(nodes[i]!.e); i++) group0.push(nodes[i]!);
  if (!isCall(nodes[0]!.e)) {
    for (; i + 1 < nodes.length && isMemberish(nodes[i]!.e) && isMemberish(nodes[i + 1]!.e); i++) group0.push(nodes[i]!);
  }
  groups.push(group0);
  group0 = [];
  let seenCall = false;
  for (; i < nodes.length; i++) {
    if (seenCall && isMemberish(nodes[i]!.e)) {
      groups.push(group0);
      group0 = [];
      seenCall = false;
    }
    if (isCall(nodes[i]!.e)) seenCall = true;
    group0.push(nodes[i]!);
  }
  if (group0.length) groups.push(group0);

  const factory = (name: string) => /^[A-Z]|^[$_]+$/.test(name);
  const first = groups[0]!;
  const firstNode = first[0]!.e;
  const lastOfFirst = first[first.length - 1]!.e;
  const shouldMerge =
    groups.length >= 2 &&
    (first.length === 1 ? firstNode.k === "id" && factory(firstNode.text) : lastOfFirst.k === "member" && factory(lastOfFirst.prop));
  const printGroup = (g: readonly ChainNode[]): Doc => g.map((n) => n.printed);
  const printedGroups = groups.map(printGroup);
  const oneLine = printedGroups;
  const cutoff = shouldMerge ? 3 : 2;
  if (groups.length <= cutoff) return { doc: group(oneLine), labelled: false };
  const rest = groups.slice(shouldMerge ? 2 : 1);
  const expanded = [printGroup(groups[0]!), shouldMerge ? printGroup(groups[1]!) : "", indent([hardline, join(hardline, rest.map(printGroup))])];
  const calls = nodes.filter((n) => isCall(n.e)).map((n) => n.e as Extract<Expr, { k: "call" }>);
  const lastGroupBreaks = () => {
    const lastNode = groups[groups.length - 1]!.at(-1)!.e;
    return isCall(lastNode) && willBreak(printedGroups[printedGroups.length - 1]!) && calls.slice(0, -1).some((c) => c.args.some((a) => a.k === "arrow"));
  };
  if ((calls.length > 2 && calls.some((c) => !c.args.every((a) => isSimple(a)))) || printedGroups.slice(0, -1).some(willBreak) || lastGroupBreaks()) {
    return { doc: group(expanded), labelled: true };
  }
  return { doc: [willBreak(oneLine) ? breakParent : "", conditionalGroup([oneLine, expanded])], labelled: true };
}

function printCall(e: Extract<Expr, { k: "call" }>): Doc {
  if (isMemberish(e.callee)) return memberChain(e).doc;
  const contents = [print(e.callee), printArgs(e.args)];
  return isCall(e.callee) ? group(contents) : contents;
}

function printObject(e: Extract<Expr, { k: "obj" }>): Doc {
  if (e.props.length === 0) return "{}";
  const props = e.props.map((p) => ("shorthand" in p ? p.shorthand : [p.comment ? commentDoc(p.comment) : "", assignment(p.key, ":", p.value, "property")]));
  return group(["{", indent([line, join([",", line], props)]), ifBreak(","), line, "}"], { shouldBreak: !!e.expanded });
}

function printArray(e: Extract<Expr, { k: "arr" }>): Doc {
  if (e.items.length === 0) return "[]";
  const shouldBreak =
    e.items.length > 1 &&
    e.items.every((x, i) => {
      if (x.k !== "obj" && x.k !== "arr") return false;
      const next = e.items[i + 1];
      if (next && next.k !== x.k) return false;
      return (x.k === "arr" ? x.items.length : x.props.length) > 1;
    });
  return group(["[", indent([softline, join([",", line], e.items.map((x) => print(x)))]), ifBreak(","), softline, "]"], { shouldBreak });
}

function printArrow(e: Extract<Expr, { k: "arrow" }>, expandLastArg: boolean): Doc {
  const body = e.body.k === "obj" ? ["(", print(e.body), ")"] : print(e.body);
  const sameLine = e.body.k === "obj" || e.body.k === "arr";
  const bodyDoc = sameLine ? [" ", body] : [indent([line, body]), expandLastArg ? ifBreak(",") : "", expandLastArg ? softline : ""];
  return group([group(e.params), " =>", group(bodyDoc)]);
}

function print(e: Expr, opts: { expandLastArg?: boolean } = {}): Doc {
  switch (e.k) {
    case "id":
      return e.text;
    case "str":
      return preferredQuotes(e.text);
    case "neg":
      return ["-", print(e.arg)];
    case "member":
      return [print(e.object), `.${e.prop}`];
    case "call":
      return printCall(e);
    case "obj":
      return printObject(e);
    case "arr":
      return printArray(e);
    case "arrow":
      return printArrow(e, !!opts.expandLastArg);
    case "as":
      return [print(e.expr), ` as ${e.type}`];
  }
}

// --- assignments: object properties and `const` declarations --------------------------

function isLoneShortArgument(e: Expr): boolean {
  const threshold = PRINT_WIDTH * 0.25;
  if (e.k === "id") return e.text.length <= threshold;
  if (e.k === "neg") return e.arg.k === "id" || isLoneShortArgument(e.arg);
  if (e.k === "str") return e.text.length <= threshold;
  return false;
}

/** A chain of members and calls without arguments (or one short one), not printed as a member chain. */
function isPoorlyBreakable(e: Expr, deep = false): boolean {
  if (e.k === "call") {
    if (isMemberish(e.callee) && memberChain(e).labelled) return false;
    const poor = e.args.length === 0 || (e.args.length === 1 && isLoneShortArgument(e.args[0]!));
    return poor && isPoorlyBreakable(e.callee, true);
  }
  if (e.k === "member") return isPoorlyBreakable(e.object, true);
  return deep && e.k === "id";
}

function assignment(left: string, operator: string, right: Expr, kind: "property" | "variable"): Doc {
  const shortKey = kind === "property" && left.length < 2 + 3;
  let layout: "break-after-operator" | "never-break-after-operator" | "fluid";
  const unwrapped = right.k === "neg" ? right.arg : right;
  if (!shortKey && (unwrapped.k === "str" || isPoorlyBreakable(unwrapped))) layout = "break-after-operator";
  else if (shortKey) layout = "never-break-after-operator";
  else layout = "fluid";
  const rightDoc = print(right);
  switch (layout) {
    case "break-after-operator":
      return group([left, operator, group(indent([line, rightDoc]))]);
    case "never-break-after-operator":
      return group([left, operator, " ", rightDoc]);
    case "fluid": {
      const groupId = Symbol("assignment");
      return group([left, operator, group(indent(line), { id: groupId }), indentIfBreak(rightDoc, groupId)]);
    }
  }
}

/** `key: value,` as a line of an object that is broken over several lines, at `column`. */
export function propertyLine(key: string, value: Expr, column: number): string {
  return `${" ".repeat(column)}${printDoc([assignment(key, ":", value, "property"), ","], PRINT_WIDTH, column)}`;
}

/** An element of a broken array or argument list, followed by a comma, at `column`. */
export function elementLine(value: Expr, column: number): string {
  return `${" ".repeat(column)}${printDoc([print(value), ","], PRINT_WIDTH, column)}`;
}

/** `export const name = value;` */
export function constDeclaration(name: string, value: Expr, exported = true): string {
  return printDoc([exported ? "export const " : "const ", assignment(name, " =", value, "variable"), ";"], PRINT_WIDTH);
}

/** `import { a, b } from "module";`, broken one name per line when too long. */
export function importDeclaration(names: readonly string[], module: string): string {
  if (names.length === 1) return `import { ${names[0]} } from ${module};`;
  return printDoc(group(["import {", indent([line, join([",", line], [...names])]), ifBreak(","), line, "} from ", module, ";"]), PRINT_WIDTH);
}
