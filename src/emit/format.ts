import * as prettier from "prettier";
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
export async function formatFiles(
  files: readonly GeneratedFile[],
  cache?: FormatCache,
  progress?: (done: number, total: number) => void,
): Promise<GeneratedFile[]> {
  let done = 0;
  return Promise.all(
    files.map(async (f) => {
      const result = await formatOne(f);
      progress?.(++done, files.length);
      return result;
    }),
  );

  async function formatOne(f: GeneratedFile): Promise<GeneratedFile> {
    if (!f.path.endsWith(".ts")) return f;
    const known = cache?.get(f.content);
    if (known !== undefined) return { path: f.path, content: known };
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
