import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { arr, arrow, call, constDeclaration, functionSignature, id, member, num, obj, prop, returnObject, shared, str, typeAlias, type Expr, type Prop } from "../src/lang/typescript/ts-doc.js";

/**
 * The TypeScript printer lays out each statement by one of two paths: text for the common
 * shapes (one line, a broken list of one-line elements, a hugged expanded object) and prettier's
 * document algorithm for the rest. Whichever path a statement takes, prettier is the one
 * definition of its layout: every random statement here must be what prettier prints for the
 * same code written on one line (with a line break after `{` where an object is written
 * expanded, which prettier keeps). The statements are of the node kinds the target writes, in
 * the positions it writes them (calls, chains, objects, arrays; arrows returning a name, an object or an array;
 * members of names). PRINTER_SEED and PRINTER_RUNS widen the search: seed 2024 at 3,000 runs
 * finds one divergence left open, a chain whose head call ends in an array and has to break
 * (ours hugs the array; prettier breaks every argument), a shape the target does not write.
 */
const OPTIONS = { parser: "typescript", printWidth: 100 } as const;

/** The code, unformatted: one line except the line break prettier keeps in an expanded object. */
function naive(e: Expr): string {
  switch (e.k) {
    case "id":
    case "str":
      return e.text;
    case "neg":
      return `-${naive(e.arg)}`;
    case "member":
      return `${naive(e.object)}.${e.prop}`;
    case "call":
      return `${naive(e.callee)}(${e.args.map(naive).join(", ")})`;
    case "obj": {
      // A doc comment stands on a line of its own above its property.
      const props = e.props.map((p) => ("shorthand" in p ? p.shorthand : `${p.comment ? `${e.expanded ? "" : "\n"}${p.comment}\n` : ""}${p.key}: ${naive(p.value)}`));
      return e.expanded && props.length ? `{\n${props.join(",\n")}\n}` : `{ ${props.join(", ")} }`;
    }
    case "arr":
      return `[${e.items.map(naive).join(", ")}]`;
    case "arrow":
      return `${e.params} => ${e.body.k === "obj" ? `(${naive(e.body)})` : naive(e.body)}`;
    case "as":
      return `${naive(e.expr)} as ${e.type}`;
  }
}

const word = fc.constantFrom("a", "pg", "uuid", "text", "notNull", "references", "tenantId", "createdAt", "organizationMembership", "somewhatLongerIdentifierName", "x".repeat(40));
const key = fc.constantFrom("id", "k", "name", "tenant_id", "organization_membership_id", "a_rather_long_property_name_for_a_column");
const literal: fc.Arbitrary<Expr> = fc.oneof(
  word.map(id),
  fc.constantFrom('"x"', '"it\'s"', '"say \\"hi\\""', `"${"s".repeat(50)}"`).map(str),
  fc.constantFrom(0, 1, 255, -1, "-2.5").map(num),
);

/** `a.b.c`: the target reads members of names only (a member of a call's result never occurs). */
const ref: fc.Arbitrary<Expr> = fc.array(word, { minLength: 1, maxLength: 3 }).map(([head, ...rest]) => rest.reduce<Expr>((o, p) => member(o, p), id(head!)));

const { expr } = fc.letrec<{ expr: Expr; callee: Expr; obj: Expr; prop: Prop }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    literal,
    ref,
    fc.tuple(tie("callee"), fc.array(tie("expr"), { maxLength: 3 })).map(([c, args]) => call(c, ...args)),
    tie("obj"),
    fc.array(tie("expr"), { maxLength: 4 }).map(arr),
    fc.tuple(fc.constantFrom("()", "(t)", "(table)"), fc.oneof(tie("obj"), fc.array(tie("expr"), { maxLength: 3 }).map(arr), ref)).map(([p, b]) => arrow(p, b)),
  ),
  callee: fc.oneof(
    { depthSize: "small" },
    word.map(id),
    fc.tuple(tie("callee"), word).map(([o, p]) => member(o, p)),
    fc.tuple(tie("callee"), fc.array(tie("expr"), { maxLength: 2 }), word).map(([o, args, p]) => member(call(o, ...args), p)),
  ),
  obj: fc.tuple(fc.array(tie("prop"), { maxLength: 4 }), fc.boolean()).map(([props, expanded]) => obj(props, expanded)),
  prop: fc.oneof(
    fc.tuple(key, tie("expr")).map(([k, v]) => prop(k, v)),
    fc.tuple(key, tie("expr")).map(([k, v]) => shared(prop(k, v))),
    fc.tuple(key, literal).map(([k, v]) => prop(k, v, "/** A documented property. */")),
    word.map((w) => ({ shorthand: w })),
  ),
}));

/** Unique keys: a repeated key is a TypeScript error prettier still prints, but not ours to test. */
const distinctKeys = (e: Expr): boolean => {
  switch (e.k) {
    case "obj": {
      const keys = e.props.map((p) => ("shorthand" in p ? p.shorthand : p.key));
      return new Set(keys).size === keys.length && e.props.every((p) => "shorthand" in p || distinctKeys(p.value));
    }
    case "call":
      return distinctKeys(e.callee) && e.args.every(distinctKeys);
    case "member":
      return distinctKeys(e.object);
    case "arr":
      return e.items.every(distinctKeys);
    case "arrow":
      return distinctKeys(e.body);
    case "neg":
      return distinctKeys(e.arg);
    case "as":
      return distinctKeys(e.expr);
    default:
      return true;
  }
};

describe("TypeScript printer", () => {
  it("lays out random declarations as prettier does", async () => {
    await fc.assert(
      fc.asyncProperty(expr.filter(distinctKeys), fc.constantFrom("x", "fooTable", "aVeryLongExportedConstantNameForTheTable"), async (e, name) => {
        const ours = `${constDeclaration(name, e)}\n`;
        const reference = await prettier.format(`export const ${name} = ${naive(e)};\n`, OPTIONS);
        expect(ours).toBe(reference);
      }),
      { seed: Number(process.env.PRINTER_SEED ?? 7), numRuns: Number(process.env.PRINTER_RUNS ?? 400) },
    );
  });

  it("lays out functions, returned objects and type aliases as prettier does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(key, fc.oneof(word.map((w) => member("row", w)), fc.tuple(word, word).map(([f, w]) => call(f, member("row", w))))), { maxLength: 5 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom("T", "OrganizationMembershipRead", "A".repeat(60)),
        async (props, nParams, name) => {
          const unique = [...new Map(props).entries()].map(([k, v]) => prop(k, v));
          const params = ["row: Row", "dto: OrganizationMembershipCreate", "tenantId: string", "somethingElse: AnotherLongTypeName"].slice(0, nParams);
          const ours = [
            typeAlias(`${name}Row`, `typeof ${name.toLowerCase()}Table.$inferSelect`),
            typeAlias(name, { generic: "z.infer", arg: `typeof ${name}Schema` }),
            functionSignature(`to${name}`, params, `${name}Read`),
            returnObject(unique, 2),
            "}",
            "",
          ].join("\n");
          const body = unique.length ? `return {\n${unique.map((p) => ("key" in p ? `${p.key}: ${naive(p.value)}` : "")).join(",\n")}\n};` : "return {};";
          const reference = await prettier.format(
            [
              `export type ${name}Row = typeof ${name.toLowerCase()}Table.$inferSelect;`,
              `export type ${name} = z.infer<typeof ${name}Schema>;`,
              `export function to${name}(${params.join(", ")}): ${name}Read {`,
              body,
              "}",
            ].join("\n"),
            OPTIONS,
          );
          expect(ours).toBe(reference);
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });
});
