import type { RuleContext } from "../rule.js";
import { MAX_IDENTIFIER_BYTES, PASCAL_CASE, byteLength, snakeCase, tableName } from "../../ir/naming.js";
import { isReservedClassName } from "../predicates.js";

/** Module names the generated packages use themselves (`entities/index.ts`, the barrel). */
const GENERATED_MODULES: ReadonlySet<string> = new Set(["index"]);

/** File names Windows reserves whatever the extension: a checkout there would break. */
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/;

/** 2.1.5.1: model and enum names are PascalCase class names that fit every target. */
export function checkClassNames(ctx: RuleContext): void {
  const items = [
    ...ctx.specs.models.map((m) => ({ kind: "model", name: m.name, origin: m.origin })),
    ...ctx.specs.enums.map((e) => ({ kind: "enum", name: e.name, origin: e.origin })),
    ...ctx.specs.views.map((v) => ({ kind: "view", name: v.name, origin: v.origin })),
    ...ctx.specs.domains.map((d) => ({ kind: "domain", name: d.name, origin: d.origin })),
  ];
  for (const { kind, name, origin } of items) {
    const at = { at: origin, target: "key" as const };
    if (!PASCAL_CASE.test(name)) {
      const suggestion = name
        .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))
        .replace(/^./, (c) => c.toUpperCase());
      ctx.report({
        ...at,
        message: `${kind} name \`${name}\` is not PascalCase`,
        hint: PASCAL_CASE.test(suggestion) ? `rename it to \`${suggestion}\`` : "use letters and digits, starting with a capital letter",
      });
    } else if (isReservedClassName(name)) {
      ctx.report({ ...at, message: `\`${name}\` is reserved by the generated code`, hint: "choose a more specific name" });
    } else if (kind === "model" && GENERATED_MODULES.has(snakeCase(name))) {
      ctx.report({ ...at, message: `model \`${name}\` would be written to ${snakeCase(name)}.ts, which the generated code uses for its own module`, hint: "choose a more specific name" });
    } else if (kind === "model" && WINDOWS_DEVICE_NAMES.test(snakeCase(name))) {
      ctx.report({ ...at, message: `model \`${name}\` would be written to ${snakeCase(name)}.py, a reserved device name on Windows`, hint: "choose a more specific name" });
    } else if (kind !== "enum" && kind !== "domain" && byteLength(tableName(name)) > MAX_IDENTIFIER_BYTES - 8) {
      ctx.report({
        ...at,
        message: `${kind} name \`${name}\` gives the ${kind === "view" ? "view" : "table"} \`${tableName(name)}\`, longer than ${MAX_IDENTIFIER_BYTES - 8} bytes`,
        hint: "table names must leave room for constraint prefixes within PostgreSQL's 63-byte limit; shorten the name",
      });
    }
  }
}
