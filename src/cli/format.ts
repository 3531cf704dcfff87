import { codeFrameColumns } from "@babel/code-frame";
import pc from "picocolors";
import type { Diagnostic } from "../input/diagnostic.js";

interface FormatOptions {
  /** File contents by project-relative path, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  readonly color: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

/** `specs/jobs.yaml:14:7: error [2.1.6.1] Job.fields.id: message` (DESIGN: diagnostics). */
function formatDiagnosticHeadline(d: Diagnostic, c: Colors = pc.createColors(false)): string {
  const where = d.location
    ? `${d.location.file}:${d.location.start.line}:${d.location.start.column}: `
    : "";
  const sev = d.severity === "error" ? c.red(c.bold("error")) : c.yellow(c.bold("warning"));
  const path = d.path ? `${d.path}: ` : "";
  return `${c.bold(where)}${sev} ${c.dim(`[${d.rule}]`)} ${path}${d.message}`;
}

function formatDiagnostic(d: Diagnostic, options: FormatOptions): string {
  const c = pc.createColors(options.color);
  const lines = [formatDiagnosticHeadline(d, c)];
  const source = d.location ? options.sources.get(d.location.file) : undefined;
  if (d.location && source !== undefined) {
    const frame = codeFrameColumns(
      source,
      { start: d.location.start, ...(d.location.end ? { end: d.location.end } : {}) },
      { highlightCode: false, forceColor: false, linesAbove: 1, linesBelow: 1 },
    );
    lines.push(
      frame
        .split("\n")
        .map((l) => `  ${l}`.trimEnd())
        .join("\n"),
    );
  }
  if (d.hint) lines.push(`  ${c.cyan("hint:")} ${d.hint}`);
  return lines.join("\n");
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join("\n\n");
}

export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

/** `--format json`: the same diagnostics as data. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[]): unknown[] {
  return diagnostics.map((d) => ({
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    path: d.path ?? null,
    file: d.location?.file ?? null,
    line: d.location?.start.line ?? null,
    column: d.location?.start.column ?? null,
    endLine: d.location?.end?.line ?? null,
    endColumn: d.location?.end?.column ?? null,
    hint: d.hint ?? null,
  }));
}
