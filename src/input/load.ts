import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic, SourceLocation, SourcePosition } from "./diagnostic.js";

/** Anchors/aliases are allowed for reuse, but capped so an alias bomb cannot expand (issue: YAML attacks). */
const MAX_ALIAS_COUNT = 50;
/** Rule id for everything that stops a file from being read as YAML. */
const YAML_RULE = "2.1.0.1";
/** Specs are small; anything larger is a mistake or an attack, refused before parsing. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** Deeper nesting than any spec needs; refused before it can exhaust the stack. */
const MAX_DEPTH = 64;

export type PathSegment = string | number;

/** A parsed YAML file that can map any value path back to file:line:col. */
export interface LoadedYaml {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  locate(path: readonly PathSegment[], target?: "key" | "value"): SourceLocation;
}

interface LoadResult {
  readonly loaded?: LoadedYaml;
  readonly diagnostics: Diagnostic[];
}

function position(counter: LineCounter, offset: number): SourcePosition {
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/**
 * Parse one YAML file, keeping its Document so positions are looked up only when a
 * diagnostic needs them (cheap on the happy path).
 */
export function loadYaml(file: string, text: string): LoadResult {
  const refuse = (message: string, hint: string, line = 1): LoadResult => ({
    diagnostics: [{ rule: YAML_RULE, severity: "error", message, location: { file, start: { line, column: 1 } }, hint }],
  });
  if (text.length > MAX_SPEC_BYTES) {
    return refuse(`the file is ${(text.length / 1024 / 1024).toFixed(1)} MB; spec files are limited to 1 MB`, "split it into several spec files");
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) return refuse("the file contains NUL bytes: binary data, not YAML", "check that this is the spec you meant", text.slice(0, nul).split("\n").length);
  const depth = nestingDepth(text);
  if (depth.depth > MAX_DEPTH) {
    return refuse(`nesting deeper than ${MAX_DEPTH} levels`, "specs need a handful of levels; flatten the structure", depth.line);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    version: "1.2",
    logLevel: "error",
  });
  const at = (offset: number): SourceLocation => ({ file, start: position(counter, offset) });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const duplicate = err.code === "DUPLICATE_KEY";
    diagnostics.push({
      rule: YAML_RULE,
      severity: "error",
      message: duplicate ? "duplicate key: a key may appear only once in a mapping" : cleanYamlMessage(err.message),
      location: at(err.pos[0]),
      hint: duplicate
        ? "remove or rename one of the two entries; YAML keeps only one of them silently in other tools"
        : "fix the YAML syntax at this position",
    });
  }
  if (diagnostics.length > 0) return { diagnostics };

  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    return {
      diagnostics: [
        {
          rule: YAML_RULE,
          severity: "error",
          message: "the document must be a mapping (key: value pairs) at the top level",
          location: at(contents.range?.[0] ?? 0),
          hint: "start the file with `enums:` and/or `models:`",
        },
      ],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(message)) {
      return {
        diagnostics: [
          {
            rule: YAML_RULE,
            severity: "error",
            message: `too many alias expansions (more than ${MAX_ALIAS_COUNT}): refusing a document that could expand exponentially`,
            location: at(0),
            hint: "write the repeated values out, or use fewer anchors",
          },
        ],
      };
    }
    throw e;
  }
  return {
    diagnostics,
    loaded: { file, text, value, locate: (path, target = "value") => locate(doc, counter, file, path, target) },
  };
}

/** Bracket and indentation depth, measured without parsing (cheap, and safe on any input). */
function nestingDepth(text: string): { depth: number; line: number } {
  let flow = 0;
  let max = 0;
  let maxLine = 1;
  let line = 1;
  let indent = 0;
  let atLineStart = true;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\n") {
      line++;
      indent = 0;
      atLineStart = true;
      continue;
    }
    if (atLineStart && (ch === " " || ch === "-")) {
      indent++;
      continue;
    }
    atLineStart = false;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "#") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (ch === "[" || ch === "{") flow++;
    else if (ch === "]" || ch === "}") flow = Math.max(0, flow - 1);
    const depth = flow + Math.floor(indent / 2);
    if (depth > max) {
      max = depth;
      maxLine = line;
    }
  }
  return { depth: max, line: maxLine };
}

function cleanYamlMessage(message: string): string {
  // The yaml package appends "at line X, column Y" and a code excerpt; we print our own.
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, "").trim();
}

/** Find the node for a path; falls back to the deepest node that exists. */
function locate(
  doc: Document,
  counter: LineCounter,
  file: string,
  path: readonly PathSegment[],
  target: "key" | "value",
): SourceLocation {
  let node: unknown = doc.contents;
  let best: Node | null = isNodeWithRange(node) ? node : null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (last && target === "key" && isNodeWithRange(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      if (isNodeWithRange(node)) best = node;
      else if (isNodeWithRange(pair.key)) {
        best = pair.key;
        break;
      }
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      if (isNodeWithRange(node)) best = node;
      else break;
    } else break;
  }
  if (!best || !best.range) return { file, start: { line: 1, column: 1 } };
  const start = position(counter, best.range[0]);
  const end = position(counter, best.range[1]);
  // Multi-line nodes (a whole mapping) only mark their first line.
  return end.line === start.line ? { file, start, end } : { file, start };
}

function isNodeWithRange(n: unknown): n is Node & { range: [number, number, number] } {
  return typeof n === "object" && n !== null && "range" in n && Array.isArray((n as Node).range);
}
