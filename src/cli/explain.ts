import pc from "picocolors";
import { RULES, findRule } from "../rules/catalog.js";
import type { Rule } from "../rules/rule.js";
import { didYouMean } from "../lang/did-you-mean.js";
import { UserError } from "../project/io.js";

export function explainRule(id: string, color: boolean, teamRules: readonly Rule[] = []): string {
  const rule = findRule(id) ?? teamRules.find((r) => r.id === id);
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
  return `${out.join("\n")}\n`;
}

export function listRules(overrides: Readonly<Record<string, string>>, teamRules: readonly Rule[] = []): string {
  const rows = [...RULES, ...teamRules].map((r) => {
    const effective = overrides[r.id] ?? r.severity;
    return `${r.id.padEnd(9)} ${effective.padEnd(8)} ${r.title}`;
  });
  return `${rows.join("\n")}\n`;
}
