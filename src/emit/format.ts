import type { GeneratedFile } from "./file.js";

export const PRETTIER_OPTIONS = {
  parser: "typescript",
  printWidth: 100,
} as const;

/** A formatter failure is our bug: report it with the raw source attached (STYLE). */
export class FormatterBug extends Error {}

/** Raw source → formatted source, kept by a long-running caller (watch mode) across runs. */
export type FormatCache = Map<string, string>;

/** The last step: prettier over every TypeScript file (skipping sources formatted before). */
/** Identifies the formatter and its settings: formatted output from another one is not reused. */
export const FORMATTER_ID = `prettier@3.10.1 ${JSON.stringify(PRETTIER_OPTIONS)}`;

/** Formatted output already on disk for this path and unformatted source, if any. */
export type Reuse = (path: string, raw: string) => string | undefined;

export async function formatFiles(
  files: readonly GeneratedFile[],
  cache?: FormatCache,
  progress?: (done: number, total: number) => void,
  reuse?: Reuse,
): Promise<GeneratedFile[]> {
  let done = 0;
  // prettier is loaded only when there is TypeScript to format (it costs ~0.2 s to load).
  const needs = (f: GeneratedFile) => f.path.endsWith(".ts") && cache?.get(f.content) === undefined && reuse?.(f.path, f.content) === undefined;
  const prettier = files.some(needs) ? await import("prettier") : undefined;
  // One at a time: prettier is CPU-bound, so running thousands of formats at once only
  // multiplies memory (1 GB at 2,000 files) without finishing sooner.
  const out: GeneratedFile[] = [];
  for (const f of files) {
    out.push(await formatOne(f));
    progress?.(++done, files.length);
  }
  return out;

  async function formatOne(f: GeneratedFile): Promise<GeneratedFile> {
    if (!f.path.endsWith(".ts")) return f;
    const known = cache?.get(f.content) ?? reuse?.(f.path, f.content);
    if (known !== undefined) return { path: f.path, content: known };
    if (!prettier) throw new Error("prettier was not loaded although a file needs formatting");
    try {
      const content = await prettier.format(f.content, PRETTIER_OPTIONS);
      cache?.set(f.content, content);
      return { path: f.path, content };
    } catch (e) {
      throw new FormatterBug(
        `prettier could not format ${f.path}: ${(e as Error).message}\n--- raw source ---\n${f.content}`,
      );
    }
  }
}
