import { join } from "node:path";
import { REPO } from "./project.js";

/** Migration scenarios as case folders: `test/migrations/<slug>/{before,after}/`, `scenario.txt`. */
export const CASES_DIR = join(REPO, "test", "migrations");
export const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
