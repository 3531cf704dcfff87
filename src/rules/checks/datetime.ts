import type { RuleContext } from "../rule.js";
import { baseFieldsOf } from "../../input/accessors.js";

/** 2.1.8.6: points in time are tz-aware datetimes (`*_at`), calendar days are dates. */
export function checkTemporalFields(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    for (const [name, field] of baseFieldsOf(m, ctx.specs)) {
      // A time of day (`opens_at: time`) is no point in time but reads naturally so.
      if (name.endsWith("_at") && field.type !== "datetime" && field.type !== "time") {
        ctx.report({
          at: m.origin,
          sub: ["fields", name, "type"],
          message: `\`${name}\` names a point in time but is ${field.type}`,
          hint: "use `type: datetime` (always timezone-aware), or rename the field",
        });
      } else if ((name.endsWith("_on") || name.endsWith("_date")) && (field.type === "string" || field.type === "text")) {
        ctx.report({ at: m.origin, sub: ["fields", name, "type"], message: `\`${name}\` names a date but is ${field.type}`, hint: "use `type: date`" });
      }
    }
  }
}
