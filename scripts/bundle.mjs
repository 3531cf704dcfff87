// The CLI as one CommonJS script (dist/cli/gen.cjs): start-up loads one file instead of ~150,
// and bin/gen.js can run it through V8's code cache (vm.Script), which ES modules do not offer
// on Node 20. Heavy or binary dependencies that only some commands need stay external and are
// loaded on demand.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

/** A hash of every source file: the build id that keys the run caches (src/version.ts). */
function sourcesHash(dir) {
  const h = createHash("sha256");
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${p}\n`).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex").slice(0, 16);
}

await build({
  entryPoints: ["src/cli/bin.ts"],
  outfile: "dist/cli/gen.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["web-tree-sitter", "tree-sitter-python", "pg", "@electric-sql/pglite", "typescript"],
  // The sources locate their templates from import.meta.url: the bundle's own URL.
  define: { "import.meta.url": "__gen_bundle_url", __GEN_BUILD__: JSON.stringify(sourcesHash("src")) },
  banner: { js: "const __gen_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: "none",
  logLevel: "warning",
});
