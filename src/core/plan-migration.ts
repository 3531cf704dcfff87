import type { RenderedFile } from "../targets/file.js";
import type { DbSchema } from "../db/types.js";
import { renderRevision } from "../targets/alembic/revision.js";
import { renderSqlScript } from "../targets/sql/migration.js";
import { diffSchemas, withViews, type Destructive, type DiffProblem, type DiffResult } from "../migrations/diff.js";
import type { MigrationHints } from "../migrations/hints.js";
import { HISTORY_FILE, SNAPSHOT_FILE, chainHash, digestOf, renderHistory, renderSnapshot, slugify, type HistoryEntry } from "../migrations/history.js";
import { inverse, type MigrationOp } from "../migrations/ops.js";
import { adoptionSteps, type Baseline } from "../migrations/adoption.js";

type MigrationPlan =
  | { readonly kind: "no_changes" }
  | { readonly kind: "refused"; readonly destructive: readonly Destructive[]; readonly problems: readonly DiffProblem[] }
  | {
      readonly kind: "ok";
      readonly id: string;
      readonly ops: readonly MigrationOp[];
      readonly destructive: readonly Destructive[];
      /** Paths relative to the migrations folder. */
      readonly files: readonly RenderedFile[];
    };

/** What a revision's review section lists: every step a reviewer should look at twice. */
function reviewNotes(ops: readonly MigrationOp[], destructive: readonly Destructive[]): string[] {
  const notes: string[] = [];
  for (const op of ops) {
    if (op.kind === "alter_type") notes.push(`${op.table}.${op.column}: ${op.from} -> ${op.to} USING ${op.using}`);
    if (op.kind === "rename_table") notes.push(`table ${op.from} renamed to ${op.to}`);
    if (op.kind === "rename_column") notes.push(`column ${op.table}.${op.from} renamed to ${op.to}`);
    if (op.kind === "backfill") notes.push(`NULLs in ${op.table}.${op.column} set to ${op.value} before SET NOT NULL`);
    if (op.kind === "recreate_enum") {
      for (const [from, to] of Object.entries(op.replace)) notes.push(`enum ${op.name}: rows holding '${from}' become '${to}'`);
    }
  }
  for (const d of destructive) notes.push(`DESTRUCTIVE: ${d.why}`);
  return notes;
}

/**
 * The next migration, as data: prev snapshot + current schema → revision, SQL, snapshot and
 * history. Pure; the CLI reads and writes the files.
 */
export function planMigration(input: {
  /** What the specs say a diff cannot guess (migrationHints). */
  readonly hints: MigrationHints;
  readonly schema: DbSchema;
  /** The schema after the latest migration (the snapshot): read only when no `diff` is given. */
  readonly prev: () => DbSchema;
  readonly history: readonly HistoryEntry[];
  readonly message: string;
  readonly allowDestructive: boolean;
  /** The diff of `prev` against `schema`, when the caller already has it (an adoption diffs anew). */
  readonly diff?: DiffResult | undefined;
  /** The legacy schema `gen import` wrote, and its checksum: the first migration converts it. */
  readonly baseline?: { readonly baseline: Baseline; readonly checksum: string } | undefined;
}): MigrationPlan {
  const adopt = input.baseline && input.history.length === 0 ? adoptionSteps(input.baseline.baseline) : undefined;
  const before = adopt ? adopt.schema : input.diff ? undefined : input.prev();
  const generic = (!adopt && input.diff) || diffSchemas(before!, input.schema, input.hints, { views: !adopt });
  // The legacy views are rebuilt around the conversion as around any other step.
  const diff = adopt
    ? {
        ops: [
          ...withViews(adopt.schema.views ?? [], input.schema.views ?? [], [...adopt.ops, ...generic.ops]),
          // The legacy triggers on again, on the tables that are still there.
          ...adopt.triggers.filter((t) => input.schema.tables.some((x) => x.name === t)).map((table): MigrationOp => ({ kind: "set_triggers", table, enabled: true })),
        ],
        destructive: [...adopt.destructive, ...generic.destructive],
        problems: generic.problems,
      }
    : generic;
  if (diff.ops.length === 0) return { kind: "no_changes" };
  if (diff.problems.length || (diff.destructive.length && !input.allowDestructive)) {
    return { kind: "refused", destructive: diff.destructive, problems: diff.problems };
  }
  const number = String(input.history.length + 1).padStart(4, "0");
  const id = `${number}_${slugify(input.message)}`;
  const previous = input.history[input.history.length - 1];
  const down: MigrationOp[] = [];
  const lossy: string[] = [];
  for (const op of [...diff.ops].reverse()) {
    const inv = inverse(op);
    if (inv === null) continue;
    if ("lossy" in inv) lossy.push(inv.lossy);
    else down.push(inv);
  }
  // The domains a revision's column types may name: of the schema before (read once) and after.
  const domains = new Map([...((before ?? input.prev()).domains ?? []), ...(input.schema.domains ?? [])].map((d) => [d.name, d.type]));
  const revision = renderRevision({
    domains,
    revision: number,
    downRevision: previous ? previous.id.slice(0, 4) : null,
    message: input.message,
    up: diff.ops,
    down,
    downLossy: lossy,
    review: [...(adopt?.review ?? []), ...reviewNotes(diff.ops, diff.destructive)],
  });
  const files: RenderedFile[] = [
    { path: `versions/${id}.py`, content: revision },
    { path: `sql/${id}.up.sql`, content: renderSqlScript(`${id} (upgrade): ${input.message.replace(/[\r\n]+/g, " ")}`, diff.ops, []) },
    { path: `sql/${id}.down.sql`, content: renderSqlScript(`${id} (downgrade)`, down, lossy) },
    { path: SNAPSHOT_FILE, content: renderSnapshot(input.schema) },
  ];
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const chain = chainHash(previous?.chain ?? input.baseline?.checksum ?? "", id, digestOf((p) => byPath.get(p)));
  files.push({ path: HISTORY_FILE, content: renderHistory([...input.history, { id, chain }]) });
  return { kind: "ok", id, ops: diff.ops, destructive: diff.destructive, files };
}
