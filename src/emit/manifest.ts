import { createHash } from "node:crypto";

export const MANIFEST_FILE = ".manifest.json";

/** What the last run wrote: path → sha256. Lets us find stale files and hand edits. */
export interface Manifest {
  readonly files: Readonly<Record<string, string>>;
  /**
   * For formatted files: the hash of the unformatted source that produced them, and the
   * formatter it went through. A later run whose source hashes the same reuses the file on
   * disk instead of formatting again (prettier dominates cold runs).
   */
  readonly formatted: Readonly<Record<string, string>>;
  readonly formatter: string;
}

export function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

const strings = (x: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) if (typeof v === "string") out[k] = v;
  return out;
};

export function parseManifest(text: string | undefined): Manifest {
  const empty = { files: {}, formatted: {}, formatter: "" };
  if (text === undefined) return empty;
  try {
    const data = JSON.parse(text) as { files?: unknown; formatted?: unknown; formatter?: unknown };
    if (data && typeof data.files === "object" && data.files !== null) {
      return { files: strings(data.files), formatted: strings(data.formatted), formatter: typeof data.formatter === "string" ? data.formatter : "" };
    }
  } catch {
    // A damaged manifest is treated as absent: every file is then compared by content.
  }
  return empty;
}

const sortKeys = (o: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

export function renderManifest(files: Readonly<Record<string, string>>, formatted: Readonly<Record<string, string>> = {}, formatter = ""): string {
  return `${JSON.stringify(
    {
      $comment: "Written by blueprint-gen: the files it manages and their hashes. DO NOT EDIT.",
      formatter,
      files: sortKeys(files),
      formatted: sortKeys(formatted),
    },
    null,
    2,
  )}\n`;
}
