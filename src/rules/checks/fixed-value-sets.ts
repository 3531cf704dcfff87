import type { RuleContext } from "../rule.js";
import { baseFieldsOf } from "../../input/accessors.js";

/** Column names that usually hold a fixed set of values (shared with the audit and import). */
export const FIXED_SET_NAMES = /^(status|state|kind|type|category|role|level|priority|stage|phase|mode)$|_(status|state|kind|type|category|role|level|priority|stage|phase|mode)$/;

/** 2.1.8.4: fixed value sets are enums; `status`, `*_type`, `kind`… as free strings are suspicious. */
export function checkFixedValueSets(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    for (const [name, field] of baseFieldsOf(m, ctx.specs)) {
      if ((field.type === "string" || field.type === "text") && FIXED_SET_NAMES.test(name)) {
        const pascal = name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
        const enumName = pascal.startsWith(m.name) ? pascal : `${m.name}${pascal}`;
        ctx.report({
          at: m.origin,
          sub: ["fields", name, "type"],
          message: `\`${name}\` is a free ${field.type}; a fixed set of values should be an enum`,
          hint: `declare \`enums: { ${enumName}: { values: [...] } }\` and use \`{ type: enum, enum: ${enumName} }\`; waive with a severity override if the set is open`,
        });
      }
    }
  }
}
