import { conditionalGroup, group, hardline, ifBreak, indent, indentIfBreak, indentation, join, lazy, line, printDoc, softline, breakParent, willBreak, type Doc } from "./doc.js";

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
export type Prop =
  | {
      readonly key: string;
      readonly value: Expr;
      readonly comment?: string | undefined;
      /** A shared property's layouts by column (see `shared`). */
      readonly layouts?: Map<number, string>;
    }
  | { readonly shorthand: string };

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

/** Prettier's printWidth for the TypeScript target: the one definition of the line width. */
const PRINT_WIDTH = 100;

/**
 * A double-quoted literal requoted as prettier prints strings: double quotes unless the text
 * holds more of them than single quotes; only the enclosing quote escaped.
 */
function preferredQuotes(quoted: string): string {
  const raw = quoted.slice(1, -1);
  if (!/["'\\]/.test(raw)) return quoted;
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

/**
 * prettier's isSimpleCallArgument for these node kinds: `budget` is how deep the argument may
 * still nest (2 at the top), and a call is simple only with at most `budget` arguments.
 */
function isSimple(e: Expr, budget = 2): boolean {
  if (budget <= 0) return false;
  const child = (x: Expr) => isSimple(x, budget - 1);
  switch (e.k) {
    case "id":
    case "str":
      return true;
    case "neg":
      return isSimple(e.arg, budget);
    case "obj":
      return e.props.every((p) => "shorthand" in p || child(p.value));
    case "arr":
      return e.items.every(child);
    case "call":
      return isSimple(e.callee, budget) && e.args.length <= budget && e.args.every(child);
    case "member":
      return isSimple(e.object, budget);
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

/** prettier's shouldGroupLast: the last argument is hugged (`f(a, {` … `})`). */
function hugsLast(args: readonly Expr[]): boolean {
  const last = args[args.length - 1];
  const penultimate = args[args.length - 2];
  return !!last && couldExpand(last) && (!penultimate || nodeType(penultimate) !== nodeType(last)) && !(args.length === 2 && penultimate?.k === "arrow" && last.k === "arr");
}

/**
 * prettier's isFunctionCompositionArgs: two or more functions among the arguments, or a call
 * among them that takes a function, put every argument on a line of its own.
 */
function isFunctionComposition(args: readonly Expr[]): boolean {
  if (args.length <= 1) return false;
  let functions = 0;
  for (const a of args) {
    if (a.k === "arrow") {
      if (++functions > 1) return true;
    } else if (a.k === "call" && a.args.some((x) => x.k === "arrow")) return true;
  }
  return false;
}

function printArgs(args: readonly Expr[]): Doc {
  if (args.length === 0) return "()";
  const printed = args.map((a, i) => (i === args.length - 1 ? element(a) : [element(a), ",", line]));
  const allBroken = () => group(["(", indent([line, ...printed]), ",", line, ")"], { shouldBreak: true });
  if (isFunctionComposition(args)) return allBroken();
  const last = args[args.length - 1]!;
  if (hugsLast(args)) {
    const head = printed.slice(0, -1);
    if (head.some(willBreak)) return allBroken();
    const lastDoc = print(last, { expandLastArg: true });
    if (willBreak(lastDoc)) return [breakParent, conditionalGroup([["(", ...head, group(lastDoc, { shouldBreak: true }), ")"], allBroken()])];
    return conditionalGroup([["(", ...head, lastDoc, ")"], ["(", ...head, group(lastDoc, { shouldBreak: true }), ")"], allBroken()]);
  }
  return group(["(", indent([softline, ...printed]), ifBreak(","), softline, ")"], { shouldBreak: printed.some(willBreak) });
}

/** A call chain flattened as prettier flattens it: head, then members and call arguments. */
type Link = { readonly kind: "head"; readonly e: Expr } | { readonly kind: "member"; readonly prop: string } | { readonly kind: "args"; readonly call: Extract<Expr, { k: "call" }> };

function linearize(root: Extract<Expr, { k: "call" }>): Link[] {
  const links: Link[] = [{ kind: "args", call: root }];
  let cur: Expr = root.callee;
  for (;;) {
    if (cur.k === "call" && (isMemberish(cur.callee) || isCall(cur.callee))) {
      links.push({ kind: "args", call: cur });
      cur = cur.callee;
    } else if (cur.k === "member") {
      links.push({ kind: "member", prop: cur.prop });
      cur = cur.object;
    } else {
      links.push({ kind: "head", e: cur });
      break;
    }
  }
  return links.reverse();
}

const linkIsCall = (l: Link) => l.kind === "args" || (l.kind === "head" && isCall(l.e));

/** prettier's grouping of a chain: the head group, then `.member(args)` groups; and whether the first two merge. */
function chainGroups(links: readonly Link[]): { groups: Link[][]; shouldMerge: boolean } {
  const groups: Link[][] = [];
  let current = [links[0]!];
  let i = 1;
  for (; i < links.length && linkIsCall(links[i]!); i++) current.push(links[i]!);
  if (!linkIsCall(links[0]!)) {
    for (; i + 1 < links.length && links[i]!.kind === "member" && links[i + 1]!.kind === "member"; i++) current.push(links[i]!);
  }
  groups.push(current);
  current = [];
  let seenCall = false;
  for (; i < links.length; i++) {
    if (seenCall && links[i]!.kind === "member") {
      groups.push(current);
      current = [];
      seenCall = false;
    }
    if (linkIsCall(links[i]!)) seenCall = true;
    current.push(links[i]!);
  }
  if (current.length) groups.push(current);
  const factory = (name: string) => /^[A-Z]|^[$_]+$/.test(name);
  const first = groups[0]!;
  const head = first[0]!;
  const last = first[first.length - 1]!;
  const shouldMerge =
    groups.length >= 2 && (first.length === 1 ? head.kind === "head" && head.e.k === "id" && factory(head.e.text) : last.kind === "member" && factory(last.prop));
  return { groups, shouldMerge };
}

/** Everything prettier decides about a chain before printing it. */
function chainInfo(root: Extract<Expr, { k: "call" }>) {
  const links = linearize(root);
  const { groups, shouldMerge } = chainGroups(links);
  const calls: Extract<Expr, { k: "call" }>[] = [];
  for (const l of links) {
    if (l.kind === "args") calls.push(l.call);
    else if (l.kind === "head" && l.e.k === "call") calls.push(l.e);
  }
  /** More groups than the cutoff: printed (and labelled) as a member chain. */
  const isChain = groups.length > (shouldMerge ? 3 : 2);
  /** A chain of more than two calls with a non-trivial argument is always broken. */
  const alwaysExpanded = isChain && calls.length > 2 && calls.some(hasComplexArgument);
  return { links, groups, shouldMerge, calls, isChain, alwaysExpanded };
}

const hasComplexArgument = (c: Extract<Expr, { k: "call" }>) => !c.args.every((a) => isSimple(a));

/** Whether prettier prints this call as a (labelled) member chain. */
function isMemberChain(e: Extract<Expr, { k: "call" }>): boolean {
  return isMemberish(e.callee) && chainInfo(e).isChain;
}

function memberChain(root: Extract<Expr, { k: "call" }>): Doc {
  const { groups, shouldMerge, calls, isChain, alwaysExpanded } = chainInfo(root);
  const printLink = (l: Link): Doc => (l.kind === "head" ? print(l.e) : l.kind === "member" ? `.${l.prop}` : printArgs(l.call.args));
  const printGroup = (g: readonly Link[]): Doc => g.map(printLink);
  const printedGroups = groups.map(printGroup);
  const oneLine = printedGroups;
  if (!isChain) return group(oneLine);
  const rest = printedGroups.slice(shouldMerge ? 2 : 1);
  const expanded = [printedGroups[0]!, shouldMerge ? printedGroups[1]! : "", indent([hardline, join(hardline, rest)])];
  const lastGroupBreaks = () => {
    const lastGroup = groups[groups.length - 1]!;
    return linkIsCall(lastGroup[lastGroup.length - 1]!) && willBreak(printedGroups[printedGroups.length - 1]!) && calls.slice(0, -1).some((c) => c.args.some((a) => a.k === "arrow"));
  };
  if (alwaysExpanded || printedGroups.slice(0, -1).some(willBreak) || lastGroupBreaks()) {
    return group(expanded);
  }
  return [willBreak(oneLine) ? breakParent : "", conditionalGroup([oneLine, expanded])];
}

function printCall(e: Extract<Expr, { k: "call" }>): Doc {
  if (isMemberish(e.callee)) return memberChain(e);
  const contents = [print(e.callee), printArgs(e.args)];
  return isCall(e.callee) ? group(contents) : contents;
}

function printObject(e: Extract<Expr, { k: "obj" }>): Doc {
  if (e.props.length === 0) return "{}";
  if (e.expanded) {
    // Always broken: each property is laid out on its own, for the column it lands on.
    const props = e.props.map((p) => ("shorthand" in p ? p.shorthand : lazy((column) => propertyText(p, column))));
    return group(["{", indent([line, join([",", line], props)]), ifBreak(","), line, "}"], { shouldBreak: true });
  }
  const props = e.props.map((p) => {
    if ("shorthand" in p) return p.shorthand;
    const flat = p.comment ? undefined : tryFlat(p.value);
    if (flat !== undefined) return lazy((column) => propertyText(p, column, flat), `${p.key}: ${flat}`);
    return [p.comment ? commentDoc(p.comment) : "", assignment(p.key, ":", p.value, "property")];
  });
  return group(["{", indent([line, join([",", line], props)]), ifBreak(","), line, "}"], { shouldBreak: !!e.expanded });
}

/** prettier breaks an array of two or more objects (or arrays) that each have more than one entry. */
function arrayAlwaysBreaks(e: Extract<Expr, { k: "arr" }>): boolean {
  return (
    e.items.length > 1 &&
    e.items.every((x, i) => {
      if (x.k !== "obj" && x.k !== "arr") return false;
      const next = e.items[i + 1];
      if (next && next.k !== x.k) return false;
      return (x.k === "arr" ? x.items.length : x.props.length) > 1;
    })
  );
}

/**
 * A list element as a document: when it has a one-line form (no forced break inside), it is
 * laid out lazily, flat or for the column it starts on, instead of as a tree of groups.
 */
function element(e: Expr): Doc {
  if (e.k === "id" || e.k === "str") return print(e);
  const flat = tryFlat(e);
  if (flat === undefined) return print(e);
  return lazy((column) => elementText(e, column, flat), flat);
}

function printArray(e: Extract<Expr, { k: "arr" }>): Doc {
  if (e.items.length === 0) return "[]";
  const shouldBreak = arrayAlwaysBreaks(e);
  return group(["[", indent([softline, join([",", line], e.items.map(element))]), ifBreak(","), softline, "]"], { shouldBreak });
}

function printArrow(e: Extract<Expr, { k: "arrow" }>, expandLastArg: boolean): Doc {
  const body = e.body.k === "obj" ? ["(", print(e.body), ")"] : print(e.body);
  const sameLine = e.body.k === "obj" || e.body.k === "arr";
  const bodyDoc = sameLine ? [" ", body] : [indent([line, body]), expandLastArg ? ifBreak(",") : "", expandLastArg ? softline : ""];
  return group([group(e.params), " =>", group(bodyDoc)]);
}

/** prettier's member expression: the lookup may move to the next line, unless `a.b` stands alone. */
function printMember(e: Extract<Expr, { k: "member" }>, inMember: boolean): Doc {
  const object = print(e.object, { inMember: true });
  const inline = e.object.k === "id" && !inMember;
  return [object, inline ? `.${e.prop}` : group(indent([softline, `.${e.prop}`]))];
}

function print(e: Expr, opts: { expandLastArg?: boolean; inMember?: boolean } = {}): Doc {
  switch (e.k) {
    case "id":
      return e.text;
    case "str":
      return preferredQuotes(e.text);
    case "neg":
      return ["-", print(e.arg)];
    case "member":
      return printMember(e, !!opts.inMember);
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
  if (e.k === "call") return e.args.length === 0 && e.callee.k === "id" && e.callee.text.length <= threshold - 2;
  return false;
}

/** A chain of members and calls without arguments (or one short one), not printed as a member chain. */
function isPoorlyBreakable(e: Expr, deep = false): boolean {
  if (e.k === "call") {
    if (isMemberChain(e)) return false;
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

// --- the common case without documents ------------------------------------------------

/**
 * The expression on one line, exactly as the printer prints it when nothing breaks; undefined
 * when it holds a forced line break (an object written expanded, a chain prettier always breaks).
 */
function tryFlat(e: Expr): string | undefined {
  switch (e.k) {
    case "id":
      return e.text;
    case "str":
      return preferredQuotes(e.text);
    case "neg": {
      const arg = tryFlat(e.arg);
      return arg === undefined ? undefined : `-${arg}`;
    }
    case "member": {
      const object = tryFlat(e.object);
      return object === undefined ? undefined : `${object}.${e.prop}`;
    }
    case "call": {
      if (isMemberish(e.callee)) return flatChain(e);
      const callee = tryFlat(e.callee);
      const args = flatArgs(e.args);
      return callee === undefined || args === undefined ? undefined : `${callee}${args}`;
    }
    case "obj": {
      if (!e.props.length) return "{}";
      if (e.expanded) return undefined;
      const parts: string[] = [];
      for (const p of e.props) {
        if ("shorthand" in p) parts.push(p.shorthand);
        else {
          const v = p.comment ? undefined : tryFlat(p.value);
          if (v === undefined) return undefined;
          parts.push(`${p.key}: ${v}`);
        }
      }
      return `{ ${parts.join(", ")} }`;
    }
    case "arr": {
      if (arrayAlwaysBreaks(e)) return undefined;
      const items = flatList(e.items);
      return items === undefined ? undefined : `[${items}]`;
    }
    case "arrow": {
      const body = tryFlat(e.body);
      return body === undefined ? undefined : `${e.params} => ${e.body.k === "obj" ? `(${body})` : body}`;
    }
    case "as": {
      const expr = tryFlat(e.expr);
      return expr === undefined ? undefined : `${expr} as ${e.type}`;
    }
  }
}

/**
 * A member chain on one line, read from its last call back to its head (the links
 * `linearize` yields, in reverse). Only a chain of more than two calls with a non-trivial
 * argument can be one prettier always breaks; just those need the full chain analysis.
 */
function flatChain(root: Extract<Expr, { k: "call" }>): string | undefined {
  const parts: string[] = [];
  let calls = 0;
  let complex = false;
  let cur: Expr = root;
  for (;;) {
    if (cur.k === "call" && (isMemberish(cur.callee) || isCall(cur.callee))) {
      const args = flatArgs(cur.args);
      if (args === undefined) return undefined;
      parts.push(args);
      calls++;
      complex ||= hasComplexArgument(cur);
      cur = cur.callee;
    } else if (cur.k === "member") {
      parts.push(`.${cur.prop}`);
      cur = cur.object;
    } else {
      const head = tryFlat(cur);
      if (head === undefined) return undefined;
      parts.push(head);
      if (cur.k === "call") {
        calls++;
        complex ||= hasComplexArgument(cur);
      }
      break;
    }
  }
  if (calls > 2 && complex && chainInfo(root).alwaysExpanded) return undefined;
  let out = "";
  for (let i = parts.length - 1; i >= 0; i--) out += parts[i]!;
  return out;
}

function flatList(items: readonly Expr[]): string | undefined {
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const f = tryFlat(items[i]!);
    if (f === undefined) return undefined;
    out = i === 0 ? f : `${out}, ${f}`;
  }
  return out;
}

function flatArgs(args: readonly Expr[]): string | undefined {
  if (isFunctionComposition(args)) return undefined;
  const list = flatList(args);
  return list === undefined ? undefined : `(${list})`;
}

/**
 * Mark a property that is used in many places (one built per distinct column): it is laid out
 * once per column it lands on, its layouts kept with it. Properties must not change afterwards
 * (none ever does).
 */
export function shared(p: Prop): Prop {
  return "key" in p ? { ...p, layouts: new Map() } : p;
}

/** A property (and its doc comment) laid out at `column`, without its trailing comma. */
function propertyText(p: Extract<Prop, { key: string }>, column: number, one?: string): string {
  const known = p.layouts;
  if (!known) return layProperty(p, column, one);
  let text = known.get(column);
  if (text === undefined) known.set(column, (text = layProperty(p, column, one)));
  return text;
}

function layProperty(p: Extract<Prop, { key: string }>, column: number, one?: string): string {
  const body = propertyBody(p.key, p.value, column, one);
  if (!p.comment) return body;
  const pad = indentation(column);
  return `${p.comment.split("\n").map((l, i) => (i === 0 ? l.trim() : `${pad} ${l.trim()}`)).join("\n")}\n${pad}${body}`;
}

/** Text that starts at `column` fits on its line (prettier's printWidth). */
const fitsAt = (column: number, text: string): boolean => column + text.length <= PRINT_WIDTH;

/** `key: value` as a line (or lines) of an object that is broken, at `column`, without the comma. */
function propertyBody(key: string, value: Expr, column: number, one = tryFlat(value)): string {
  if (one !== undefined && fitsAt(column, `${key}: ${one},`)) return `${key}: ${one}`;
  return printDoc([assignment(key, ":", value, "property"), ","], PRINT_WIDTH, column).slice(0, -1);
}

/** An element of a broken array or argument list laid out at `column`, without its comma. */
function elementText(value: Expr, column: number, one = tryFlat(value)): string {
  if (one !== undefined && fitsAt(column, `${one},`)) return one;
  // Two layouts the printer always takes for an element that does not fit on its line.
  if (value.k === "obj" && value.expanded && value.props.length) return expandedObjectText(value, column);
  if (value.k === "arrow" && value.body.k === "arr" && value.body.items.length) return `${value.params} => ${brokenArrayText(value.body, column)}`;
  return printDoc([print(value), ","], PRINT_WIDTH, column).slice(0, -1);
}

/**
 * An array whose group breaks, from `[` to `]`, its items at `column` + 2. An array breaks
 * when it does not fit on its line: each item then starts a line of its own.
 */
function brokenArrayText(e: Extract<Expr, { k: "arr" }>, column: number): string {
  const pad = indentation(column + 2);
  let out = "[\n";
  for (const x of e.items) out += `${pad}${elementText(x, column + 2)},\n`;
  return `${out}${indentation(column)}]`;
}

/** The lines of an object written expanded, from `{` to `}`, its properties at `column` + 2. */
function expandedObjectText(e: Extract<Expr, { k: "obj" }>, column: number): string {
  const pad = indentation(column + 2);
  let out = "{\n";
  for (const p of e.props) out += `${pad}${"shorthand" in p ? p.shorthand : propertyText(p, column + 2)},\n`;
  return `${out}${indentation(column)}}`;
}

/**
 * `prefix` followed by a call that has a forced break in its arguments, as the printer lays it
 * out at the start of a line, when the layout is one of the two it always is for such calls;
 * undefined for anything else (the printer decides):
 * - the last argument, an object written expanded (or an arrow returning one), hugged:
 *   `f(a, {` … `})`, when that first line fits;
 * - otherwise every argument on a line of its own.
 * This is the printer's own decision for these documents (printArgs, the fluid assignment
 * layout), taken without building them: statements are most of what the target prints.
 */
function brokenCall(prefix: string, e: Expr): string | undefined {
  if (e.k !== "call" || e.args.length === 0 || isCall(e.callee) || isPoorlyBreakable(e)) return undefined;
  if (isMemberChain(e)) return undefined;
  const callee = tryFlat(e.callee);
  // The fluid layout keeps the call on the `=` line when its first line, up to `(`, fits.
  if (callee === undefined || !fitsAt(0, `${prefix}${callee}(`)) return undefined;
  const args = e.args;
  if (isFunctionComposition(args)) return allArgumentsBroken(prefix + callee, args);
  const last = args[args.length - 1]!;
  const head: string[] = [];
  for (let i = 0; i < args.length - 1; i++) {
    const f = tryFlat(args[i]!);
    if (f === undefined) return allArgumentsBroken(prefix + callee, args);
    head.push(f);
  }
  if (!hugsLast(args)) return allArgumentsBroken(prefix + callee, args);
  const body = last.k === "obj" ? last : last.k === "arrow" && last.body.k === "obj" ? last.body : undefined;
  if (!body?.expanded || body.props.length === 0) return undefined;
  const opener = `${prefix}${callee}(${head.map((h) => `${h}, `).join("")}${last.k === "arrow" ? `${last.params} => (` : ""}`;
  if (!fitsAt(0, `${opener}{`)) return allArgumentsBroken(prefix + callee, args);
  return `${opener}${expandedObjectText(body, 0)}${last.k === "arrow" ? ")" : ""})`;
}

/** `start(` then each argument on its own line, then `)`. */
function allArgumentsBroken(start: string, args: readonly Expr[]): string {
  let out = `${start}(\n`;
  for (const a of args) out += `  ${elementText(a, 2)},\n`;
  return `${out})`;
}

/** `export const name = value;` */
export function constDeclaration(name: string, value: Expr, exported = true): string {
  const start = exported ? "export const " : "const ";
  const one = tryFlat(value);
  if (one !== undefined && fitsAt(0, `${start}${name} = ${one};`)) return `${start}${name} = ${one};`;
  const broken = one === undefined ? brokenCall(`${start}${name} = `, value) : undefined;
  if (broken !== undefined) return `${broken};`;
  return printDoc([start, assignment(name, " =", value, "variable"), ";"], PRINT_WIDTH);
}

/** `import { a, b } from "module";`, broken one name per line when too long (as its group breaks). */
export function importDeclaration(names: readonly string[], module: string): string {
  if (names.length === 1) return `import { ${names[0]} } from ${module};`;
  const one = `import { ${names.join(", ")} } from ${module};`;
  if (fitsAt(0, one)) return one;
  return `import {\n${names.map((n) => `  ${n},\n`).join("")}} from ${module};`;
}

/**
 * A type, as far as the target writes types: text that never breaks, or a generic applied to
 * one argument (`z.infer<typeof XSchema>`), which breaks inside its angle brackets.
 */
type TypeExpr = string | { readonly generic: string; readonly arg: string };

/** `export type Name = type;`: broken after `=`, or inside a generic's brackets, when long. */
export function typeAlias(name: string, type: TypeExpr): string {
  const text = typeof type === "string" ? type : `${type.generic}<${type.arg}>`;
  const one = `export type ${name} = ${text};`;
  if (fitsAt(0, one)) return one;
  if (typeof type === "string") return `export type ${name} =\n  ${type};`;
  return `export type ${name} = ${type.generic}<\n  ${type.arg}\n>;`;
}

/** `export function name(params): result {`, the parameters one per line when long. */
export function functionSignature(name: string, params: readonly string[], result: string): string {
  const one = `export function ${name}(${params.join(", ")}): ${result} {`;
  if (fitsAt(0, one) || params.length === 0) return one;
  return `export function ${name}(\n${params.map((p) => `  ${p},`).join("\n")}\n): ${result} {`;
}

/** `return { … };` at `column` inside a function body: the object written expanded. */
export function returnObject(props: readonly Prop[], column: number): string {
  const pad = indentation(column);
  if (props.length === 0) return `${pad}return {};`;
  return `${pad}return ${expandedObjectText({ k: "obj", props, expanded: true }, column)};`;
}
