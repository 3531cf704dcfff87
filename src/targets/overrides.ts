import Handlebars from "handlebars";
import type { Diagnostic } from "../input/diagnostic.js";
import { didYouMean } from "../lang/did-you-mean.js";
import type { TemplateSources } from "./templates.js";

const TEMPLATE_RULE = "2.1.0.7";

interface HbNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  name?: { original?: string };
  path?: { original?: string };
  params?: HbNode[];
  program?: { body: HbNode[] };
  inverse?: { body: HbNode[] };
}

const BUILT_IN_HELPERS = new Set(["if", "unless", "each", "with", "lookup", "log"]);

/** Partials and helpers a template uses, with where. */
function uses(body: readonly HbNode[], out: { partials: [string, HbNode][]; helpers: [string, HbNode][] }): void {
  for (const n of body) {
    if (n.type === "PartialStatement" || n.type === "PartialBlockStatement") {
      const name = n.name?.original;
      if (name) out.partials.push([name, n]);
    }
    if ((n.type === "MustacheStatement" || n.type === "BlockStatement" || n.type === "SubExpression") && (n.params?.length ?? 0) > 0) {
      const name = n.path?.original;
      if (name) out.helpers.push([name, n]);
    }
    if (n.program) uses(n.program.body, out);
    if (n.inverse) uses(n.inverse.body, out);
  }
}

/**
 * A project's `templates/` overrides built-in templates and partials by name. An override
 * that names an unknown template, partial or helper fails here, at load time, with its
 * location, instead of being silently ignored.
 */
export function checkOverrides(builtins: TemplateSources, overrides: TemplateSources, dir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = (name: string) => `${dir}/${name}.hbs`;
  const at = (name: string, line = 1, column = 1) => ({ file: file(name), start: { line, column } });
  for (const [name, source] of overrides) {
    if (!builtins.has(name)) {
      out.push({
        rule: TEMPLATE_RULE,
        severity: "error",
        message: `\`${name}\` is not a built-in template or partial, so this override would never be used`,
        location: at(name),
        hint: didYouMean(name, builtins.keys()) ?? `built-in templates: ${[...builtins.keys()].sort().join(", ")}`,
      });
      continue;
    }
    let ast: { body: HbNode[] };
    try {
      ast = Handlebars.parse(source) as unknown as { body: HbNode[] };
    } catch (e) {
      const m = /line (\d+)/.exec((e as Error).message);
      out.push({ rule: TEMPLATE_RULE, severity: "error", message: `does not parse: ${(e as Error).message.split("\n")[0]}`, location: at(name, m ? Number(m[1]) : 1) });
      continue;
    }
    const target = name.split("/")[0]!;
    const partials = new Set(
      [...builtins.keys(), ...overrides.keys()].filter((k) => k.startsWith(`${target}/partials/`)).map((k) => k.slice(`${target}/partials/`.length)),
    );
    const found = { partials: [] as [string, HbNode][], helpers: [] as [string, HbNode][] };
    uses(ast.body, found);
    for (const [p, n] of found.partials) {
      if (!partials.has(p)) {
        out.push({
          rule: TEMPLATE_RULE,
          severity: "error",
          message: `unknown partial \`${p}\``,
          location: at(name, n.loc?.start.line, (n.loc?.start.column ?? 0) + 1),
          hint: didYouMean(p, partials) ?? `partials of ${target}: ${[...partials].sort().join(", ") || "none"}`,
        });
      }
    }
    for (const [h, n] of found.helpers) {
      if (!BUILT_IN_HELPERS.has(h)) {
        out.push({
          rule: TEMPLATE_RULE,
          severity: "error",
          message: `unknown helper \`${h}\`: templates only print values computed for them`,
          location: at(name, n.loc?.start.line, (n.loc?.start.column ?? 0) + 1),
          hint: didYouMean(h, BUILT_IN_HELPERS) ?? "use the built-in helpers if, unless, each and with; see docs/templates.md for the context",
        });
      }
    }
  }
  return out;
}
