/** A position in a source file, 1-based like editors show it. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface SourceLocation {
  /** Path relative to the project root, with forward slashes. */
  readonly file: string;
  readonly start: SourcePosition;
  readonly end?: SourcePosition | undefined;
}

export type Severity = "error" | "warning";

/**
 * Errors are data (DESIGN: pipeline). Every user mistake becomes one of these;
 * only a bug throws.
 */
export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Dotted path of the offending spec element, e.g. `Job.fields.id`. */
  readonly path?: string | undefined;
  readonly location?: SourceLocation | undefined;
  readonly hint?: string | undefined;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stable order: by file, line, column, then rule and message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.location?.file ?? "";
    const fb = b.location?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.location?.start.line ?? 0;
    const lb = b.location?.start.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.location?.start.column ?? 0;
    const cb = b.location?.start.column ?? 0;
    if (ca !== cb) return ca - cb;
    if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
