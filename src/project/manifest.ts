import { createHash } from "node:crypto";

export const MANIFEST_FILE = ".manifest.json";

/** What the last run wrote: path → sha256. Lets us find stale files and hand edits. */
export interface Manifest {
  readonly files: Readonly<Record<string, string>>;
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
  const empty = { files: {} };
  if (text === undefined) return empty;
  try {
    const data = JSON.parse(text) as { files?: unknown };
    if (data && typeof data.files === "object" && data.files !== null) {
      return { files: strings(data.files) };
    }
  } catch {
    // A damaged manifest is treated as absent: every file is then compared by content.
  }
  return empty;
}

const sortKeys = (o: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

export function renderManifest(files: Readonly<Record<string, string>>): string {
  return `${JSON.stringify({ $comment: "Written by blueprint-gen: the files it manages and their hashes. DO NOT EDIT.", files: sortKeys(files) }, null, 2)}\n`;
}
