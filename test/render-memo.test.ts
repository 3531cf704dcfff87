import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, generate, renderFiles } from "../src/core/generate.js";
import { readTemplates } from "../src/project/project.js";
import type { RenderMemo } from "../src/targets/memo.js";
import { REPO, listFiles } from "./helpers/project.js";

/** A one-field edit re-renders only the files of the models it touches, in both targets. */
describe("render memo", () => {
  it("re-renders the edited model's Python and TypeScript files and its relations' only, with the same output", () => {
    const templates = readTemplates();
    const blueprint = { path: "blueprint.yaml", text: readFileSync(join(REPO, "blueprint.yaml"), "utf8") };
    const read = () => listFiles(join(REPO, "specs")).map((f) => ({ path: `specs/${f}`, text: readFileSync(join(REPO, "specs", f), "utf8") }));
    const store = new Map<string, string>();
    let rendered: string[] = [];
    const memo: RenderMemo = {
      file(key, path, render) {
        const hit = store.get(key);
        if (hit !== undefined) return { path, content: hit };
        rendered.push(path);
        const content = render();
        store.set(key, content);
        return { path, content };
      },
    };
    const withMemo = (specs: ReturnType<typeof read>) => {
      const a = analyze({ specs, blueprint });
      expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      return [...renderFiles(a.project!, a.schema!, templates, memo)].sort((x, y) => (x.path < y.path ? -1 : 1));
    };
    withMemo(read());
    expect(rendered.filter((p) => p.startsWith("typescript/entities/")).length).toBeGreaterThan(5);
    rendered = [];
    const specs = read().map((s) =>
      s.path === "specs/workers.yaml" ? { ...s, text: s.text.replace("hostname: { type: string, max_length: 255 }", "hostname: { type: string, max_length: 200 }") } : s,
    );
    const edited = withMemo(specs);
    const perModel = rendered.filter((p) => /\/(models|schemas|entities|dtos|mappers)\/[a-z_]+\.(py|ts)$/.test(p));
    const stems = new Set(perModel.map((p) => p.split("/").pop()!.replace(/\.(py|ts)$/, "")));
    // Worker and the models related to it (Job references a worker); not Tag, Tenant, UsageCharge.
    expect(stems.has("worker")).toBe(true);
    for (const other of ["tag", "usage_charge", "tenant"]) expect(stems.has(other), `${other} re-rendered`).toBe(false);
    expect(perModel.some((p) => p.startsWith("typescript/entities/worker"))).toBe(true);
    // The memo changes nothing but work.
    const cold = generate({ specs, blueprint, templates });
    expect(edited.map((f) => [f.path, f.content])).toEqual(cold.files.map((f) => [f.path, f.content]));
  });
});
