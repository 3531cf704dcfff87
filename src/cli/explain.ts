import pc from "picocolors";
import { RULES, SECTIONS, findRule, rulesOfSection } from "../rules/catalog.js";
import type { Rule } from "../rules/rule.js";
import { didYouMean } from "../lang/did-you-mean.js";
import { UserError } from "../project/io.js";

export function explainRule(id: string, color: boolean, teamRules: readonly Rule[] = []): string {
  const rule = findRule(id) ?? teamRules.find((r) => r.id === id);
  const section = SECTIONS.find((x) => x.id === id);
  if (!rule && section) {
    // A section of the audit's numbering with no rule of its own: its rules, one line each.
    const c = pc.createColors(color);
    const rules = [...rulesOfSection(id), ...teamRules.filter((r) => r.id.startsWith(`${id}.`))];
    return `${c.bold(section.id)}  ${section.title} (a section of the blueprint: ${rules.length} rule(s))\n\n${rules.map((r) => `${r.id.padEnd(9)} ${r.severity.padEnd(8)} ${r.title}`).join("\n")}\n\n\`gen explain <id>\` explains each.\n`;
  }
  if (!rule) {
    const hint = didYouMean(id, [...RULES, ...teamRules].map((r) => r.id));
    throw new UserError(`unknown rule \`${id}\`${hint ? `: ${hint}` : ""}; \`gen rules\` lists them`);
  }
  const c = pc.createColors(color);
  const out = [
    `${c.bold(rule.id)}  ${rule.title}`,
    `severity: ${rule.severity} (${rule.severity === "error" ? "STOP_FOR_REVIEW: blocks generation" : "NEED_CLARITY: generation goes on; --strict fails"})`,
    "",
    rule.rationale,
    "",
    `${c.cyan("fix:")} ${rule.hint}`,
  ];
  if (rule.example) {
    const indent = (s: string) => s.split("\n").map((l) => `    ${l}`).join("\n");
    out.push("", c.red("violation:"), indent(rule.example.bad), "", c.green("compliant:"), indent(rule.example.good));
  }
  const below = rulesOfSection(rule.id).filter((r) => r.id !== rule.id);
  if (below.length) out.push("", `rules under ${rule.id}:`, ...below.map((r) => `  ${r.id.padEnd(9)} ${r.severity.padEnd(8)} ${r.title}`));
  return `${out.join("\n")}\n`;
}

export function listRules(overrides: Readonly<Record<string, string>>, teamRules: readonly Rule[] = []): string {
  const rows = [...RULES, ...teamRules].map((r) => {
    const effective = overrides[r.id] ?? r.severity;
    return `${r.id.padEnd(9)} ${effective.padEnd(8)} ${r.title}`;
  });
  return `${rows.join("\n")}\n`;
}
