/**
 * A small document printer with prettier's semantics (groups, conditional groups, indents,
 * soft and hard lines, if-break), so the TypeScript target writes what prettier would write
 * without running prettier: the algorithm of prettier's `printDocToString`, reduced to the
 * documents this target builds. test/typescript-format.test.ts holds the output to prettier.
 */

export type Doc = string | readonly Doc[] | DocNode;

type DocNode =
  | {
      readonly type: "group";
      readonly contents: Doc;
      break: boolean;
      /** Its contents hold a forced break (computed once, when the group is built). */
      readonly hard: boolean;
      readonly expandedStates?: readonly Doc[];
      readonly id?: symbol;
    }
  | { readonly type: "indent"; readonly contents: Doc }
  | { readonly type: "line"; readonly soft?: boolean; readonly hard?: boolean }
  | { readonly type: "if-break"; readonly breakContents: Doc; readonly flatContents: Doc; readonly groupId?: symbol }
  | { readonly type: "indent-if-break"; readonly contents: Doc; readonly groupId: symbol }
  | { readonly type: "break-parent" }
  /**
   * Text laid out by the caller for the column it starts at: an element of a list (a property,
   * an argument, an array item) when the list is broken, since each one then starts on a line
   * of its own and its layout depends on nothing but that column (see ts-doc.ts). `flat` is the
   * element on one line, printed when the list is not broken; without it the element is
   * always broken (it only appears in lists that are).
   */
  | { readonly type: "lazy"; readonly render: (column: number) => string; readonly flat?: string | undefined };

export const line: Doc = { type: "line" };
export const softline: Doc = { type: "line", soft: true };
export const breakParent: Doc = { type: "break-parent" };
export const hardline: Doc = [{ type: "line", hard: true }, breakParent];

export function group(contents: Doc, opts: { shouldBreak?: boolean; id?: symbol } = {}): Doc {
  return { type: "group", contents, break: !!opts.shouldBreak, hard: computeWillBreak(contents), id: opts.id };
}

export function conditionalGroup(states: readonly Doc[], opts: { shouldBreak?: boolean } = {}): Doc {
  return { type: "group", contents: states[0]!, break: !!opts.shouldBreak, hard: computeWillBreak(states[0]!), expandedStates: states };
}

export const indent = (contents: Doc): Doc => ({ type: "indent", contents });
export const lazy = (render: (column: number) => string, flat?: string): Doc => ({ type: "lazy", render, flat });
export const ifBreak = (breakContents: Doc, flatContents: Doc = "", groupId?: symbol): Doc => ({ type: "if-break", breakContents, flatContents, groupId });
export const indentIfBreak = (contents: Doc, groupId: symbol): Doc => ({ type: "indent-if-break", contents, groupId });

export function join(sep: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(sep);
    out.push(d);
  });
  return out;
}

/**
 * True when the document contains a forced break (prettier's `willBreak`). Groups know it from
 * when they were built, so asking costs nothing however deep the document.
 */
export function willBreak(doc: Doc): boolean {
  return computeWillBreak(doc);
}

function computeWillBreak(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (Array.isArray(doc)) return doc.some(willBreak);
  const d = doc as DocNode;
  switch (d.type) {
    case "group":
      return d.break || d.hard;
    case "indent":
    case "indent-if-break":
      return willBreak(d.contents);
    case "line":
      return !!d.hard;
    case "if-break":
      return willBreak(d.breakContents) || willBreak(d.flatContents);
    case "break-parent":
      return true;
    case "lazy":
      return false;
  }
}

/** A hard line breaks every group around it, up to the nearest conditional group. */
function propagateBreaks(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (Array.isArray(doc)) {
    let any = false;
    for (const d of doc) any = propagateBreaks(d) || any;
    return any;
  }
  const d = doc as DocNode;
  switch (d.type) {
    case "break-parent":
      return true;
    case "group": {
      let inner = false;
      if (d.expandedStates) for (const s of d.expandedStates) inner = propagateBreaks(s) || inner;
      else inner = propagateBreaks(d.contents);
      if (d.expandedStates) return d.break;
      if (inner) d.break = true;
      return d.break;
    }
    case "indent":
    case "indent-if-break":
      return propagateBreaks(d.contents);
    case "if-break":
      return propagateBreaks(d.breakContents) || propagateBreaks(d.flatContents);
    case "line":
    case "lazy":
      return false;
  }
}

const BREAK = 1;
const FLAT = 2;
type Mode = typeof BREAK | typeof FLAT;
/** An indentation of `n` spaces. */
export const indentation = (n: number): string => " ".repeat(n);

interface Cmd {
  readonly ind: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

function fits(next: Cmd, rest: readonly Cmd[], width: number, groupModes: Map<symbol, Mode>, mustBeFlat: boolean): boolean {
  let restIdx = rest.length;
  const cmds: { mode: Mode; doc: Doc }[] = [{ mode: next.mode, doc: next.doc }];
  while (width >= 0) {
    if (cmds.length === 0) {
      if (restIdx === 0) return true;
      const r = rest[--restIdx]!;
      cmds.push({ mode: r.mode, doc: r.doc });
      continue;
    }
    const { mode, doc } = cmds.pop()!;
    if (typeof doc === "string") {
      width -= doc.length;
    } else if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) cmds.push({ mode, doc: doc[i]! });
    } else {
      const d = doc as DocNode;
      switch (d.type) {
        case "indent":
        case "indent-if-break":
          cmds.push({ mode, doc: d.contents });
          break;
        case "group": {
          if (mustBeFlat && d.break) return false;
          const groupMode = d.break ? BREAK : mode;
          const contents = d.expandedStates && groupMode === BREAK ? d.expandedStates[d.expandedStates.length - 1]! : d.contents;
          cmds.push({ mode: groupMode, doc: contents });
          break;
        }
        case "if-break": {
          const groupMode = d.groupId ? (groupModes.get(d.groupId) ?? FLAT) : mode;
          const contents = groupMode === BREAK ? d.breakContents : d.flatContents;
          if (contents) cmds.push({ mode, doc: contents });
          break;
        }
        case "line":
          if (mode === BREAK || d.hard) return true;
          if (!d.soft) width -= 1;
          break;
        case "break-parent":
          break;
        case "lazy":
          // A broken list puts a line break before each element: measuring ends there.
          if (mode === BREAK || d.flat === undefined) return true;
          width -= d.flat.length;
          break;
      }
    }
  }
  return false;
}

/** Print `doc` starting at column `indent` (its first line is already indented by the caller). */
export function printDoc(doc: Doc, width: number, indent = 0): string {
  propagateBreaks(doc);
  const groupModes = new Map<symbol, Mode>();
  let pos = indent;
  const out: string[] = [];
  const cmds: Cmd[] = [{ ind: indent, mode: BREAK, doc }];
  let shouldRemeasure = false;
  while (cmds.length) {
    const { ind, mode, doc: d0 } = cmds.pop()!;
    if (typeof d0 === "string") {
      out.push(d0);
      pos += d0.length;
      continue;
    }
    if (Array.isArray(d0)) {
      for (let i = d0.length - 1; i >= 0; i--) cmds.push({ ind, mode, doc: d0[i]! });
      continue;
    }
    const d = d0 as DocNode;
    switch (d.type) {
      case "indent":
        cmds.push({ ind: ind + 2, mode, doc: d.contents });
        break;
      case "group": {
        let pushed: Cmd;
        if (mode === FLAT && !shouldRemeasure) {
          pushed = { ind, mode: d.break ? BREAK : FLAT, doc: d.contents };
        } else {
          shouldRemeasure = false;
          const next: Cmd = { ind, mode: FLAT, doc: d.contents };
          const rem = width - pos;
          if (!d.break && fits(next, cmds, rem, groupModes, false)) pushed = next;
          else if (d.expandedStates) {
            const mostExpanded = d.expandedStates[d.expandedStates.length - 1]!;
            if (d.break) pushed = { ind, mode: BREAK, doc: mostExpanded };
            else {
              pushed = { ind, mode: BREAK, doc: mostExpanded };
              for (let i = 1; i < d.expandedStates.length; i++) {
                const cmd: Cmd = { ind, mode: FLAT, doc: d.expandedStates[i]! };
                if (fits(cmd, cmds, rem, groupModes, false)) {
                  pushed = cmd;
                  break;
                }
              }
            }
          } else pushed = { ind, mode: BREAK, doc: d.contents };
        }
        cmds.push(pushed);
        if (d.id) groupModes.set(d.id, pushed.mode);
        break;
      }
      case "if-break":
      case "indent-if-break": {
        const groupMode = d.groupId ? (groupModes.get(d.groupId) ?? FLAT) : mode;
        if (d.type === "if-break") {
          const contents = groupMode === BREAK ? d.breakContents : d.flatContents;
          if (contents) cmds.push({ ind, mode, doc: contents });
        } else cmds.push({ ind: groupMode === BREAK ? ind + 2 : ind, mode, doc: d.contents });
        break;
      }
      case "line":
        if (mode === FLAT && !d.hard) {
          if (!d.soft) {
            out.push(" ");
            pos += 1;
          }
          break;
        }
        if (mode === FLAT) shouldRemeasure = true;
        trimTrailing(out);
        out.push(`\n${indentation(ind)}`);
        pos = ind;
        break;
      case "break-parent":
        break;
      case "lazy": {
        const text = mode === FLAT && d.flat !== undefined ? d.flat : d.render(ind);
        out.push(text);
        const nl = text.lastIndexOf("\n");
        pos = nl < 0 ? pos + text.length : text.length - nl - 1;
        break;
      }
    }
  }
  return out.join("");
}

const isBlank = (c: number) => c === 32 || c === 9;

/** Spaces and tabs at the end of the output so far, dropped before a line break (prettier's `trim`). */
function trimTrailing(out: string[]): void {
  while (out.length) {
    const last = out[out.length - 1]!;
    if (last.length && !isBlank(last.charCodeAt(last.length - 1))) return;
    let end = last.length;
    while (end > 0 && isBlank(last.charCodeAt(end - 1))) end--;
    if (end > 0) {
      out[out.length - 1] = last.slice(0, end);
      return;
    }
    out.pop();
  }
}
