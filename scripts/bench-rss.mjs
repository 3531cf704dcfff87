// Loaded with --import into benchmarked processes: records peak memory (maxRSS, KiB) at exit.
import { appendFileSync } from "node:fs";

const out = process.env.BPG_BENCH_RSS;
if (out) process.on("exit", () => appendFileSync(out, `${process.resourceUsage().maxRSS}\n`));
