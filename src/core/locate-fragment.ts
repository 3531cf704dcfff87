import type { Diagnostic } from "../input/diagnostic.js";
import type { GenerateResult } from "./generate.js";
import type { FragmentProblem } from "./fragments.js";

const FRAGMENT_RULE = "2.1.8.9";
const VIEW_RULE = "2.1.8.10";
const DOMAIN_RULE = "2.1.8.11";

/** A view's query PostgreSQL refused, or columns it does not return as declared: at the spec's `sql` or column. */
function locateView(p: FragmentProblem, result: Omit<GenerateResult, "files">): Diagnostic {
  const view = result.project?.views.find((v) => v.viewName === p.table);
  const spec = view ? result.specs?.views.find((v) => v.name === view.name) : undefined;
  const sub = p.kind === "view" ? ["sql"] : p.column !== undefined ? ["columns", p.column] : ["columns"];
  return {
    rule: VIEW_RULE,
    severity: "error",
    message: p.kind === "view" ? `PostgreSQL refuses the view ${p.table}: ${p.message}` : `view ${p.table}: ${p.message}`,
    path: view ? [view.name, ...sub].join(".") : p.table,
    location: spec ? spec.origin.file.locate([...spec.origin.path, ...sub], p.kind === "view_columns" && p.column !== undefined ? "key" : "value") : undefined,
    hint:
      p.kind === "view"
        ? "a view's query is one SELECT over the tables and views of the specs"
        : "declare the columns the SELECT returns, in its order, with the types PostgreSQL gives them (cast in the SELECT, e.g. `sum(total)::numeric(14, 2) AS total`)",
  };
}

/** A SQL fragment PostgreSQL refused, at the spec line that wrote it. */
/** A domain check PostgreSQL refused: at the bound (`min`, `pattern`…) or the `checks` entry that wrote it. */
function locateDomainCheck(p: FragmentProblem, result: Omit<GenerateResult, "files">): Diagnostic {
  const domain = result.project?.domains.find((d) => d.typeName === p.table);
  const spec = domain ? result.specs?.domainsByName.get(domain.name) : undefined;
  const check = domain?.checks.find((k) => k.name === p.name);
  const index = spec?.spec.checks?.findIndex((k) => k.name === check?.key) ?? -1;
  const sub = index >= 0 ? ["checks", index, "sql"] : check ? [check.key] : [];
  return {
    rule: DOMAIN_RULE,
    severity: "error",
    message: `PostgreSQL refuses the check ${p.name} of domain ${p.table}: ${p.message}`,
    path: domain ? [domain.name, ...sub].join(".") : p.table,
    location: spec ? spec.origin.file.locate([...spec.origin.path, ...sub], "value") : undefined,
    hint: "a domain's check is a boolean SQL expression over VALUE",
  };
}

export function locateFragment(p: FragmentProblem, result: Omit<GenerateResult, "files">): Diagnostic {
  if (p.kind === "domain_check") return locateDomainCheck(p, result);
  if (p.kind === "view" || p.kind === "view_columns") return locateView(p, result);
  const model = result.project?.models.find((m) => m.table === p.table);
  const spec = model ? result.specs?.modelsByName.get(model.name) : undefined;
  let sub: (string | number)[] = [];
  if (p.kind === "column") sub = ["fields", p.name, "generated"];
  else if (p.kind === "check") {
    const check = model?.checks.find((k) => k.name === p.name);
    const index = spec?.spec.checks?.findIndex((k) => k.name === check?.key) ?? -1;
    sub = check?.column !== undefined ? ["fields", check.column, check.key.slice(check.column.length + 1)] : index >= 0 ? ["checks", index, "sql"] : [];
  } else if (model && spec) {
    // Each index knows where the spec declares it (an `indexes` or `unique` entry, or a field's flag).
    const path = model.indexes.find((i) => i.name === p.name)?.specPath;
    const [section, i] = path ?? [];
    const entry = (section === "indexes" || section === "unique") && typeof i === "number" ? spec.spec[section]?.[i] : undefined;
    if (entry) sub = [section!, i!, entry.where !== undefined && !/expression/i.test(p.message) ? "where" : entry.expression !== undefined ? "expression" : "using"];
    else if (path) sub = [...path];
  }
  return {
    rule: FRAGMENT_RULE,
    severity: "error",
    message: `PostgreSQL refuses the ${p.kind} ${p.name}: ${p.message}`,
    path: model ? [model.name, ...sub].join(".") : p.table,
    location: spec ? spec.origin.file.locate([...spec.origin.path, ...sub], "value") : undefined,
    hint:
      p.kind === "check"
        ? "a check is a boolean SQL expression over the table's own columns"
        : p.kind === "column"
          ? "a generated column is an immutable SQL expression over the row's other (not generated) columns"
          : "an index expression or predicate is SQL over the table's own columns",
  };
}
