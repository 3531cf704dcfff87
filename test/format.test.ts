import { describe, expect, it } from "vitest";
import { formatFiles, type FormatCache } from "../src/emit/format.js";

describe(formatFiles.name, () => {
  it("formats TypeScript only, reports progress, and reuses the cache for unchanged sources", async () => {
    const files = [
      { path: "a.ts", content: "export const a={x:1}" },
      { path: "b.py", content: "x = {1:2}\n" },
      { path: "c.ts", content: "export   const c = 2" },
    ];
    const seen: [number, number][] = [];
    const cache: FormatCache = new Map();
    const out = await formatFiles(files, cache, (d, t) => seen.push([d, t]));
    expect(out.map((f) => f.content)).toEqual(["export const a = { x: 1 };\n", "x = {1:2}\n", "export const c = 2;\n"]);
    expect(seen.map(([d]) => d).sort()).toEqual([1, 2, 3]);
    expect(seen.every(([, t]) => t === 3)).toBe(true);
    expect(cache.size).toBe(2);
    cache.set("export const a={x:1}", "// from the cache\n");
    expect((await formatFiles(files, cache))[0]!.content).toBe("// from the cache\n");
  });

  it("reports a formatter failure as a bug with the raw source", async () => {
    await expect(formatFiles([{ path: "x.ts", content: "export const = ;" }])).rejects.toThrow(/prettier could not format x\.ts[\s\S]*--- raw source ---\nexport const = ;/);
  });
});
