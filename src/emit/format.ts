import * as prettier from "prettier";
import type { GeneratedFile } from "./file.js";

export const PRETTIER_OPTIONS = { parser: "typescript", printWidth: 100 } as const;

/** A formatter failure is our bug: report it with the raw source attached (STYLE). */
export class FormatterBug extends Error {}

/** The last step: prettier over every TypeScript file. */
export async function formatFiles(files: readonly GeneratedFile[]): Promise<GeneratedFile[]> {
  return Promise.all(
    files.map(async (f) => {
      if (!f.path.endsWith(".ts")) return f;
      try {
        return { path: f.path, content: await prettier.format(f.content, PRETTIER_OPTIONS) };
      } catch (e) {
        throw new FormatterBug(`prettier could not format ${f.path}: ${(e as Error).message}\n--- raw source ---\n${f.content}`);
      }
    }),
  );
}
