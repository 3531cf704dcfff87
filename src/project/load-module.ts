/**
 * `import()` of a module outside the bundle (a database driver, `typescript`, a team's rule
 * module). bin/gen.js runs the bundled CLI through V8's code cache, and a script restored from
 * that cache has lost its dynamic-import callback: the loader lends its own `import()` instead.
 */
export function loadModule<T>(specifier: string): Promise<T> {
  const lent = (globalThis as { __genImport?: (specifier: string) => Promise<unknown> }).__genImport;
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
