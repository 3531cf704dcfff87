import type { Finding, RuleContext } from "../rule.js";
import { fieldsOf } from "../../input/accessors.js";
import { DEFAULT_MAX_LENGTH, type BaseFieldSpec, type FieldSpec } from "../../input/spec-schema.js";
import { portablePattern } from "../../lang/regex.js";
import { compareDecimal, decimalText, fitsNumeric } from "../../lang/decimal.js";
import { SNAKE_CASE } from "../../ir/naming.js";

const RANGE: Partial<Record<FieldSpec["type"], readonly [string, string]>> = {
  integer: ["-2147483648", "2147483647"],
  bigint: ["-9223372036854775808", "9223372036854775807"],
};
const BOUND_KINDS = ["min", "max", "min_length", "pattern"] as const;

/** 2.1.8.9: bounds, patterns and checks can hold: in range, in order, portable, met by the default. */
export function checkBounds(ctx: RuleContext): void {
  for (const m of ctx.specs.models) {
    const derived = new Set<string>();
    for (const [name, field] of fieldsOf(m)) {
      // A domain field's bounds are its domain's, checked there.
      if (field.type === "domain") continue;
      checkFieldBounds(ctx, name, field, (key) => ({ at: m.origin, sub: ["fields", name, key] }), derived);
    }
    const seen = new Set<string>();
    (m.spec.checks ?? []).forEach((k, i) => {
      const at = { at: m.origin, sub: ["checks", i, "name"] };
      if (!SNAKE_CASE.test(k.name)) ctx.report({ ...at, message: `check name \`${k.name}\` is not snake_case`, hint: "e.g. discount_below_total" });
      else if (seen.has(k.name)) ctx.report({ ...at, message: `a second check named \`${k.name}\``, hint: "give each check its own name" });
      else if (derived.has(k.name)) {
        ctx.report({ ...at, message: `\`${k.name}\` is the name of a field bound's check (${BOUND_KINDS.find((b) => k.name.endsWith(`_${b}`))} on ${k.name.replace(/_(min|max|min_length|pattern)$/, "")})`, hint: "choose another name" });
      }
      seen.add(k.name);
    });
  }
}

/** One field's (or domain's) bounds: exact, in range, in order, portable, met by its default. */
export function checkFieldBounds(ctx: RuleContext, name: string, field: BaseFieldSpec, at: (key: string) => Pick<Finding, "at" | "sub">, derived: Set<string>): void {
  const bounds: Partial<Record<"min" | "max", string>> = {};
  for (const key of ["min", "max"] as const) {
    if (!(key in field)) continue;
    const raw = (field as Record<string, unknown>)[key] as number | string | undefined;
    if (raw === undefined) continue;
    derived.add(`${name}_${key}`);
    if (field.type === "float") {
      bounds[key] = typeof raw === "number" ? String(raw) : undefined;
      continue;
    }
    const text = decimalText(raw);
    const integral = field.type === "integer" || field.type === "bigint";
    if (text === undefined || (integral && (!/^-?[0-9]+$/.test(text) || (typeof raw === "number" && !Number.isSafeInteger(raw))))) {
      ctx.report({ ...at(key), message: `\`${key}: ${String(raw)}\` is not an exact number`, hint: "write it as digits with an optional fraction, e.g. \"0.01\" (quoted for large values)" });
      continue;
    }
    const range = RANGE[field.type];
    if (range && (compareDecimal(text, range[0]) < 0 || compareDecimal(text, range[1]) > 0)) {
      ctx.report({ ...at(key), message: `\`${key}: ${text}\` is outside the ${field.type} range ${range[0]} … ${range[1]}`, hint: field.type === "integer" ? "use bigint for larger values" : "use decimal for larger values" });
      continue;
    }
    if (field.type === "decimal") {
      const p = field.precision ?? 18;
      const s = field.scale ?? 2;
      if (!fitsNumeric(text, p, s)) {
        ctx.report({ ...at(key), message: `\`${key}: ${text}\` does not fit NUMERIC(${p}, ${s})`, hint: `at most ${p - s} whole digits and ${s} after the point` });
        continue;
      }
    }
    bounds[key] = text;
  }
  if (bounds.min !== undefined && bounds.max !== undefined) {
    const order = field.type === "float" ? Number(bounds.min) - Number(bounds.max) : compareDecimal(bounds.min, bounds.max);
    if (order > 0) ctx.report({ ...at("max"), message: `\`max: ${bounds.max}\` is below \`min: ${bounds.min}\`: no value is allowed`, hint: "swap them" });
  }
  let pattern: RegExp | undefined;
  if ("pattern" in field && field.pattern !== undefined) {
    derived.add(`${name}_pattern`);
    const p = portablePattern(field.pattern);
    if ("error" in p) {
      const near = field.pattern.slice(p.error.offset, p.error.offset + 8);
      ctx.report({
        ...at("pattern"),
        message: `pattern: ${p.error.message} (at character ${p.error.offset + 1}${near ? `: \`${near}\`` : ""})`,
        hint: p.error.hint ?? "patterns use the syntax Pydantic, JavaScript and PostgreSQL share: classes, groups, |, repeats, ^ and $",
      });
    } else pattern = new RegExp(p.pattern, "u");
  }
  if ("min_length" in field && field.min_length !== undefined) {
    derived.add(`${name}_min_length`);
    const max = field.type === "string" ? (field.max_length ?? DEFAULT_MAX_LENGTH) : field.type === "char" ? field.length : undefined;
    if (max !== undefined && field.min_length > max) {
      ctx.report({ ...at("min_length"), message: `\`min_length: ${field.min_length}\` exceeds \`max_length: ${max}\`: no value is allowed`, hint: "raise max_length or lower min_length" });
    }
  }
  // The default must pass the column's own checks, or every insert that relies on it fails.
  const def = "default" in field ? field.default : undefined;
  if (def !== undefined && typeof def !== "boolean") {
    const text = field.type === "float" ? String(def) : decimalText(def as number | string);
    const numeric = ["integer", "bigint", "float", "decimal"].includes(field.type);
    const cmp = (a: string, b: string) => (field.type === "float" ? Number(a) - Number(b) : compareDecimal(a, b));
    const broken =
      numeric && text !== undefined && bounds.min !== undefined && cmp(text, bounds.min) < 0
        ? `is below \`min: ${bounds.min}\``
        : numeric && text !== undefined && bounds.max !== undefined && cmp(text, bounds.max) > 0
          ? `is above \`max: ${bounds.max}\``
          : typeof def === "string" && "min_length" in field && field.min_length !== undefined && [...def].length < field.min_length
            ? `is shorter than \`min_length: ${field.min_length}\``
            : typeof def === "string" && pattern && !pattern.test(def)
              ? "does not match `pattern`"
              : undefined;
    if (broken) ctx.report({ ...at("default"), message: `the default ${JSON.stringify(def)} ${broken}: every insert relying on it would fail`, hint: "change the default or the bound" });
  }
}
