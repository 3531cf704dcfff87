import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { compileTemplates } from "../targets/templates.js";
import { PASCAL_CASE, snakeCase } from "../ir/naming.js";
import type { Io } from "../project/io.js";
import { UserError } from "../project/io.js";
import { BLUEPRINT_FILE, OUT_DIR, SPECS_DIR, declaresModel, readSpecs, readTemplates } from "../project/project.js";

/** `gen init`: a working project in an empty folder; never overwrites a file. */
export function runInit(root: string, options: { package?: string | undefined }, io: Io): number {
  mkdirSync(root, { recursive: true });
  const taken = [BLUEPRINT_FILE, SPECS_DIR, OUT_DIR].filter((f) => existsSync(join(root, f)));
  if (taken.length) throw new UserError(`${root} already has ${taken.join(", ")}: gen init only starts new projects and never overwrites files`);
  const pkg = options.package ?? (snakeCase(basename(root).replace(/[^A-Za-z0-9]+/g, "_")).replace(/^[^a-z]+/, "").replace(/_+/g, "_") || "app");
  if (!/^[a-z][a-z0-9_]*$/.test(pkg)) throw new UserError(`--package ${pkg} is not a snake_case Python package name`, 2);
  const t = compileTemplates(readTemplates(), "init");
  mkdirSync(join(root, SPECS_DIR));
  const files: [string, string][] = [
    [BLUEPRINT_FILE, t.render("blueprint", { package: pkg })],
    [`${SPECS_DIR}/tenant.yaml`, t.render("tenant", {})],
    [`${SPECS_DIR}/project.yaml`, t.render("example", {})],
  ];
  for (const [path, content] of files) writeFileSync(join(root, path), content, { flag: "wx" });
  const gitignore = join(root, ".gitignore");
  const wanted = t.render("gitignore", {});
  const existing = existsSync(gitignore) ? readFileSync(gitignore, "utf8") : "";
  const missing = wanted.split("\n").filter((l) => l && !l.startsWith("#") && !existing.split("\n").includes(l));
  if (!existsSync(gitignore)) writeFileSync(gitignore, wanted);
  else if (missing.length) appendFileSync(gitignore, `${existing.endsWith("\n") || existing === "" ? "" : "\n"}# blueprint-gen\n${missing.join("\n")}\n`);
  io.stderr(`created ${files.map(([p]) => p).join(", ")} and .gitignore lines\nnext: gen models   (then: gen migration -m "Initial schema")\n`);
  return 0;
}

/** `gen new model <Name>`: a spec file with the editor modeline and the common fields commented. */
export function runNewModel(root: string, name: string, io: Io): number {
  if (!PASCAL_CASE.test(name)) throw new UserError(`model name \`${name}\` is not PascalCase (e.g. BatchJob)`, 2);
  if (!existsSync(join(root, BLUEPRINT_FILE))) throw new UserError(`no ${BLUEPRINT_FILE} in ${root}: run \`gen init\` first`);
  for (const spec of readSpecs(root)) {
    if (declaresModel(spec.text, name)) throw new UserError(`model ${name} is already declared in ${spec.path}`);
  }
  const path = join(root, SPECS_DIR, `${snakeCase(name)}.yaml`);
  if (existsSync(path)) throw new UserError(`${relative(root, path)} already exists`);
  mkdirSync(join(root, SPECS_DIR), { recursive: true });
  const schemaPath = relative(join(root, SPECS_DIR), join(root, OUT_DIR, "schema", "spec.schema.json")).split("\\").join("/");
  writeFileSync(path, compileTemplates(readTemplates(), "init").render("model", { name, schemaPath }), { flag: "wx" });
  io.stderr(`created ${relative(root, path)}\n`);
  return 0;
}

