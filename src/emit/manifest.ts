import { createHash } from "node:crypto";

export const MANIFEST_FILE = ".manifest.json";

/** What the last run wrote: path → sha256. Lets us find stale files and hand edits. */
export interface Manifest {
  readonly files: Readonly<Record<string, string>>;
}

export function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

export function parseManifest(text: string | undefined): Manifest {
  if (text === undefined) return { files: {} };
  try {
    const data = JSON.parse(text) as { files?: unknown };
    if (data && typeof data.files === "object" && data.files !== null) {
      const files: Record<string, string> = {};
      for (const [k, v] of Object.entries(data.files)) if (typeof v === "string") files[k] = v;
      return { files };
    }
  } catch {
    // A damaged manifest is treated as absent: every file is then compared by content.
  }
  return { files: {} };
}

export function renderManifest(files: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ $comment: "Written by blueprint-gen: the files it manages and their hashes. DO NOT EDIT.", files: sorted }, null, 2)}\n`;
}
