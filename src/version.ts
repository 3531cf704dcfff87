/** The tool's version, as in package.json. */
export const VERSION = "0.1.0";

declare const __GEN_BUILD__: string | undefined;

/**
 * A hash of the sources the CLI bundle was built from (scripts/bundle.mjs), or "source" when
 * running from the sources themselves. Caches are keyed by it: a rebuilt tool never takes
 * output that an older build rendered, whatever the version says.
 */
export const BUILD = typeof __GEN_BUILD__ === "string" ? __GEN_BUILD__ : "source";
