#!/usr/bin/env node
// Starts the bundled CLI (dist/cli/gen.cjs) through V8's code cache, so a run does not compile
// again what an earlier run compiled. The cache sits beside the bundle, never in a shared
// folder where anyone could plant code for us to run; V8 checks that it belongs to this source
// and this V8, and rejects it otherwise (a rebuilt bundle, another Node). It is written at the
// exit of a run, when it holds every function the run compiled: by the first run, after a
// rejection, and by the first run of each command (their functions are added). A folder we
// cannot write only means no cache.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const bundle = fileURLToPath(new URL("../dist/cli/gen.cjs", import.meta.url));
const cacheFile = `${bundle}.v8cache`;
const read = (path, encoding) => {
  try {
    return readFileSync(path, encoding);
  } catch {
    return undefined;
  }
};
const cachedData = read(cacheFile);
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, "utf8")}\n})`, { filename: bundle, cachedData });
// The commands whose runs the cache holds (the file beside it, written after it).
const covered = cachedData && !script.cachedDataRejected ? (read(`${cacheFile}.commands`, "utf8") ?? "").split("\n").filter(Boolean) : [];
const command = process.argv.slice(2).find((a) => /^[a-z]+$/.test(a)) ?? "-";
if (!covered.includes(command)) {
  process.once("exit", () => {
    const write = (path, data) => {
      writeFileSync(`${path}.${process.pid}.tmp`, data);
      renameSync(`${path}.${process.pid}.tmp`, path);
    };
    try {
      write(cacheFile, script.createCachedData());
      write(`${cacheFile}.commands`, [...covered, command].join("\n"));
    } catch {
      // a read-only install: run without a cache
    }
  });
}
// A script restored from the cache cannot import(): the bundle imports through this module's.
globalThis.__genImport = (specifier) => import(specifier);
const cli = { exports: {} };
script.runInThisContext()(cli.exports, createRequire(bundle), cli, bundle, dirname(bundle));
cli.exports.run();
