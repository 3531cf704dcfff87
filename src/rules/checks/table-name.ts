import type { RuleContext } from "../rule.js";
import { tableName } from "../../ir/naming.js";

/** 2.1.5: the table name is the plural snake_case of the model name. */
export function checkTableName(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    const derived = tableName(m.name);
    if (m.spec.table !== undefined && m.spec.table !== derived) {
      ctx.report({
        at: m.origin,
        sub: ["table"],
        message: `table \`${m.spec.table}\` differs from the derived name \`${derived}\``,
        hint: `remove \`table\` (it defaults to \`${derived}\`), or rename the model`,
      });
    }
  }
}
