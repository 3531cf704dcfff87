import { z } from "zod";
import type { Diagnostic } from "./diagnostic.js";
import type { LoadedYaml, PathSegment } from "./load.js";
import { didYouMean } from "../lang/did-you-mean.js";
import { FIELD_TYPES, FieldSchema } from "./spec-schema.js";

const SCHEMA_RULE = "2.1.0.2";

const fieldKeysByType = new Map<string, string[]>(
  FieldSchema.options.map((o) => [String(o.shape.type.value), Object.keys(o.shape)]),
);

/** Keys allowed at a path, read from the zod schema itself (never listed twice). */
function allowedKeys(schema: z.ZodType, path: readonly PathSegment[], root: unknown): string[] {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; i <= path.length && s; i++) {
    s = unwrap(s, root, path.slice(0, i));
    if (i === path.length) break;
    const seg = path[i];
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(seg)];
    else if (s instanceof z.ZodRecord) s = s._zod.def.valueType as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else s = undefined;
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Optional → inner; a union → the object option (a discriminated one by the value's `type`). */
function unwrap(s: z.ZodType, root: unknown, path: readonly PathSegment[]): z.ZodType {
  let cur: z.ZodType = s;
  for (;;) {
    if (cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodDiscriminatedUnion) {
      const discriminator = (cur._zod.def as unknown as { discriminator: string }).discriminator;
      const type = valueAt(root, [...path, discriminator]);
      const match = (cur.options as z.ZodType[]).find((o) => {
        if (!(o instanceof z.ZodObject)) return false;
        const lit = (o.shape as Record<string, z.ZodType>)[discriminator];
        return lit instanceof z.ZodLiteral && lit.value === type;
      });
      if (!match) return cur;
      cur = match;
    } else if (cur instanceof z.ZodUnion) {
      const obj = (cur.options as z.ZodType[]).find((o) => o instanceof z.ZodObject);
      if (!obj) return cur;
      cur = obj;
    } else return cur;
  }
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function dotted(path: readonly PathSegment[]): string {
  // models.Job.fields.id → Job.fields.id (DESIGN diagnostic format)
  const p = path[0] === "models" || path[0] === "enums" ? path.slice(1) : path;
  return p.map((s) => (typeof s === "number" ? `[${s}]` : s)).join(".").replace(/\.\[/g, "[");
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Key-specific explanations for keys that are wrong on purpose (the blueprint decides them). */
function knownKeyHint(key: string, path: readonly PathSegment[]): { rule?: string; message?: string; hint: string } | undefined {
  const inField = path[0] === "models" && path[2] === "fields" && path.length === 4;
  if (inField && (key === "primary_key" || key === "autoincrement")) {
    return {
      rule: "2.1.6",
      message: `\`${key}\` cannot be set on a field: the primary key is \`id\`, a UUID supplied by BaseModel`,
      hint: "remove the key; every entity gets `id` from the blueprint's base model",
    };
  }
  if (inField && (key === "timezone" || key === "tz")) {
    return { rule: "2.1.8.6", message: `\`${key}\` cannot be set: datetimes are always timezone-aware`, hint: "remove the key" };
  }
  if (inField && (key === "foreign_key" || key === "references")) {
    return {
      rule: "2.1.8.3",
      message: `\`${key}\` cannot be set on a field: foreign keys come from \`belongs_to\` relations`,
      hint: "declare `relations: { <name>: { kind: belongs_to, model: <Target>, on_delete: … } }` instead",
    };
  }
  if (inField) {
    const owners = [...fieldKeysByType.entries()].filter(([, ks]) => ks.includes(key)).map(([t]) => t);
    if (owners.length > 0) return { hint: `\`${key}\` applies to type ${owners.map((t) => `\`${t}\``).join(", ")}` };
  }
  return undefined;
}

/** Turn zod issues into located diagnostics with "did you mean" hints. */
export function issuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  loaded: LoadedYaml,
  schema: z.ZodType,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = loaded.value;
  for (const issue of issues) {
    const path = issue.path as PathSegment[];
    const base = { severity: "error" as const, rule: SCHEMA_RULE };
    switch (issue.code) {
      case "unrecognized_keys": {
        const allowed = allowedKeys(schema, path, root);
        for (const key of issue.keys) {
          const known = knownKeyHint(key, path);
          const keyPath = [...path, key];
          out.push({
            ...base,
            rule: known?.rule ?? SCHEMA_RULE,
            message: known?.message ?? `unknown key \`${key}\``,
            path: dotted(keyPath),
            location: loaded.locate(keyPath, "key"),
            hint:
              known?.hint ??
              didYouMean(key, allowed) ??
              (allowed.length > 0 ? `allowed keys: ${allowed.join(", ")}` : undefined),
          });
        }
        break;
      }
      case "invalid_union": {
        if ("discriminator" in issue && issue.discriminator === "type") {
          const value = valueAt(root, path);
          const parentExists = valueAt(root, path.slice(0, -1)) !== undefined;
          out.push({
            ...base,
            message:
              value === undefined
                ? "missing `type`"
                : `unknown field type ${typeof value === "string" ? `\`${value}\`` : describeValue(value)}`,
            path: dotted(path),
            location: loaded.locate(value === undefined && parentExists ? path.slice(0, -1) : path, value === undefined ? "key" : "value"),
            hint:
              (typeof value === "string" ? didYouMean(value, FIELD_TYPES) : undefined) ??
              `one of: ${FIELD_TYPES.join(", ")}`,
          });
        } else {
          out.push({
            ...base,
            message: `${describeValue(valueAt(root, path))} is not allowed here`,
            path: dotted(path),
            location: loaded.locate(path),
            hint: "a string or a mapping `{ value: …, description: … }`",
          });
        }
        break;
      }
      case "invalid_value": {
        const value = valueAt(root, path);
        const options = issue.values.map(String);
        out.push({
          ...base,
          message: `${describeValue(value)} is not allowed here`,
          path: dotted(path),
          location: loaded.locate(path),
          hint: (typeof value === "string" ? didYouMean(value, options) : undefined) ?? `one of: ${options.join(", ")}`,
        });
        break;
      }
      case "invalid_type": {
        const value = valueAt(root, path);
        if (value === undefined) {
          const key = path[path.length - 1];
          out.push({
            ...base,
            message: `missing required key \`${String(key)}\``,
            path: dotted(path),
            location: loaded.locate(path.slice(0, -1), "key"),
          });
        } else {
          out.push({
            ...base,
            message: `expected ${issue.expected === "record" || issue.expected === "object" ? "a mapping" : issue.expected === "array" ? "a list" : `a ${issue.expected}`}, got ${describeValue(value)}`,
            path: dotted(path),
            location: loaded.locate(path),
            hint:
              issue.expected === "string" && value !== null && typeof value !== "object"
                ? `quote the value if it is meant as text: "${String(value)}"`
                : undefined,
          });
        }
        break;
      }
      case "too_small":
      case "too_big": {
        const value = valueAt(root, path);
        out.push({
          ...base,
          message:
            Array.isArray(value) && issue.code === "too_small"
              ? "the list must not be empty"
              : `${describeValue(value)} is out of range (${issue.message.replace(/^Too (small|big): /, "")})`,
          path: dotted(path),
          location: loaded.locate(path),
        });
        break;
      }
      default:
        out.push({ ...base, message: issue.message, path: dotted(path), location: loaded.locate(path) });
    }
  }
  return out;
}
