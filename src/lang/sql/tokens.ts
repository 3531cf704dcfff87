/**
 * SQL text as PostgreSQL's lexer splits what matters to us: string literals, comments and
 * dollar-quoted bodies (never identifiers), quoted identifiers (exact) and bare words (folded to
 * lower case, as PostgreSQL folds them). The one reading of identifiers in opaque SQL: renames
 * inside it, the columns a check reads, the relations a view reads.
 */
const TOKEN = /'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\/|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$|"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g;

/** The identifiers of a SQL text, each with where it stands and its name as PostgreSQL reads it. */
export function sqlIdentifiers(sql: string): { readonly start: number; readonly end: number; readonly name: string }[] {
  const out: { start: number; end: number; name: string }[] = [];
  for (const m of sql.matchAll(TOKEN)) {
    const name = m[2] !== undefined ? m[2].replace(/""/g, '"') : m[3]?.toLowerCase();
    if (name !== undefined) out.push({ start: m.index, end: m.index + m[0].length, name });
  }
  return out;
}

/** The SQL with the identifiers `rename` maps replaced (written bare: the new names are valid snake_case). */
export function renameIdentifiers(sql: string, rename: (name: string) => string | undefined): string {
  let out = "";
  let at = 0;
  for (const id of sqlIdentifiers(sql)) {
    const to = rename(id.name);
    if (to === undefined || to === id.name) continue;
    out += sql.slice(at, id.start) + to;
    at = id.end;
  }
  return out + sql.slice(at);
}
