import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { tsDoc, tsString } from "../src/lang/typescript/escape.js";

const hostile = ['*/ alert(1) /*', "`${process.exit(1)}`", '"""', "'''", "a\\", "line\nbreak\r\n", "\u202e bidi", "\u0000 nul", "{{x}}", "\u2028sep"];

describe(tsString.name, () => {
  it.each(hostile)("%j stays one inert string literal", (s) => {
    const literal = tsString(s);
    // The literal evaluates back to the same text and nothing else.
    expect(new Function(`return ${literal};`)()).toBe(s);
    expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
  });

  it("round-trips any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => new Function(`return ${tsString(s)};`)() === s), { seed: 42, numRuns: 500 });
  });
});

describe(tsDoc.name, () => {
  it.each(hostile)("%j cannot close the comment early", (s) => {
    const doc = tsDoc(`before ${s} after`, "")!;
    const body = doc.slice(3, -2);
    expect(body).not.toContain("*/");
    // Still a single comment: the source parses to nothing but that comment.
    expect(() => new Function(`${doc}\nreturn 1;`)).not.toThrow();
  });
});
