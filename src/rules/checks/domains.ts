import type { Finding, RuleContext } from "../rule.js";
import { domainField, fieldsOf } from "../../input/accessors.js";
import { didYouMean } from "../../lang/did-you-mean.js";
import { SNAKE_CASE, snakeCase } from "../../ir/naming.js";
import { FieldSchema, type BaseFieldSpec } from "../../input/spec-schema.js";
import { checkFieldBounds } from "./bounds.js";

/**
 * 2.1.8.11: a domain's bounds can hold (the same checks as a field's), its checks are named
 * snake_case once each, and a `type: domain` field names a declared domain.
 */
/** Type names PostgreSQL resolves before the project's own (pg_catalog first), or treats specially in a column (serial). */
const BUILT_IN_TYPES: ReadonlySet<string> = new Set([
  "bigint", "bigserial", "bit", "bool", "boolean", "box", "bytea", "char", "character", "cidr", "circle", "date", "decimal",
  "float4", "float8", "inet", "int", "int2", "int4", "int8", "integer", "interval", "json", "jsonb", "line", "lseg", "macaddr",
  "money", "name", "numeric", "oid", "path", "point", "polygon", "real", "record", "serial", "serial2", "serial4", "serial8",
  "smallint", "smallserial", "text", "time", "timestamp", "timestamptz", "timetz", "tsquery", "tsvector", "uuid", "varchar", "xml",
]);

export function checkDomains(ctx: RuleContext): void {
  for (const d of ctx.specs.domains) {
    const type = snakeCase(d.name);
    if (BUILT_IN_TYPES.has(type)) {
      ctx.report({ at: d.origin, target: "key", message: `domain \`${d.name}\` would be the type \`${type}\`, which PostgreSQL already names`, hint: "choose a more specific name (e.g. `Badge${d.name}`)" });
    }
    const { checks, ...base } = d.spec;
    const derived = new Set<string>();
    // The domain's bounds as a field's: `min` of a domain is `min` of every column it types.
    checkFieldBounds(ctx, "", base as BaseFieldSpec, (key) => ({ at: d.origin, sub: [key] }), derived);
    const seen = new Set<string>();
    (checks ?? []).forEach((k, i) => {
      const at = { at: d.origin, sub: ["checks", i, "name"] };
      if (!SNAKE_CASE.test(k.name)) ctx.report({ ...at, message: `check name \`${k.name}\` is not snake_case`, hint: "e.g. lower_case" });
      else if (seen.has(k.name)) ctx.report({ ...at, message: `a second check named \`${k.name}\``, hint: "give each check its own name" });
      else if (["min", "max", "min_length", "pattern"].includes(k.name)) ctx.report({ ...at, message: `\`${k.name}\` is the name of a bound's check`, hint: "choose another name" });
      seen.add(k.name);
    });
  }
  for (const m of ctx.specs.models) {
    for (const [name, field] of fieldsOf(m)) {
      if (field.type !== "domain") continue;
      const d = ctx.specs.domainsByName.get(field.domain);
      if (d && field.default !== undefined) {
        // The default is the base type's, within the domain's bounds: checked as a field of that type.
        const expanded = FieldSchema.safeParse(domainField(field, d.spec));
        const at = { at: m.origin, sub: ["fields", name, "default"] };
        if (!expanded.success) ctx.report({ ...at, message: `the default ${JSON.stringify(field.default)} is not a value of domain \`${d.name}\` (${d.spec.type})`, hint: `give a ${d.spec.type} default` });
        else {
          const report = ctx.report.bind(ctx);
          const onlyDefault = { ...ctx, report: (f: Finding) => (f.sub?.at(-1) === "default" ? report({ ...f, at: m.origin, sub: ["fields", name, "default"] }) : undefined) };
          checkFieldBounds(onlyDefault, name, expanded.data as BaseFieldSpec, (key) => ({ at: m.origin, sub: ["fields", name, key] }), new Set());
        }
      }
      if (d) continue;
      ctx.report({
        at: m.origin,
        sub: ["fields", name, "domain"],
        message: `domain \`${field.domain}\` is not declared`,
        hint: didYouMean(field.domain, ctx.specs.domainsByName.keys()) ?? "declare it under `domains:` in any spec file",
      });
    }
  }
}
