import Handlebars from "handlebars";

/** Template sources by name: `python/model`, `python/partials/header`, … */
export type TemplateSources = ReadonlyMap<string, string>;

/** Rendering failed, e.g. an override reads a field its context does not have. */
export class TemplateError extends Error {
  constructor(
    readonly template: string,
    readonly detail: string,
  ) {
    super(`template ${template}.hbs: ${detail}`);
  }
}

interface TemplateSet {
  render(name: string, context: object): string;
}

/**
 * An isolated Handlebars environment (STYLE): strict, no HTML escaping, built-in helpers
 * only. Templates print precomputed values and branch only on precomputed booleans.
 */
export function compileTemplates(sources: TemplateSources, target: string): TemplateSet {
  const hb = Handlebars.create();
  const options = { strict: true, noEscape: true, knownHelpersOnly: true, preventIndent: true } as const;
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const [name, source] of sources) {
    if (!name.startsWith(`${target}/`)) continue;
    const rest = name.slice(target.length + 1);
    if (rest.startsWith("partials/")) hb.registerPartial(rest.slice("partials/".length), hb.compile(source, options));
    else compiled.set(rest, hb.compile(source, options));
  }
  return {
    render(name, context) {
      const t = compiled.get(name);
      if (!t) throw new Error(`template ${target}/${name}.hbs is missing`);
      try {
        return t(context);
      } catch (e) {
        throw new TemplateError(`${target}/${name}`, (e as Error).message);
      }
    },
  };
}
