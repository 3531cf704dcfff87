/**
 * Identifiers a generated TypeScript module cannot declare at top level: reserved and strict-mode
 * words, and globals the generated code itself uses.
 */
export const TYPESCRIPT_RESERVED: ReadonlySet<string> = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof",
  "var", "void", "while", "with", "as", "implements", "interface", "let", "package", "private",
  "protected", "public", "static", "yield", "any", "boolean", "constructor", "declare", "get",
  "module", "require", "number", "set", "string", "symbol", "type", "from", "of", "await", "async",
  "undefined", "arguments", "eval",
  // globals and names the generated modules import
  "Date", "Map", "Set", "Object", "Array", "String", "Number", "Boolean", "Promise", "Error",
  "JSON", "Math", "Symbol", "Record", "Partial", "Buffer", "z", "sql", "relations",
]);
