import type { LegacyFile } from "./legacy.js";
import type { ModelAudit } from "./findings.js";

/** The audit in the seed's Markdown format: a `### File:` per source, a `#### N. MODEL:` per model. */
export function renderAuditMarkdown(title: string, files: readonly LegacyFile[], audits: readonly ModelAudit[]): string {
  const out = [`# ${title}`, ""];
  for (const file of files) {
    const models = audits.filter((a) => a.file === file.path);
    const enums = file.classes.filter((c) => c.isEnum);
    const views = file.classes.filter((c) => c.view);
    if (models.length === 0 && enums.length === 0 && views.length === 0) continue;
    out.push(`### File: \`${file.path}\``, "");
    const names = models.map((m) => `\`${m.name}\``);
    out.push(
      `This file defines ${names.length ? `the ${names.join(", ")} SQLAlchemy model${names.length > 1 ? "s" : ""}` : "no SQLAlchemy models"}. ${enums.length ? `Python ENUMs: ${enums.map((e) => `\`${e.name}\``).join(", ")}.` : "No Python ENUMs are defined in this file."}`,
      "",
    );
    let n = 0;
    for (const m of models) {
      n++;
      out.push(`#### ${n}. MODEL: \`${m.name}(${m.bases.join(", ")})\``);
      out.push(`- **Component Name:** \`MODEL: ${m.name}\``);
      out.push(`- **Current State Summary:** ${m.summary}`);
      out.push("- **Gap Analysis (Technical Debt Identification):**");
      for (const s of m.sections) {
        out.push(`    - **${s.title}:**${s.summary ? ` ${s.summary}` : ""}`);
        for (const item of s.items) {
          if (item.text) out.push(`        - ${item.text}`);
          if (item.marker) out.push(`${item.text ? "            " : "        "}-   \`<!-- ${item.marker.kind}: ${item.marker.text.replace(/`/g, "'")} -->\``);
        }
      }
      if (m.notUnderstood.length) {
        out.push("    - **Not understood (not checked):**");
        for (const u of m.notUnderstood) out.push(`        - line ${u.line}: \`${u.text.replace(/`/g, "'")}\``);
      }
      out.push("- **Prescribed Refactoring Actions:**");
      if (m.actions.length === 0) out.push("    - None.");
      for (const a of m.actions) out.push(`    - ${a.critical ? "**CRITICAL:** " : ""}${a.text}`);
      out.push("");
    }
    for (const v of views) {
      n++;
      out.push(
        `#### ${n}. VIEW: \`${v.name}(${v.bases.join(", ")})\``,
        `- **Component Name:** \`VIEW: ${v.name}\``,
        `- **Current State Summary:** a read model over the view \`${v.table}\` (${v.view!.sql !== undefined ? "its query is in the sources" : "its query is not in the sources"}); not a table, so the table rules do not apply: its spec form is \`views:\` (Blueprint 2.1.8.10).`,
        "",
      );
    }
    for (const e of enums) {
      n++;
      out.push(`#### ${n}. ENUM: \`${e.name}\``, `- **Component Name:** \`ENUM: ${e.name}\``, `- **Current State Summary:** values ${e.enumValues.map((v) => `\`${v}\``).join(", ")}.`, "");
    }
    out.push("---", "");
  }
  return out.join("\n");
}

export function renderAuditJson(audits: readonly ModelAudit[]): string {
  const findings = audits.flatMap((m) =>
    m.sections.flatMap((s) =>
      s.items
        .filter((i) => i.marker)
        .map((i) => ({ file: m.file, model: m.name, section: s.title, rule: i.marker!.rule, marker: i.marker!.kind, message: i.marker!.text, line: i.marker!.line })),
    ),
  );
  return `${JSON.stringify({ findings, models: audits.map((m) => ({ file: m.file, model: m.name, actions: m.actions, notUnderstood: m.notUnderstood })) }, null, 2)}\n`;
}
