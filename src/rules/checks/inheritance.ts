import type { RuleContext } from "../rule.js";

const IMPORT_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\.[A-Z][A-Za-z0-9_]*$/;

/** 2.1.4: entities inherit Base and BaseModel, plus declared mixins only. */
export function checkInheritance(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    const seen = new Set<string>();
    (m.spec.mixins ?? []).forEach((mixin, i) => {
      const at = { at: m.origin, sub: ["mixins", i] };
      const cls = mixin.split(".").pop() ?? "";
      if (!IMPORT_PATH.test(mixin)) {
        ctx.report({ ...at, message: `mixin \`${mixin}\` is not an import path of a class`, hint: "write it as `package.module.ClassName`" });
      } else if (cls === "Base" || cls === "BaseModel" || cls === "GlobalBaseModel") {
        ctx.report({ ...at, message: `\`${cls}\` is already inherited by every entity`, hint: "remove it from mixins" });
      } else if (seen.has(mixin)) {
        ctx.report({ ...at, message: `mixin \`${mixin}\` is listed twice`, hint: "remove the duplicate" });
      }
      seen.add(mixin);
    });
  }
}
