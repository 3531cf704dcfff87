import type { RuleContext } from "../rule.js";
import { snakeCase, tableName } from "../../ir/naming.js";

/** 2.1.0.3: derived names (tables, modules, enum types) must not collide either. */
export function checkDerivedNamesUnique(ctx: RuleContext): void {
  const tables = new Map<string, string>();
  const modules = new Map<string, string>();
  for (const m of ctx.specs.models) {
    const table = m.spec.table ?? tableName(m.name);
    const firstTable = tables.get(table);
    if (firstTable) {
      ctx.report({
        at: m.origin,
        target: "key",
        message: `model \`${m.name}\` maps to table \`${table}\`, which \`${firstTable}\` already uses`,
        hint: "rename one of the two models",
      });
    } else tables.set(table, m.name);
    const module = snakeCase(m.name);
    const firstModule = modules.get(module);
    if (firstModule) {
      ctx.report({
        at: m.origin,
        target: "key",
        message: `model \`${m.name}\` would be written to the same file as \`${firstModule}\` (${module}.py)`,
        hint: "model names must differ by more than letter case",
      });
    } else modules.set(module, m.name);
  }
  for (const e of ctx.specs.enums) {
    const type = snakeCase(e.name);
    const clash = tables.get(type);
    if (clash) {
      ctx.report({
        at: e.origin,
        target: "key",
        message: `enum \`${e.name}\` would create the PostgreSQL type \`${type}\`, the name of \`${clash}\`'s table type`,
        hint: "PostgreSQL keeps tables and types in one namespace; rename the enum",
      });
    }
    if (ctx.specs.modelsByName.has(e.name)) {
      ctx.report({ at: e.origin, target: "key", message: `\`${e.name}\` is both a model and an enum`, hint: "rename one of them" });
    }
  }
  // A view is a relation of its own in PostgreSQL, and a class next to the models and enums.
  const enumTypes = new Map(ctx.specs.enums.map((e) => [snakeCase(e.name), e.name]));
  for (const v of ctx.specs.views) {
    const name = tableName(v.name);
    const other = ctx.specs.modelsByName.has(v.name) ? "a model" : ctx.specs.enumsByName.has(v.name) ? "an enum" : undefined;
    if (other) ctx.report({ at: v.origin, target: "key", message: `\`${v.name}\` is both ${other} and a view`, hint: "rename one of them" });
    else if (tables.has(name)) {
      ctx.report({ at: v.origin, target: "key", message: `view \`${v.name}\` maps to \`${name}\`, the table of \`${tables.get(name)}\``, hint: "rename the view" });
    } else if (enumTypes.has(name)) {
      ctx.report({ at: v.origin, target: "key", message: `view \`${v.name}\` maps to \`${name}\`, the PostgreSQL type of enum \`${enumTypes.get(name)}\``, hint: "rename the view" });
    }
    tables.set(name, v.name);
  }
  // A domain is a PostgreSQL type, in the namespace of tables, views and enum types.
  for (const d of ctx.specs.domains) {
    const type = snakeCase(d.name);
    const other = ctx.specs.modelsByName.has(d.name) ? "a model" : ctx.specs.enumsByName.has(d.name) ? "an enum" : ctx.specs.views.some((v) => v.name === d.name) ? "a view" : undefined;
    if (other) ctx.report({ at: d.origin, target: "key", message: `\`${d.name}\` is both ${other} and a domain`, hint: "rename one of them" });
    else if (tables.has(type)) ctx.report({ at: d.origin, target: "key", message: `domain \`${d.name}\` would create the PostgreSQL type \`${type}\`, the name of \`${tables.get(type)}\`'s table type`, hint: "rename the domain" });
    else if (enumTypes.has(type)) ctx.report({ at: d.origin, target: "key", message: `domain \`${d.name}\` would create the PostgreSQL type \`${type}\`, which enum \`${enumTypes.get(type)}\` creates too`, hint: "rename the domain" });
  }
}
