import type { GeneratedFile } from "../file.js";
import { compileTemplates, type TemplateSources } from "../templates.js";
import type { Project } from "../../ir/types.js";
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
} from "./view-model.js";

/**
 * TypeScript target: `(ir, options) → GeneratedFile`s, laid out as prettier would lay them
 * out, produced one at a time. One schema projection serves every entity (the caller's, when it
 * has one; computing it per model was quadratic).
 */
export function* renderTypescript(project: Project, templates: TemplateSources, schema: DbSchema = projectSchema(project)): Generator<GeneratedFile> {
  if (!project.targets.typescript) return;
  const t = compileTemplates(templates, "typescript");
  const root = "typescript";
  const bp = header([project.blueprintFile]);
  yield* [
    { path: `${root}/index.ts`, content: t.render("index", indexContext(project)) },
    { path: `${root}/enums.ts`, content: t.render("enums", enumsContext(project)) },
    { path: `${root}/dtos/_runtime.ts`, content: t.render("runtime", runtimeContext(project)) },
    { path: `${root}/entities/_types.ts`, content: t.render("types", { header: bp }) },
    { path: `${root}/entities/_enums.ts`, content: t.render("pg-enums", pgEnumsContext(project)) },
    { path: `${root}/entities/index.ts`, content: t.render("index", entitiesIndexContext(project)) },
  ];
  if (project.associations.length) {
    yield { path: `${root}/entities/_associations.ts`, content: t.render("associations", associationsContext(project, schema)) };
  }
  for (const m of project.models) {
    yield { path: `${root}/entities/${m.moduleName}.ts`, content: t.render("entity", entityContext(m, project, schema)) };
    yield { path: `${root}/dtos/${m.moduleName}.ts`, content: t.render("dto", dtoContext(m, project)) };
    yield { path: `${root}/mappers/${m.moduleName}.ts`, content: t.render("mapper", mapperContext(m, project)) };
  }
}
