/**
 * npm run bench: whole-process wall time and peak memory of `gen models` (cold, no-op, one
 * field changed, --check) and `gen migration` on synthetic projects, medians of several runs,
 * beside drizzle-kit `generate` on the same schema (the drizzle entities we generate).
 * Sizes: BENCH_SIZES (default 10,100,1000); runs: BENCH_RUNS (default 3).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SYNTHETIC_BLUEPRINT, syntheticSpecs } from "../test/helpers/synthetic.js";

const REPO = join(import.meta.dirname, "..");
const BIN = join(REPO, "bin", "gen.js");
const DRIZZLE = join(REPO, "node_modules", ".bin", "drizzle-kit");
const sizes = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const PY_ONLY = SYNTHETIC_BLUEPRINT.replace("  typescript: {}\n", "");

interface Sample {
  ms: number;
  rssMiB: number;
  /** Files `gen models` wrote (from its summary line), when it says. */
  written?: number;
}

function timed(cmd: string, args: string[], cwd: string): Sample {
  const rss = join(tmpdir(), `bpg-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: `--import ${join(REPO, "scripts", "bench-rss.mjs")}`, BPG_BENCH_RSS: rss, NO_COLOR: "1" },
  });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stderr}${r.stdout}`);
  const kib = existsSync(rss) ? Math.max(...readFileSync(rss, "utf8").trim().split("\n").map(Number)) : 0;
  rmSync(rss, { force: true });
  const written = /(\d+) written/.exec(r.stderr)?.[1];
  return { ms, rssMiB: kib / 1024, ...(written !== undefined ? { written: Number(written) } : {}) };
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function project(n: number, blueprint: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bpg-bench-${n}-`));
  writeFileSync(join(dir, "blueprint.yaml"), blueprint);
  mkdirSync(join(dir, "specs"));
  for (const s of syntheticSpecs(n)) writeFileSync(join(dir, s.path), s.text);
  return dir;
}

function changeOneField(dir: string, n: number, k: number): void {
  const file = join(dir, "specs", `entity${String(Math.floor(n / 2)).padStart(4, "0")}.yaml`);
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.replace(/title: \{ type: string, max_length: \d+ \}/, `title: { type: string, max_length: ${100 + k} }`));
}

type Row = Record<string, Sample>;

function measure(n: number): Row {
  const samples: Record<string, Sample[]> = {};
  const add = (k: string, s: Sample) => (samples[k] ??= []).push(s);
  for (let r = 0; r < runs; r++) {
    const py = project(n, PY_ONLY);
    add("cold (python)", timed(process.execPath, [BIN, "models"], py));
    add("no-op", timed(process.execPath, [BIN, "models"], py));
    timed(process.execPath, [BIN, "migration", "-m", "initial"], py);
    changeOneField(py, n, r);
    add("one field", timed(process.execPath, [BIN, "models"], py));
    add("migration", timed(process.execPath, [BIN, "migration", "-m", "change"], py));
    add("check", timed(process.execPath, [BIN, "models", "--check"], py));
    rmSync(py, { recursive: true, force: true });

    const both = project(n, SYNTHETIC_BLUEPRINT);
    add("cold (python+ts)", timed(process.execPath, [BIN, "models"], both));
    if (existsSync(DRIZZLE)) {
      // drizzle-kit on the same schema: the drizzle entities we generated.
      const dk = mkdtempSync(join(tmpdir(), "bpg-drizzle-"));
      mkdirSync(join(dk, "node_modules"));
      cpSync(join(both, "generated", "typescript"), join(dk, "schema"), { recursive: true });
      writeFileSync(join(dk, "drizzle.config.json"), JSON.stringify({ dialect: "postgresql", schema: "./schema/entities/index.ts", out: "./drizzle" }));
      const dkRun = () => timed(DRIZZLE, ["generate", "--config", "drizzle.config.json"], dk);
      // Resolve drizzle-orm from the repository.
      writeFileSync(join(dk, "package.json"), "{}");
      cpSync(join(REPO, "node_modules", "drizzle-orm"), join(dk, "node_modules", "drizzle-orm"), { recursive: true });
      add("drizzle-kit first", dkRun());
      add("drizzle-kit no-op", dkRun());
      const entity = join(dk, "schema", "entities", `entity${String(Math.floor(n / 2)).padStart(4, "0")}.ts`);
      writeFileSync(entity, readFileSync(entity, "utf8").replace(/varchar\("title", \{ length: \d+ \}\)/, `varchar("title", { length: ${150 + r} })`));
      add("drizzle-kit one column", dkRun());
      rmSync(dk, { recursive: true, force: true });
    }
    rmSync(both, { recursive: true, force: true });
  }
  return Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, { ms: median(v.map((s) => s.ms)), rssMiB: median(v.map((s) => s.rssMiB)), written: v[0]?.written }]),
  );
}

const results = new Map<number, Row>();
for (const n of sizes) {
  process.stderr.write(`measuring ${n} models…\n`);
  results.set(n, measure(n));
}

const cols = ["cold (python)", "cold (python+ts)", "no-op", "one field", "migration", "check", "drizzle-kit first", "drizzle-kit no-op", "drizzle-kit one column"];
const fmt = (s: Sample | undefined) => (s ? `${(s.ms / 1000).toFixed(2)} s / ${Math.round(s.rssMiB)} MiB${s.written !== undefined && s.written < 100 ? ` (${s.written} written)` : ""}` : "n/a");
const lines = [
  `Medians of ${runs} runs, whole process (node start-up included), wall time / peak RSS, on ${process.platform} ${process.arch} with ${(await import("node:os")).cpus().length} cores, Node ${process.version}.`,
  "",
  `| models | ${cols.join(" | ")} |`,
  `| ---: | ${cols.map(() => "---:").join(" | ")} |`,
  ...[...results].map(([n, row]) => `| ${n} | ${cols.map((c) => fmt(row[c])).join(" | ")} |`),
  "",
  "Ratios to drizzle-kit, and of the cold run with TypeScript to the Python-only one (lower is better):",
  "",
  "| models | cold (python) / drizzle first | no-op / drizzle no-op | one field + migration / drizzle one column | cold (python+ts) / cold (python) |",
  "| ---: | ---: | ---: | ---: | ---: |",
  ...[...results].map(([n, row]) => {
    const r = (a: number | undefined, b: number | undefined) => ratio(a, b)?.toFixed(2) ?? "n/a";
    return `| ${n} | ${r(row["cold (python)"]?.ms, row["drizzle-kit first"]?.ms)} | ${r(row["no-op"]?.ms, row["drizzle-kit no-op"]?.ms)} | ${r((row["one field"]?.ms ?? 0) + (row.migration?.ms ?? 0), row["drizzle-kit one column"]?.ms)} | ${r(row["cold (python+ts)"]?.ms, row["cold (python)"]?.ms)} |`;
  }),
  "",
  ...(results.size > 1
    ? [
        "Growth per scenario between the two largest sizes (linear growth: the ratio of model counts):",
        "",
        (() => {
          const sizesRun = [...results.keys()].sort((x, y) => x - y);
          const [a, b] = [sizesRun[sizesRun.length - 2]!, sizesRun[sizesRun.length - 1]!];
          const ra = results.get(a)!;
          const rb = results.get(b)!;
          return `${a} → ${b} models (×${(b / a).toFixed(0)}): ${cols.filter((c) => ra[c] && rb[c]).map((c) => `${c} ×${(rb[c]!.ms / ra[c]!.ms).toFixed(1)}`).join(", ")}`;
        })(),
        "",
      ]
    : []),
];
// The targets, at 1,000 models: each ratio (or figure) against its limit.
const at1000 = results.get(1000);
if (at1000) {
  const ms = (k: string) => at1000[k]?.ms;
  const checks: [string, number | undefined, number, string][] = [
    ["cold (python) / drizzle-kit first", ratio(ms("cold (python)"), ms("drizzle-kit first")), 0.7, ""],
    ["no-op / drizzle-kit no-op", ratio(ms("no-op"), ms("drizzle-kit no-op")), 0.2, `, ${at1000["no-op"]?.written ?? "?"} files written`],
    ["(one field + migration) / drizzle-kit one column", ratio((ms("one field") ?? 0) + (ms("migration") ?? 0), ms("drizzle-kit one column")), 0.25, `, ${at1000["one field"]?.written ?? "?"} files written by gen models`],
    ["cold (python+ts) / cold (python)", ratio(ms("cold (python+ts)"), ms("cold (python)")), 1.5, ""],
    ["peak memory of any gen run, MiB", Math.max(...Object.entries(at1000).filter(([k]) => !k.startsWith("drizzle")).map(([, x]) => x.rssMiB)), 200, ""],
  ];
  lines.push(
    "Targets at 1,000 models:",
    "",
    "| figure | measured | limit | |",
    "| --- | ---: | ---: | --- |",
    ...checks.map(([name, v, limit, note]) => `| ${name} | ${v === undefined ? "n/a" : name.startsWith("peak") ? Math.round(v) : v.toFixed(2)}${note} | ${limit} | ${v !== undefined && v <= limit ? "met" : "NOT MET"} |`),
    "",
  );
}
const table = lines.join("\n");
process.stdout.write(`${table}\n`);
mkdirSync(join(REPO, "bench"), { recursive: true });
writeFileSync(join(REPO, "bench", "results.md"), `# Benchmark results\n\nGenerated by \`npm run bench\`.\n\n${table}`);
