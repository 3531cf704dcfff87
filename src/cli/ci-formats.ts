import type { Diagnostic } from "../input/diagnostic.js";
import type { Rule } from "../rules/rule.js";

/** SARIF 2.1.0, for code scanning dashboards. `rules`: the catalog in effect, team rules included. */
export function toSarif(diagnostics: readonly Diagnostic[], version: string, catalog: readonly Rule[]): string {
  const used = new Set(diagnostics.map((d) => d.rule));
  const rules = catalog.filter((r) => used.has(r.id)).map((r) => ({
    id: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.rationale },
    help: { text: r.hint },
    defaultConfiguration: { level: r.severity },
  }));
  const results = diagnostics.map((d) => ({
    ruleId: d.rule,
    level: d.severity,
    message: { text: `${d.path ? `${d.path}: ` : ""}${d.message}${d.hint ? ` (hint: ${d.hint})` : ""}` },
    ...(d.location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.location.file },
                region: {
                  startLine: d.location.start.line,
                  startColumn: d.location.start.column,
                  ...(d.location.end ? { endLine: d.location.end.line, endColumn: d.location.end.column } : {}),
                },
              },
            },
          ],
        }
      : {}),
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "blueprint-gen", version, informationUri: "https://github.com/blueprint-gen", rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** GitHub Actions annotations: `::error file=…,line=…,col=…,title=…::message`. */
export function toGithubAnnotations(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        ...(d.location ? [`file=${prop(d.location.file)}`, `line=${d.location.start.line}`, `col=${d.location.start.column}`] : []),
        `title=${prop(`[${d.rule}] ${d.path ?? ""}`.trim())}`,
      ];
      return `::${d.severity} ${props.join(",")}::${data(`${d.message}${d.hint ? `\nhint: ${d.hint}` : ""}`)}\n`;
    })
    .join("");
}
