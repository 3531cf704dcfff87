import { main } from "./main.js";

export function run(): void {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    isTTY: !!process.stderr.isTTY,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`gen: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
