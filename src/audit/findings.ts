import { tableName, snakeCase } from "../ir/naming.js";
import { FIXED_SET_NAMES } from "../rules/checks/fixed-value-sets.js";
import { MONEY } from "../rules/checks/money.js";
import { columnNameProblem, compliantColumnName, isIdentityAlias, isTenantAlias } from "../rules/predicates.js";
import { baseLookup, singleTableSubclasses, type LegacyClass, type LegacyColumn, type LegacyFile } from "./legacy.js";
import { sectionHeading } from "../rules/catalog.js";

type Marker = "STOP_FOR_REVIEW" | "NEED_CLARITY";

/** One line of a Gap Analysis section: a bullet, with its marker when it is a finding. */
export interface GapItem {
  readonly text: string;
  readonly marker?: { readonly kind: Marker; readonly text: string; readonly rule: string; readonly line: number } | undefined;
}

export interface GapSection {
  readonly title: string;
  /** Set when the whole section is one sentence (e.g. "Compliant."). */
  readonly summary?: string | undefined;
  readonly items: readonly GapItem[];
}

export interface ModelAudit {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly bases: readonly string[];
  readonly summary: string;
  readonly sections: readonly GapSection[];
  readonly actions: readonly { readonly critical: boolean; readonly text: string }[];
  readonly notUnderstood: readonly { line: number; text: string }[];
}

interface AuditOptions {
  readonly baseClass: string;
  readonly baseModel: string;
  readonly tenantColumn: string;
  readonly tenantTable: string;
  /** The blueprint's global models (the tenant model among them): no tenant column, `BaseModel` optional. */
  readonly globalModels?: ReadonlySet<string> | undefined;
}

const typeHead = (c: LegacyColumn) => c.typeText.split("(")[0]!.split(".").pop()!;
const TYPE_LABEL: Record<string, string> = { uuid: "UUID", string: "String", integer: "Integer", text: "Text", float: "Float", numeric: "Numeric", boolean: "Boolean", datetime: "DateTime", date: "Date", json: "JSON", bigint: "BigInteger" };

/** Legacy models measured against the blueprint, section by section as the audit reports them. */
export function auditLegacy(files: readonly LegacyFile[], o: AuditOptions): ModelAudit[] {
  const all = files.flatMap((f) => f.classes);
  const byName = new Map(all.map((c) => [c.name, c]));
  const baseOf = baseLookup(all);
  // A class over a view is a read model, not a table: the spec form of it is `views:`.
  // A Core table (an association table) has no class to audit: the import makes it a many_to_many.
  const models = all.filter((c) => c.table !== undefined && !c.view && !c.core);
  const byTable = new Map(models.map((m) => [m.table!, m]));
  const inherited = (c: LegacyClass): LegacyColumn[] => {
    const out = new Map<string, LegacyColumn>();
    for (const b of c.bases) {
      const base = baseOf(c, b);
      if (base && base !== c) for (const col of [...inherited(base), ...base.columns]) out.set(col.name, col);
    }
    return [...out.values()];
  };
  const effective = (c: LegacyClass) => {
    const cols = new Map(inherited(c).map((x) => [x.name, x]));
    for (const col of c.columns) cols.set(col.name, col);
    return cols;
  };

  const singleTable = singleTableSubclasses(all);
  return models.map((m) => {
    // A single-table subclass's columns are columns of this table: audited here.
    const subclasses = singleTable.get(m) ?? [];
    const own = new Map([...subclasses.flatMap((sc) => sc.columns), ...m.columns].map((c) => [c.name, c]));
    const sections: GapSection[] = [];
    const actions: { critical: boolean; text: string }[] = [];
    const stop = (text: string, rule: string, line: number) => ({ kind: "STOP_FOR_REVIEW" as const, text, rule, line });
    const clarity = (text: string, rule: string, line: number) => ({ kind: "NEED_CLARITY" as const, text, rule, line });

    // 2.1.4 & 2.1.5
    const global = o.globalModels?.has(m.name) ?? false;
    const inherits = m.bases.includes(o.baseClass) && (global || m.bases.includes(o.baseModel));
    const derived = tableName(m.name);
    const inhItems: GapItem[] = [];
    if (!inherits) {
      inhItems.push({
        text: `\`${m.name}\` inherits ${m.bases.map((b) => `\`${b}\``).join(", ") || "nothing"}; the blueprint requires \`${o.baseClass}\` and \`${o.baseModel}\`.`,
        marker: stop(`${m.name} does not inherit ${o.baseClass} and ${o.baseModel}. Violates Blueprint 2.1.4.`, "2.1.4", m.line),
      });
      actions.push({ critical: true, text: `Make \`${m.name}\` inherit \`${o.baseClass}\` and \`${o.baseModel}\`.` });
    }
    if (m.table !== derived) {
      inhItems.push({
        text: `Table \`${m.table}\` should be \`${derived}\` (plural snake_case of the class name).`,
        marker: stop(`${m.name}.__tablename__ is ${m.table}; Blueprint 2.1.5 expects ${derived}.`, "2.1.5", m.line),
      });
      actions.push({ critical: true, text: `Rename table \`${m.table}\` to \`${derived}\` (with a migration).` });
    }
    sections.push({ title: sectionHeading("2.1.4", "2.1.5"), summary: inhItems.length ? undefined : "Compliant.", items: inhItems });

    // 2.1.6 / 2.1.6.1
    const id = own.get("id");
    const self = snakeCase(m.name);
    const alias = [...own.values()].find((c) => isIdentityAlias(m.name, c.name));
    if (id && id.type !== "uuid") {
      const aliasNote = alias ? ` A separate \`${alias.name}\` (${TYPE_LABEL[alias.type] ?? typeHead(alias)}) column exists.` : "";
      sections.push({
        title: sectionHeading("2.1.6"),
        summary: `CRITICAL VIOLATION. \`${m.name}.id\` is overridden to \`${typeHead(id)}\`, violating Blueprint 2.1.6.1 (must be UUID).${aliasNote}`,
        items: [{ text: "", marker: stop(`${m.name}.id overrides ${o.baseModel}'s UUID PK with an ${typeHead(id)} PK. Critical violation of Blueprint 2.1.6.1.`, "2.1.6.1", id.line) }],
      });
      actions.push({ critical: true, text: `Revert \`${m.name}.id\` to use \`${o.baseModel}\`'s UUID PK.${alias ? ` Clarify role of existing \`${alias.name}\` (UUID) column.` : ""}` });
    } else if (alias) {
      sections.push({
        title: sectionHeading("2.1.6"),
        summary: `\`${alias.name}\` duplicates the identity of \`${m.name}\`.`,
        items: [{ text: "", marker: stop(`${m.name}.${alias.name} is a second identity next to id. Violates Blueprint 2.1.6.`, "2.1.6", alias.line) }],
      });
      actions.push({ critical: true, text: `Drop \`${m.name}.${alias.name}\` in favour of \`id\` (move its values into \`id\`).` });
    } else sections.push({ title: sectionHeading("2.1.6"), summary: "Compliant.", items: [] });

    // 2.1.8 columns
    const colItems: GapItem[] = [];
    const tenantCols = [...own.values()].filter((c) => isTenantAlias(o.tenantColumn, c.name));
    const badTenant = global ? [] : tenantCols.filter((c) => !(c.name === o.tenantColumn && c.type === "uuid" && c.foreignKey?.table === o.tenantTable));
    if (badTenant.length) {
      const describe = (c: LegacyColumn) => `\`${c.name}\` (${c.type === "uuid" ? typeHead(c) : TYPE_LABEL[c.type] ?? typeHead(c)}${c.foreignKey ? "" : c.type === "uuid" ? ", no FK" : ""})`;
      const markerParts = tenantCols.map((c) => `${c.name} (${c.type === "uuid" ? typeHead(c) : TYPE_LABEL[c.type] ?? typeHead(c)}${c.foreignKey ? "" : c.type === "uuid" ? ", no FK" : ""})`);
      colItems.push({
        text: `${tenantCols.map(describe).join(" and ")}: CRITICAL VIOLATION. Non-compliant with Blueprint 2.1.8.2 (expects single PGUUID \`${o.tenantColumn}\` with FK from \`${o.baseModel}\`).`,
        marker: stop(`${m.name} model has ${markerParts.join(" and ")}. Violates Blueprint 2.1.8.2. ${o.baseModel} should provide compliant ${o.tenantColumn}.`, "2.1.8.2", badTenant[0]!.line),
      });
      actions.push({ critical: true, text: `Remove ${tenantCols.map((c) => `\`${self}.${c.name}\`${c.type !== "uuid" ? ` (${TYPE_LABEL[c.type] ?? typeHead(c)})` : ""}`).join(" and ")}. Rely on \`${o.baseModel}\`'s compliant \`${o.tenantColumn}\`.` });
    }
    // A tenant-scoped model needs the tenant column, its own or its bases' (BaseModel outside
    // the sources is taken to supply it, as the blueprint's BaseModel does).
    const baseModelUnread = m.bases.includes(o.baseModel) && !byName.has(o.baseModel);
    if (!global && !tenantCols.length && !effective(m).has(o.tenantColumn) && !baseModelUnread) {
      colItems.push({
        text: `No \`${o.tenantColumn}\`: CRITICAL VIOLATION. A tenant-scoped model needs the tenant column (Blueprint 2.1.8.2).`,
        marker: stop(`${m.name} has no ${o.tenantColumn}. Violates Blueprint 2.1.8.2. ${o.baseModel} should provide it.`, "2.1.8.2", m.line),
      });
      actions.push({ critical: true, text: `Give \`${m.name}\` the tenant column \`${o.tenantColumn}\` (inherit \`${o.baseModel}\`).` });
    }
    const enumCandidates: string[] = [];
    for (const c of own.values()) {
      if (tenantCols.includes(c) || c.name === "id" || c === alias) continue;
      const label = TYPE_LABEL[c.type] ?? typeHead(c);
      if (c.foreignKey) {
        const target = byTable.get(c.foreignKey.table);
        const ref = target ? effective(target).get(c.foreignKey.column) : undefined;
        if (ref && ref.type !== c.type) {
          colItems.push({
            text: `\`${c.name}\`: \`${label}\`, FK to \`${c.foreignKey.table}.${c.foreignKey.column}\` (which is ${TYPE_LABEL[ref.type] ?? typeHead(ref)}). Type mismatch.`,
            marker: stop(`${m.name}.${c.name} (${label}) FKs to ${c.foreignKey.table}.${c.foreignKey.column} (${TYPE_LABEL[ref.type] ?? typeHead(ref)}). ${m.name}.${c.name} should be ${ref.type === "uuid" ? "PGUUID" : TYPE_LABEL[ref.type]}.`, "2.1.8.3", c.line),
          });
          actions.push({ critical: true, text: `Change \`${m.name}.${c.name}\` type from \`${label}\` to \`${ref.type === "uuid" ? "PGUUID" : TYPE_LABEL[ref.type]}\`.` });
        }
      }
      // The spec rule's own test of a name (2.1.8): the audit never calls a name compliant that
      // a spec with it would be refused for.
      const nameProblem = columnNameProblem(c.name);
      if (nameProblem) {
        const what = nameProblem.message.replace(`\`${c.name}\` `, "");
        colItems.push({ text: `\`${c.name}\` ${what}.`, marker: stop(`${m.name}.${c.name} ${what}. Violates Blueprint 2.1.8.`, "2.1.8", c.line) });
        const to = compliantColumnName(c.name, (n) => own.has(n)).name;
        actions.push({ critical: true, text: `Rename \`${m.name}.${c.name}\` to \`${to}\`.` });
      }
      if ((c.type === "string" || c.type === "text") && FIXED_SET_NAMES.test(c.name)) {
        const suggestion = `${c.name.replace(/(^|_)([a-z])/g, (_, __, x: string) => x.toUpperCase())}Enum`;
        const name = suggestion.startsWith(m.name) ? suggestion : `${m.name}${suggestion}`;
        colItems.push({
          text: `\`${c.name}\`: \`${label}\`. Consider Enum if values are fixed.`,
          marker: clarity(`${m.name}.${c.name} is ${label}. Consider Enum (e.g., ${name}) if fixed set of values.`, "2.1.8.4", c.line),
        });
        enumCandidates.push(c.name);
      }
      if (c.type === "float" && MONEY.test(c.name)) {
        colItems.push({ text: `\`${c.name}\`: \`${label}\` holds money.`, marker: stop(`${m.name}.${c.name} is a float; money must be Numeric. Violates Blueprint 2.1.8.7.`, "2.1.8.7", c.line) });
        actions.push({ critical: true, text: `Change \`${m.name}.${c.name}\` to \`Numeric(12, 2)\`.` });
      }
      if (c.type === "datetime" && c.timezone === false) {
        colItems.push({ text: `\`${c.name}\`: \`DateTime\` without timezone.`, marker: clarity(`${m.name}.${c.name} is a naive DateTime. Blueprint 2.1.8.6 expects DateTime(timezone=True).`, "2.1.8.6", c.line) });
        actions.push({ critical: false, text: `Make \`${m.name}.${c.name}\` timezone-aware.` });
      }
    }
    if (enumCandidates.length) actions.push({ critical: false, text: `Consider converting ${enumCandidates.map((n) => `\`${n}\``).join(" and ")} columns to use Enums.` });
    sections.push({ title: sectionHeading("2.1.8"), summary: colItems.length ? undefined : "Compliant.", items: colItems });

    // 2.1.7 relationships
    const relItems: GapItem[] = [];
    const reported = new Set<LegacyColumn>();
    const noOnDelete = (fk: LegacyColumn) => {
      if (reported.has(fk)) return;
      reported.add(fk);
      relItems.push({ text: `\`${fk.name}\` has no \`ondelete\`.`, marker: stop(`${m.name}.${fk.name} FK has no explicit ondelete. Violates Blueprint 2.1.7.`, "2.1.7.3", fk.line) });
      actions.push({ critical: true, text: `Give the FK \`${m.name}.${fk.name}\` an explicit \`ondelete\`.` });
    };
    for (const r of m.relationships) {
      const target = byName.get(r.target);
      if (!target) {
        relItems.push({ text: `\`${r.name}\` targets \`${r.target}\`, which is not among the audited sources.`, marker: clarity(`${m.name}.${r.name} targets ${r.target}, not found; not checked.`, "2.1.7.1", r.line) });
        continue;
      }
      if (r.backPopulates) {
        const back = target.relationships.find((x) => x.name === r.backPopulates);
        if (!back || back.target !== m.name || (back.backPopulates && back.backPopulates !== r.name)) {
          relItems.push({ text: `\`${r.name}\`: \`back_populates="${r.backPopulates}"\` does not match \`${target.name}\`.`, marker: stop(`${m.name}.${r.name} and ${target.name}.${r.backPopulates} do not point at each other. Violates Blueprint 2.1.7.`, "2.1.7.2", r.line) });
          actions.push({ critical: true, text: `Make \`${m.name}.${r.name}\` and \`${target.name}.${r.backPopulates}\` name each other in \`back_populates\`.` });
        }
      }
      const fk = [...own.values()].find((c) => c.foreignKey && byTable.get(c.foreignKey.table) === target);
      if (fk && !fk.foreignKey?.onDelete) noOnDelete(fk);
      if (fk && !fk.index) {
        relItems.push({ text: `\`${fk.name}\` is not indexed.`, marker: clarity(`${m.name}.${fk.name} FK column is not indexed (Blueprint 2.1.7).`, "2.1.7", fk.line) });
        actions.push({ critical: false, text: `Index \`${m.name}.${fk.name}\`.` });
      }
    }
    // Every foreign key needs its on_delete, with or without a relationship in this class (the
    // tenant column's is BaseModel's).
    for (const c of own.values()) {
      if (c.foreignKey && !c.foreignKey.onDelete && !tenantCols.includes(c)) noOnDelete(c);
    }
    sections.push({
      title: sectionHeading("2.1.7"),
      summary: relItems.length
        ? undefined
        : m.relationships.length
          ? `${m.relationships.map((r) => `\`${r.name}\``).join(", ")} relationship${m.relationships.length > 1 ? "s appear" : " appears"} compliant.`
          : "No relationships.",
      items: relItems,
    });

    actions.sort((a, b) => Number(b.critical) - Number(a.critical));
    const sti = subclasses.length ? ` Single-table subclasses (rows of \`${m.table}\`): ${subclasses.map((sc) => `\`${sc.name}\`${sc.columns.length ? ` (${sc.columns.map((c) => c.name).join(", ")})` : ""}`).join(", ")}.` : "";
    const summary = `${m.docstring ? m.docstring.replace(/\.$/, "") : `Table \`${m.table}\``}, inherits ${m.bases.map((b) => `\`${b}\``).join(", ") || "nothing"}.${sti}`;
    return { file: m.file, name: m.name, line: m.line, bases: m.bases, summary, sections, actions, notUnderstood: m.notUnderstood };
  });
}
