// The CLI as one ES module (dist/cli/gen.js): start-up loads one file instead of ~150, which
// halves the time before `gen` does anything. Heavy or binary dependencies that only some
// commands need stay external and are loaded on demand.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/bin.ts"],
  outfile: "dist/cli/gen.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["web-tree-sitter", "tree-sitter-python", "pg", "@electric-sql/pglite", "typescript"],
  // Bundled CommonJS dependencies call require(); give the module one.
  banner: { js: "import { createRequire as __gen_createRequire } from 'node:module';\nconst require = __gen_createRequire(import.meta.url);" },
  legalComments: "none",
  logLevel: "warning",
});
