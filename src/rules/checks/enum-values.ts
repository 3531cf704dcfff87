import type { RuleContext } from "../rule.js";
import { MAX_IDENTIFIER_BYTES, byteLength, enumMemberName } from "../../ir/naming.js";
import { didYouMean } from "../../lang/did-you-mean.js";
import { DEFAULT_MAX_LENGTH, type EnumSpec } from "../../input/spec-schema.js";
import { fieldsOf } from "../../input/accessors.js";

export function enumValues(spec: EnumSpec): string[] {
  return spec.values.map((v) => (typeof v === "string" ? v : v.value));
}

const INT32 = [-2147483648, 2147483647] as const;

/** 2.1.8.5: enums exist, their values are storable, and every default is a valid value. */
export function checkValuesAndDefaults(ctx: RuleContext): void {
  for (const e of ctx.specs.enums) {
    const seen = new Map<string, string>();
    const members = new Map<string, string>();
    enumValues(e.spec).forEach((value, i) => {
      const at = { at: e.origin, sub: ["values", i] };
      if (value.length === 0) return ctx.report({ ...at, message: "an enum value cannot be empty", hint: "remove it" });
      if (byteLength(value) > MAX_IDENTIFIER_BYTES) {
        return ctx.report({ ...at, message: `enum value is ${byteLength(value)} bytes; PostgreSQL enum labels hold at most ${MAX_IDENTIFIER_BYTES}`, hint: "shorten it" });
      }
      if (/[\u0000-\u001f\u007f]/.test(value)) {
        return ctx.report({ ...at, message: "an enum value cannot contain control characters", hint: "remove them" });
      }
      if (seen.has(value)) return ctx.report({ ...at, message: `enum value \`${value}\` is listed twice`, hint: "remove the duplicate" });
      seen.set(value, value);
      const member = enumMemberName(value);
      if (member === undefined) {
        return ctx.report({ ...at, message: `enum value \`${value}\` has no letters or digits to name its Python member`, hint: "use letters or digits" });
      }
      const other = members.get(member);
      if (other !== undefined) {
        return ctx.report({ ...at, message: `enum values \`${other}\` and \`${value}\` both become the member \`${member}\``, hint: "make the values differ by more than case or punctuation" });
      }
      members.set(member, value);
    });
    const values = enumValues(e.spec);
    for (const [removed, replacement] of Object.entries(e.spec.replaced_values ?? {})) {
      const at = { at: e.origin, sub: ["replaced_values", removed] };
      if (values.includes(removed)) {
        ctx.report({ ...at, target: "key", message: `\`${removed}\` is still a value of ${e.name}; only removed values are replaced`, hint: "remove this entry" });
      } else if (!values.includes(replacement)) {
        ctx.report({ ...at, message: `replacement \`${replacement}\` is not a value of ${e.name}`, hint: didYouMean(replacement, values) ?? `one of: ${values.join(", ")}` });
      }
    }
  }
  for (const m of ctx.specs.models) {
    for (const [name, field] of fieldsOf(m)) {
      const at = (key: string) => ({ at: m.origin, sub: ["fields", name, key] });
      switch (field.type) {
        case "enum": {
          const e = ctx.specs.enumsByName.get(field.enum);
          if (!e) {
            ctx.report({
              ...at("enum"),
              message: `enum \`${field.enum}\` is not declared`,
              hint: didYouMean(field.enum, ctx.specs.enumsByName.keys()) ?? "declare it under `enums:` in any spec file",
            });
          } else if (field.default !== undefined && !enumValues(e.spec).includes(field.default)) {
            ctx.report({
              ...at("default"),
              message: `default \`${field.default}\` is not a value of ${field.enum}`,
              hint: didYouMean(field.default, enumValues(e.spec)) ?? `one of: ${enumValues(e.spec).join(", ")}`,
            });
          }
          break;
        }
        case "string":
          if (field.default !== undefined && field.default.length > (field.max_length ?? DEFAULT_MAX_LENGTH)) {
            ctx.report({ ...at("default"), message: `default is longer than max_length ${field.max_length ?? DEFAULT_MAX_LENGTH}`, hint: "shorten the default or raise max_length" });
          }
          break;
        case "char":
          // PostgreSQL would cut nothing: a longer value is an error on every insert.
          if (field.default !== undefined && [...field.default].length > field.length) {
            ctx.report({ ...at("default"), message: `default is longer than length ${field.length}`, hint: "shorten the default or raise length" });
          }
          break;
        case "integer":
          if (field.default !== undefined && (field.default < INT32[0] || field.default > INT32[1])) {
            ctx.report({ ...at("default"), message: "default does not fit a 32-bit integer", hint: "use type bigint" });
          }
          break;
        case "bigint":
          if (field.default !== undefined && !Number.isSafeInteger(field.default)) {
            ctx.report({ ...at("default"), message: "default is outside the exactly representable integer range", hint: "use a smaller default" });
          }
          break;
        case "decimal": {
          const precision = field.precision ?? 18;
          const scale = field.scale ?? 2;
          if (scale > precision) {
            ctx.report({ ...at("scale"), message: `scale ${scale} is larger than precision ${precision}`, hint: "scale counts digits after the point, within precision" });
          }
          if (field.default !== undefined) {
            const text = String(field.default);
            const match = /^-?(\d+)(?:\.(\d+))?$/.exec(text);
            if (!match) ctx.report({ ...at("default"), message: `default \`${text}\` is not a decimal number`, hint: 'write it like "0.00"' });
            else if ((match[2]?.length ?? 0) > scale || match[1]!.replace(/^0+(?=\d)/, "").length > precision - scale) {
              ctx.report({ ...at("default"), message: `default \`${text}\` does not fit NUMERIC(${precision}, ${scale})`, hint: "change the default or the precision" });
            }
          }
          break;
        }
        default:
          break;
      }
    }
  }
}
