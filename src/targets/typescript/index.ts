import type { GeneratedFile } from "../../emit/file.js";
import { compileTemplates, type TemplateSources } from "../../emit/templates.js";
import type { Project } from "../../ir/types.js";
import { projectSchema } from "../../schema/project.js";
import {
  associationsContext,
  dtoContext,
  entitiesIndexContext,
  entityContext,
  enumsContext,
  header,
  indexContext,
  pgEnumsContext,
} from "./view-model.js";

/** TypeScript target: `(ir, options) → GeneratedFile[]`, laid out as prettier would lay it out. */
export function renderTypescript(project: Project, templates: TemplateSources): GeneratedFile[] {
  if (!project.targets.typescript) return [];
  const t = compileTemplates(templates, "typescript");
  const root = "typescript";
  const bp = header([project.blueprintFile]);
  const files: GeneratedFile[] = [
    { path: `${root}/index.ts`, content: t.render("index", indexContext(project)) },
    { path: `${root}/enums.ts`, content: t.render("enums", enumsContext(project)) },
    { path: `${root}/dtos/_runtime.ts`, content: t.render("runtime", { header: bp }) },
    { path: `${root}/entities/_types.ts`, content: t.render("types", { header: bp }) },
    { path: `${root}/entities/_enums.ts`, content: t.render("pg-enums", pgEnumsContext(project)) },
    { path: `${root}/entities/index.ts`, content: t.render("index", entitiesIndexContext(project)) },
  ];
  if (project.associations.length) {
    files.push({ path: `${root}/entities/_associations.ts`, content: t.render("associations", associationsContext(project)) });
  }
  // One projection for all entities (computing it per model was quadratic).
  const schema = projectSchema(project);
  for (const m of project.models) {
    files.push({ path: `${root}/entities/${m.moduleName}.ts`, content: t.render("entity", entityContext(m, project, schema)) });
    files.push({ path: `${root}/dtos/${m.moduleName}.ts`, content: t.render("dto", dtoContext(m, project)) });
  }
  return files;
}
