// The CLI as one CommonJS script (dist/cli/gen.cjs): start-up loads one file instead of ~150,
// and bin/gen.js can run it through V8's code cache (vm.Script), which ES modules do not offer
// on Node 20. Heavy or binary dependencies that only some commands need stay external and are
// loaded on demand.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/bin.ts"],
  outfile: "dist/cli/gen.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["web-tree-sitter", "tree-sitter-python", "pg", "@electric-sql/pglite", "typescript"],
  // The sources locate their templates from import.meta.url: the bundle's own URL.
  define: { "import.meta.url": "__gen_bundle_url" },
  banner: { js: "const __gen_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: "none",
  logLevel: "warning",
});
