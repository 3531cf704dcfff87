/**
 * A column type as the database schema holds it: PostgreSQL's own text (`format_type()`:
 * `character varying(64)`, `numeric(12,2)`, `text`, an enum's type name), which is what
 * database.json, snapshots and baselines store. This is its one parse and its one format.
 */
export type SqlType =
  | { readonly kind: "varchar"; readonly length?: number | undefined }
  | { readonly kind: "char"; readonly length: number }
  | { readonly kind: "array"; readonly element: SqlType }
  | { readonly kind: "numeric"; readonly precision?: number | undefined; readonly scale?: number | undefined }
  | { readonly kind: "named"; readonly name: string };

export function parseSqlType(text: string): SqlType {
  const array = /^(.+)\[\]$/.exec(text);
  if (array) return { kind: "array", element: parseSqlType(array[1]!) };
  const char = /^character(?:\((\d+)\))?$/.exec(text);
  if (char) return { kind: "char", length: char[1] === undefined ? 1 : Number(char[1]) };
  const varchar = /^character varying(?:\((\d+)\))?$/.exec(text);
  if (varchar) return { kind: "varchar", length: varchar[1] === undefined ? undefined : Number(varchar[1]) };
  const numeric = /^numeric(?:\((\d+),(\d+)\))?$/.exec(text);
  if (numeric) return { kind: "numeric", precision: numeric[1] === undefined ? undefined : Number(numeric[1]), scale: numeric[2] === undefined ? undefined : Number(numeric[2]) };
  return { kind: "named", name: text };
}

export function formatSqlType(t: SqlType): string {
  switch (t.kind) {
    case "varchar":
      return t.length === undefined ? "character varying" : `character varying(${t.length})`;
    case "numeric":
      return t.precision === undefined ? "numeric" : `numeric(${t.precision},${t.scale ?? 0})`;
    case "char":
      return `character(${t.length})`;
    case "array":
      return `${formatSqlType(t.element)}[]`;
    case "named":
      return t.name;
  }
}

/** Text types (`character varying[(n)]`, `text`): what a string literal default casts to. */
export const isTextType = (text: string) => {
  const t = parseSqlType(text);
  return t.kind === "varchar" || (t.kind === "named" && t.name === "text");
};
