import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { checkDrizzleService } from "./helpers/drizzle-service.js";
import { CASES, REPO } from "./helpers/project.js";

/** The drizzle-orm service check (helpers/drizzle-service.ts) on the example and every valid case. */
const roots = [
  { name: "example project", root: join(REPO, "generated") },
  ...readdirSync(CASES)
    .filter((d) => !d.startsWith("fail-") && existsSync(join(CASES, d, "expected", "typescript")))
    .map((d) => ({ name: `case ${d}`, root: join(CASES, d, "expected") })),
];
const url = inject("databaseUrl");

describe.each(roots)("drizzle-orm on node-postgres: $name", ({ root }) => {
  it("push twice, insert, relational query, Read DTO mapping", async () => {
    if (!url) {
      expect(process.env.CI === "true", `CI=true requires PostgreSQL: ${inject("databaseProblem")}`).toBe(false);
      return;
    }
    await checkDrizzleService(root, url);
  });
});
