import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { HISTORY_FILE, MIGRATIONS_DIR, digestOf, parseHistory, sha, verifyHistory, type Digest, type HistoryProblem } from "../migrations/history.js";
import { BASELINE_FILE, parseBaseline, type Baseline } from "../migrations/adoption.js";
import { FileHashes } from "./cache.js";
import { OUT_DIR, readIfExists } from "./project.js";

/**
 * Read the migration history under generated/migrations and check its integrity. With `files`
 * (what the last runs hashed), a revision file whose stat did not change is not read again.
 */
export function readHistory(root: string, files?: FileHashes) {
  const dir = join(root, OUT_DIR, MIGRATIONS_DIR);
  const read = (p: string) => readIfExists(join(dir, p));
  const digest: Digest = files ? (p) => files.hash(`${MIGRATIONS_DIR}/${p}`) : digestOf(read);
  const entries = parseHistory(read(HISTORY_FILE));
  const versions = existsSync(join(dir, "versions")) ? readdirSync(join(dir, "versions")).filter((f) => f.endsWith(".py")).sort() : [];
  const baselineText = read(BASELINE_FILE);
  const problems: HistoryProblem[] = [];
  let baseline: { baseline: Baseline; checksum: string } | undefined;
  if (baselineText !== undefined) {
    try {
      baseline = { baseline: parseBaseline(baselineText), checksum: sha(baselineText) };
    } catch (e) {
      problems.push({ file: BASELINE_FILE, message: `${BASELINE_FILE} does not parse: ${(e as Error).message}`, hint: "restore it from version control, or run `gen import` again" });
    }
  }
  problems.push(...verifyHistory(entries, versions, digest, baseline?.checksum));
  return { dir, read, digest, entries, baseline, problems };
}
