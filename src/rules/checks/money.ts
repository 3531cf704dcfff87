import type { RuleContext } from "../rule.js";
import { baseFieldsOf } from "../../input/accessors.js";

/** Column names that usually hold money (shared with the audit and import). */
export const MONEY = /^(price|amount|cost|total|subtotal|balance|fee|fees|salary|tax|discount|revenue|payment|charge|refund|budget)$|_(price|amount|cost|total|subtotal|balance|fee|fees|salary|tax|discount|revenue|payment|charge|refund|budget|cents)$/;

/** 2.1.8.7: money is decimal, never binary floating point. */
export function checkMoneyIsDecimal(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    for (const [name, field] of baseFieldsOf(m, ctx.specs)) {
      if (field.type === "float" && MONEY.test(name)) {
        ctx.report({
          at: m.origin,
          sub: ["fields", name, "type"],
          message: `\`${name}\` looks like money but is a float, which cannot store cents exactly`,
          hint: "use `{ type: decimal, precision: 12, scale: 2 }`",
        });
      }
    }
  }
}
