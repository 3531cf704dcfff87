import type { GeneratedFile } from "../file.js";
import { compileTemplates, type TemplateSources } from "../templates.js";
import { NO_MEMO, modelRenderKeys, type RenderMemo } from "../memo.js";
import type { Project } from "../../ir/types.js";
import { camelCase } from "../../lang/typescript/escape.js";
import { projectSchema } from "../../db/project.js";
import type { DbSchema } from "../../db/types.js";
import {
  associationsContext,
  dtoContext,
  entitiesIndexContext,
  entityContext,
  enumsContext,
  header,
  indexContext,
  mapperContext,
  pgEnumsContext,
  runtimeContext,
  TsRun,
  viewDtosContext,
  domainsContext,
  viewEntitiesContext,
  viewMappersContext,
} from "./view-model.js";

/**
 * TypeScript target: `(ir, options) → GeneratedFile`s, laid out as prettier would lay them
 * out, produced one at a time. One schema projection serves every entity (the caller's, when it
 * has one; computing it per model was quadratic).
 */
export function* renderTypescript(project: Project, templates: TemplateSources, schema: DbSchema = projectSchema(project), memo: RenderMemo = NO_MEMO): Generator<GeneratedFile> {
  if (!project.targets.typescript) return;
  const t = compileTemplates(templates, "typescript");
  const root = "typescript";
  const bp = header([project.blueprintFile]);
  const run = new TsRun(project, schema);
  yield* [
    { path: `${root}/index.ts`, content: t.render("index", indexContext(project)) },
    { path: `${root}/enums.ts`, content: t.render("enums", enumsContext(project)) },
    { path: `${root}/dtos/_runtime.ts`, content: t.render("runtime", runtimeContext(project)) },
    { path: `${root}/entities/_types.ts`, content: t.render("types", { header: bp }) },
    { path: `${root}/entities/_enums.ts`, content: t.render("pg-enums", pgEnumsContext(project)) },
    { path: `${root}/entities/index.ts`, content: t.render("index", entitiesIndexContext(project)) },
  ];
  if (project.softDeleteColumn !== undefined) {
    yield { path: `${root}/entities/_live.ts`, content: t.render("live", { header: bp, column: camelCase(project.softDeleteColumn) }) };
  }
  if (project.associations.length) {
    yield { path: `${root}/entities/_associations.ts`, content: t.render("associations", associationsContext(run)) };
  }
  if (project.domains.length) yield { path: `${root}/entities/_domains.ts`, content: t.render("declarations", domainsContext(run)) };
  if (project.views.length) {
    yield { path: `${root}/entities/_views.ts`, content: t.render("declarations", viewEntitiesContext(run)) };
    yield { path: `${root}/dtos/_views.ts`, content: t.render("dto", viewDtosContext(run)) };
    yield { path: `${root}/mappers/_views.ts`, content: t.render("mapper", viewMappersContext(run)) };
  }
  // A model's files depend on its IR, its related models' and the project-wide facts: the same
  // keys as the Python target's, so an edit re-renders only the files it touches.
  const keys = memo === NO_MEMO ? undefined : modelRenderKeys(project, `typescript\n${[...templates].map(([k, v]) => `${k}\n${v}`).sort().join("\n")}`);
  for (const m of project.models) {
    const key = keys?.get(m.name) ?? "";
    yield memo.file(`${key}:ts-entity`, `${root}/entities/${m.moduleName}.ts`, () => t.render("entity", entityContext(m, run)));
    yield memo.file(`${key}:ts-dto`, `${root}/dtos/${m.moduleName}.ts`, () => t.render("dto", dtoContext(m, run)));
    yield memo.file(`${key}:ts-mapper`, `${root}/mappers/${m.moduleName}.ts`, () => t.render("mapper", mapperContext(m, run)));
  }
}
