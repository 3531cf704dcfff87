import type { Project } from "../../ir/types.js";
import type { GeneratedFile } from "../file.js";
import { compileTemplates, type TemplateSources } from "../templates.js";
import { NO_MEMO, modelRenderKeys, type RenderMemo } from "../memo.js";
import {
  associationsContext,
  baseContext,
  enumsContext,
  header,
  modelContext,
  modelsInitContext,
  schemasContext,
  schemasInitContext,
  viewSchemasContext,
  viewsContext,
  wireContext,
} from "./view-model.js";

/**
 * Python target: `(ir, options) → GeneratedFile`s (STYLE: one signature for every target),
 * produced one at a time.
 */
export function* renderPython(project: Project, templates: TemplateSources, memo: RenderMemo = NO_MEMO): Generator<GeneratedFile> {
  const python = project.targets.python;
  if (!python) return;
  const t = compileTemplates(templates, "python");
  const root = `python/${python.package}`;
  yield* [
    { path: `${root}/__init__.py`, content: t.render("package", { header: header([project.blueprintFile]) }) },
    { path: `${root}/py.typed`, content: "" },
    { path: `${root}/base.py`, content: t.render("base", baseContext(project)) },
    { path: `${root}/enums.py`, content: t.render("enums", enumsContext(project)) },
    { path: `${root}/models/__init__.py`, content: t.render("init", modelsInitContext(project)) },
    { path: `${root}/schemas/__init__.py`, content: t.render("init", schemasInitContext(project)) },
    { path: `${root}/schemas/_wire.py`, content: t.render("wire", wireContext(project)) },
  ];
  if (project.associations.length) {
    yield { path: `${root}/models/_associations.py`, content: t.render("associations", associationsContext(project)) };
  }
  if (project.views.length) {
    yield { path: `${root}/models/_views.py`, content: t.render("views", viewsContext(project)) };
    yield { path: `${root}/schemas/_views.py`, content: t.render("view-schemas", viewSchemasContext(project)) };
  }
  const keys = memo === NO_MEMO ? undefined : modelRenderKeys(project, [...templates].map(([k, v]) => `${k}\n${v}`).sort().join("\n"));
  for (const m of project.models) {
    const key = keys?.get(m.name) ?? "";
    const model = `${root}/models/${m.moduleName}.py`;
    const schemas = `${root}/schemas/${m.moduleName}.py`;
    yield memo.file(`${key}:model`, model, () => t.render("model", modelContext(m, project)));
    yield memo.file(`${key}:schemas`, schemas, () => t.render("schemas", schemasContext(m, project)));
  }
}
