import type { Project } from "../../ir/types.js";
import type { GeneratedFile } from "../../emit/file.js";
import { compileTemplates, type TemplateSources } from "../../emit/templates.js";
import {
  associationsContext,
  baseContext,
  enumsContext,
  header,
  modelContext,
  modelsInitContext,
  schemasContext,
  schemasInitContext,
} from "./view-model.js";

/** Python target: `(ir, options) → GeneratedFile[]` (STYLE: one signature for every target). */
export function renderPython(project: Project, templates: TemplateSources): GeneratedFile[] {
  const python = project.targets.python;
  if (!python) return [];
  const t = compileTemplates(templates, "python");
  const root = `python/${python.package}`;
  const files: GeneratedFile[] = [
    { path: `${root}/__init__.py`, content: t.render("package", { header: header([project.blueprintFile]) }) },
    { path: `${root}/py.typed`, content: "" },
    { path: `${root}/base.py`, content: t.render("base", baseContext(project)) },
    { path: `${root}/enums.py`, content: t.render("enums", enumsContext(project)) },
    { path: `${root}/models/__init__.py`, content: t.render("init", modelsInitContext(project)) },
    { path: `${root}/schemas/__init__.py`, content: t.render("init", schemasInitContext(project)) },
  ];
  if (project.associations.length) {
    files.push({ path: `${root}/models/_associations.py`, content: t.render("associations", associationsContext(project)) });
  }
  for (const m of project.models) {
    files.push({ path: `${root}/models/${m.moduleName}.py`, content: t.render("model", modelContext(m, project)) });
    files.push({ path: `${root}/schemas/${m.moduleName}.py`, content: t.render("schemas", schemasContext(m, project)) });
  }
  return files;
}
