import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import pg from "pg";
import { tableName } from "../src/ir/naming.js";
import { describe, expect, it } from "vitest";
import { introspect, compareSchemas } from "../src/db/introspect.js";
import { normalizeCheck } from "../src/db/checks.js";
import type { DbSchema } from "../src/db/types.js";
import { tryFragments } from "../src/core/fragments.js";
import { portablePattern } from "../src/lang/regex.js";
import { baselineSql } from "../src/targets/sql/baseline.js";
import { parse } from "yaml";
import { CASES, REPO, runCli } from "./helpers/project.js";
import { loadSamples, validValue } from "./helpers/wire-table.js";
import { withClient } from "./helpers/database.js";

/**
 * Bounds hold in three places: the database (named CHECKs), Pydantic and zod. The DTO side is
 * the wire table (typescript.test.ts, with each case's samples.yaml); here the database is held
 * to the same samples on PostgreSQL, and patterns to one meaning in the three regex dialects.
 */
const ci = process.env.CI === "true";
const venvPython = join(REPO, ".venv", "bin", "python");
const bounded = readdirSync(CASES).filter((d) => existsSync(join(CASES, d, "samples.yaml")));

interface IndexSpec {
  columns?: string[];
  expression?: string;
  name?: string;
  where?: string;
  using?: string;
  all_rows?: boolean;
}

interface SpecModel {
  indexes?: IndexSpec[];
  unique?: IndexSpec[];
  fields?: Record<
    string,
    { type: string; domain?: string; generated?: string; index?: boolean; unique?: boolean; of?: string; length?: number; max_length?: number; precision?: number; scale?: number; nullable?: boolean; default?: unknown; min?: number | string; max?: number | string; min_length?: number; pattern?: string }
  >;
  checks?: { name: string; sql: string; description?: string }[];
}

function specModels(dir: string): Record<string, SpecModel> {
  const out: Record<string, SpecModel> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
    Object.assign(out, (parse(readFileSync(join(dir, f), "utf8")) as { models?: Record<string, SpecModel> }).models ?? {});
  }
  return out;
}

type SpecView = { sql: string; columns: Record<string, Record<string, unknown>> };

function specViews(dir: string): Record<string, SpecView> {
  const out: Record<string, SpecView> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
    Object.assign(out, (parse(readFileSync(join(dir, f), "utf8")) as { views?: Record<string, SpecView> }).views ?? {});
  }
  return out;
}

const urlOf = (client: pg.Client) => `postgresql://${client.user}@${client.host}:${client.port}/${client.database}`;

const withDatabase = (fn: (client: pg.Client) => Promise<void>) => withClient((client) => fn(client));

describe.each(bounded)("bounds of case %s on PostgreSQL", (name) => {
  const root = join(CASES, name, "expected");
  const db = JSON.parse(readFileSync(join(root, "schema", "database.json"), "utf8")) as DbSchema;
  const samples = loadSamples(root);

  it("the CHECKs accept and refuse exactly the samples the DTOs accept and refuse", async () => {
    await withDatabase(async (client) => {
      await client.query(baselineSql(db));
      const tenant = (await client.query("INSERT INTO tenants (id, name, created_at, updated_at) VALUES (gen_random_uuid(), 't', now(), now()) RETURNING id")).rows[0].id;
      const wrong: string[] = [];
      let tried = 0;
      await client.query("BEGIN");
      // Foreign keys are triggers, off for this transaction, so a bounded table that references
      // others takes a sample row alone; CHECKs are not triggers and still hold.
      await client.query("SET LOCAL session_replication_role = replica");
      for (const t of db.tables) {
        const cols = t.columns.filter((c) => samples.has(`${t.name}.${c.name}`));
        if (!cols.length) continue;
        // The other NOT NULL columns without a default take the wire table's first value.
        const others = t.columns.filter((c) => !samples.has(`${t.name}.${c.name}`) && !c.nullable && c.default === null && !["id", "tenant_id"].includes(c.name));
        const valid = new Map([
          ...others.map((c) => [c.name, JSON.parse(validValue(c, db.enums.find((e) => e.name === c.type)?.values))] as const),
          ...cols.map((c) => [c.name, JSON.parse(samples.get(`${t.name}.${c.name}`)!.accept[0]!)] as const),
        ]);
        for (const c of cols) {
          const row = samples.get(`${t.name}.${c.name}`)!;
          for (const [texts, want] of [[row.accept, true], [row.reject, false]] as const) {
            for (const text of texts) {
              const values = new Map(valid).set(c.name, JSON.parse(text));
              const names = ["id", "tenant_id", ...values.keys()];
              const sql = `INSERT INTO ${t.name} (${names.join(", ")}) VALUES (gen_random_uuid(), $1, ${[...values.keys()].map((_, i) => `$${i + 2}`).join(", ")})`;
              await client.query("SAVEPOINT s");
              let ok = true;
              try {
                await client.query(sql, [tenant, ...[...values.values()].map((v) => (typeof v === "number" ? String(v) : v))]);
              } catch (err) {
                ok = false;
                // Only a CHECK (23514) or the type's length (22001) may refuse: another error
                // would mean the sample is not a value of the column's type at all.
                expect(["23514", "22001"], `${t.name}.${c.name} = ${text}: ${(err as Error).message}`).toContain((err as { code?: string }).code);
              }
              await client.query("ROLLBACK TO SAVEPOINT s");
              tried++;
              if (ok !== want) wrong.push(`${t.name}.${c.name} = ${text}: the database ${ok ? "accepts" : "refuses"} it`);
            }
          }
        }
      }
      await client.query("ROLLBACK");
      expect(wrong).toEqual([]);
      // Every sample was tried: none names a table or column the case does not have.
      expect(tried).toBe([...samples.values()].reduce((n, r) => n + r.accept.length + r.reject.length, 0));
    });
  });

  it("a check PostgreSQL refuses is found, with its message", async () => {
    await withDatabase(async (client) => {
      const query = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[];
      const exec = async (sql: string) => void (await client.query(sql));
      // A case with table checks gets two broken ones there; one whose bounds are its domains', there.
      const inTables = db.tables.some((t) => t.checks);
      const broken: DbSchema = {
        ...db,
        tables: db.tables.map((t) => (t.checks ? { ...t, checks: [...t.checks, { name: "ck_broken", expression: "no_such_column > 0" }, { name: "ck_syntax", expression: "total >=" }] } : t)),
        ...(!inTables && db.domains?.length
          ? { domains: db.domains.map((d, i) => (i === 0 ? { ...d, checks: [...d.checks, { name: "ck_broken", expression: "no_such_function(VALUE)" }, { name: "ck_syntax", expression: "VALUE >=" }] } : d)) }
          : {}),
      };
      const { problems } = await tryFragments({ exec, query }, broken);
      expect(problems.map((p) => [p.name, /no_such_column|no_such_function|syntax/.test(p.message)])).toEqual([
        ["ck_broken", true],
        ["ck_syntax", true],
      ]);
    });
  });
});

/** Cases whose schema holds SQL of the spec's: checks, index expressions and predicates, methods. */
const withSql = readdirSync(CASES).filter((d) => {
  const file = join(CASES, d, "expected", "schema", "database.json");
  if (!existsSync(file)) return false;
  const schema = JSON.parse(readFileSync(file, "utf8")) as DbSchema;
  return schema.tables.some((t) => t.checks?.length || t.indexes.some((i) => i.where ?? i.expression ?? i.using)) || !!schema.domains?.length;
});

describe.each(withSql)("the SQL of case %s on PostgreSQL", (name) => {
  const root = join(CASES, name, "expected");
  const db = JSON.parse(readFileSync(join(root, "schema", "database.json"), "utf8")) as DbSchema;

  it("gen migrate verify's reading of its SQL: each fragment as PostgreSQL prints it, no drift", async () => {
    await withDatabase(async (client) => {
      const query = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[];
      const exec = async (sql: string) => void (await client.query(sql));
      const { problems, canonical } = await tryFragments({ exec, query }, db);
      expect(problems).toEqual([]);
      // The fragments were tried in a transaction that was rolled back.
      expect((await introspect(query)).tables).toEqual([]);
      await client.query(baselineSql(db));
      expect(compareSchemas(canonical, await introspect(query))).toEqual([]);
      // Where the spec's text and PostgreSQL's differ (`total >= 0` → `total >= (0)::numeric`),
      // comparing the spec's text would be drift: the canonical reading is what makes it none.
      if (JSON.stringify(canonical) !== JSON.stringify(db)) expect(compareSchemas(db, await introspect(query)).length).toBeGreaterThan(0);
    });
  });

  // gen import writes the blueprint: a legacy `deleted_at` turns its soft delete on, so a
  // soft-delete case round-trips too (its partial uniques read back as plain ones, `all_rows` kept).
  it("round trip: spec → database → gen import --from-database gives the same types, bounds and checks", async () => {
    await withDatabase(async (client) => {
      await client.query(baselineSql(db));
      const project = mkdtempSync(join(tmpdir(), "bpg-bounds-import-"));
      const r = await runCli(["import", "--from-database", urlOf(client)], project);
      expect(r.code, r.stderr).toBe(0);
      const original = specModels(join(CASES, name, "specs"));
      const imported = specModels(join(project, "specs"));
      // Numbers as exact text: 0, "0.00" and "0" are one bound; 1000 is not 1.
      const exact = (v: unknown) => (v === undefined ? undefined : String(v).includes(".") ? String(v).replace(/0+$/, "").replace(/\.$/, "") : String(v));
      const boundsOf = (m: SpecModel) =>
        Object.entries(m.fields ?? {}).map(([f, spec]) => {
          const pattern = spec.pattern === undefined ? undefined : portablePattern(String(spec.pattern));
          return {
            field: f,
            type: spec.type,
            // string and text elements are both TEXT[].
            of: spec.of === "string" ? "text" : spec.of,
            length: spec.length,
            max_length: spec.max_length,
            precision: spec.precision,
            scale: spec.scale,
            nullable: spec.nullable ?? false,
            // `default: []` is the application's: no database holds it.
            default: spec.type === "array" ? undefined : exact(spec.default),
            min: exact(spec.min),
            max: exact(spec.max),
            min_length: spec.min_length,
            pattern: pattern && "pattern" in pattern ? pattern.pattern : undefined,
            generated: spec.generated === undefined ? undefined : normalizeCheck(spec.generated),
            index: spec.index ?? false,
            unique: spec.unique ?? false,
            domain: spec.domain,
          };
        });
      let compared = 0;
      for (const [model, spec] of Object.entries(original)) {
        expect(imported[model], `${model} imported`).toBeDefined();
        expect(boundsOf(imported[model]!)).toEqual(boundsOf(spec));
        expect(imported[model]!.checks ?? []).toEqual((spec.checks ?? []).map((k) => ({ name: k.name, sql: k.sql })));
        for (const section of ["indexes", "unique"] as const) {
          const entries = (m: SpecModel) =>
            (m[section] ?? [])
              .map((i) => JSON.stringify([i.columns ?? [], i.expression === undefined ? null : normalizeCheck(i.expression), i.expression === undefined ? null : i.name, i.where === undefined ? null : normalizeCheck(i.where), i.using ?? "btree", i.all_rows ?? false]))
              .sort();
          expect(entries(imported[model]!), `${model} ${section}`).toEqual(entries(spec));
        }
        compared += boundsOf(spec).length;
      }
      expect(compared).toBeGreaterThan(3);
      // Domains: the same names, base types, bounds and checks (the SQL as PostgreSQL prints it).
      const domainsOf = (dir: string) => {
        const out: Record<string, Record<string, unknown>> = {};
        for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) Object.assign(out, (parse(readFileSync(join(dir, f), "utf8")) as { domains?: Record<string, Record<string, unknown>> }).domains ?? {});
        return out;
      };
      const domainShape = (d: Record<string, unknown>) => ({
        ...Object.fromEntries(Object.entries(d).filter(([k]) => !["description", "checks"].includes(k)).map(([k, v]) => [k, exact(v)])),
        checks: ((d.checks as { name: string; sql: string }[] | undefined) ?? []).map((k) => [k.name, normalizeCheck(k.sql)]),
      });
      const domains = domainsOf(join(CASES, name, "specs"));
      const importedDomains = domainsOf(join(project, "specs"));
      expect(Object.keys(importedDomains).sort()).toEqual(Object.keys(domains).sort());
      for (const [d, spec] of Object.entries(domains)) expect(domainShape(importedDomains[d]!), d).toEqual(domainShape(spec));
      // Views: the same names, columns and types; the query as PostgreSQL prints it.
      const typesOf = (v: SpecView) => Object.entries(v.columns).map(([c, spec]) => [c, spec.type, spec.max_length, spec.length, spec.precision, spec.scale, spec.of, spec.enum]);
      const views = specViews(join(CASES, name, "specs"));
      const importedViews = specViews(join(project, "specs"));
      expect(Object.keys(importedViews).sort()).toEqual(Object.keys(views).sort());
      const printed = new Map(((await introspect(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[])).views ?? []).map((v) => [v.name, v.sql]));
      for (const [view, spec] of Object.entries(views)) {
        expect(typesOf(importedViews[view]!), view).toEqual(typesOf(spec));
        expect(importedViews[view]!.sql.trim(), view).toBe(printed.get(tableName(view)));
      }
    });
  });

});

describe("gen migrate verify tries every check on PGlite", () => {
  it("a check PostgreSQL refuses is an error at its spec line, before any migration runs", async () => {
    const project = mkdtempSync(join(tmpdir(), "bpg-verify-check-"));
    mkdirSync(join(project, "specs"));
    writeFileSync(join(project, "blueprint.yaml"), readFileSync(join(CASES, "blueprint.yaml"), "utf8"));
    writeFileSync(join(project, "specs", "00-tenant.yaml"), readFileSync(join(CASES, "bounds-and-checks", "specs", "00-tenant.yaml"), "utf8"));
    const spec = (sql: string) => `models:\n  Shop:\n    fields:\n      rating: { type: integer, min: 0, max: 5 }\n    checks:\n      - { name: rating_known, sql: "${sql}" }\n`;
    writeFileSync(join(project, "specs", "shop.yaml"), spec("rating IS NOT NULL"));
    expect((await runCli(["models"], project)).code).toBe(0);
    expect((await runCli(["migration", "-m", "init"], project)).code).toBe(0);
    const ok = await runCli(["migrate", "verify"], project);
    expect(ok.code, ok.stderr).toBe(0);
    writeFileSync(join(project, "specs", "shop.yaml"), spec("ratng IS NOT NULL"));
    const bad = await runCli(["migrate", "verify"], project);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('specs/shop.yaml:6:36: error [2.1.8.9] Shop.checks.0.sql: PostgreSQL refuses the check ck_shops_rating_known: column "ratng" does not exist');
    // An index's predicate and expression too, each at its own line.
    writeFileSync(
      join(project, "specs", "shop.yaml"),
      `${spec("rating IS NOT NULL")}    indexes:\n      - { columns: [rating], where: "ratin > 0" }\n      - { expression: "lower(rating)", name: rating_lower }\n`,
    );
    const index = await runCli(["migrate", "verify"], project);
    expect(index.code).toBe(1);
    expect(index.stderr).toContain('specs/shop.yaml:8:37: error [2.1.8.9] Shop.indexes.0.where: PostgreSQL refuses the index ix_shops_rating: column "ratin" does not exist');
    expect(index.stderr).toMatch(/specs\/shop\.yaml:9:\d+: error \[2\.1\.8\.9\] Shop\.indexes\.1\.expression: PostgreSQL refuses the index ix_shops_rating_lower: function lower\(integer\) does not exist/);
    // A generated column's expression too.
    writeFileSync(join(project, "specs", "shop.yaml"), spec("rating IS NOT NULL").replace("      rating: { type: integer, min: 0, max: 5 }\n", '      rating: { type: integer, min: 0, max: 5 }\n      stars: { type: integer, generated: "ratin * 2" }\n'));
    const generated = await runCli(["migrate", "verify"], project);
    expect(generated.code).toBe(1);
    expect(generated.stderr).toMatch(/specs\/shop\.yaml:5:\d+: error \[2\.1\.8\.9\] Shop\.fields\.stars\.generated: PostgreSQL refuses the column stars: column "ratin" does not exist/);
    // Under soft delete a field's index flag becomes a partial index too: a unique's predicate
    // is still found at its own entry.
    writeFileSync(join(project, "blueprint.yaml"), `${readFileSync(join(CASES, "blueprint.yaml"), "utf8")}soft_delete: {}\n`);
    writeFileSync(join(project, "specs", "shop.yaml"), `${spec("rating IS NOT NULL").replace("rating: { type: integer, min: 0, max: 5 }", "rating: { type: integer, min: 0, max: 5, index: true }")}    unique:\n      - { columns: [rating], where: "ratin > 0" }\n`);
    const soft = await runCli(["migrate", "verify"], project);
    expect(soft.code).toBe(1);
    expect(soft.stderr).toMatch(/specs\/shop\.yaml:8:\d+: error \[2\.1\.8\.9\] Shop\.unique\.0\.where: PostgreSQL refuses the index uq_shops_rating: column "ratin" does not exist/);
  });
});

describe("legacy checks: read from SQLAlchemy sources and from the database alike", () => {
  const sources = join(REPO, "test", "legacy", "checks");
  // Past the header, and but for the description (the sources' docstring; a database has none).
  const body = (dir: string, file = "product.yaml") =>
    readFileSync(join(dir, "specs", file), "utf8").split("\n").slice(2).filter((l) => !/^    description: /.test(l)).join("\n");

  it("single-column bounds become field bounds; other checks stay SQL, under PostgreSQL's names", async () => {
    const project = mkdtempSync(join(tmpdir(), "bpg-legacy-checks-"));
    const r = await runCli(["import", "--from-sqlalchemy", sources], project);
    expect(r.code, r.stderr).toBe(0);
    const product = specModels(join(project, "specs")).Product!;
    expect(product.fields).toMatchObject({ sku: { pattern: "^[A-Z]{3}-[0-9]{4}$" }, price: { min: 0 }, stock: { max: 100000 } });
    expect(product.fields!.sale_price).not.toHaveProperty("min");
    expect(product.fields!.markdown).toEqual({ type: "decimal", precision: 10, scale: 2, generated: "price - sale_price", nullable: true });
    expect(product.checks).toEqual([{ name: "products_check", sql: "sale_price <= price" }]);
    const store = specModels(join(project, "specs")).Store!;
    expect(store.indexes).toEqual([
      { columns: ["country"], where: "opens_at IS NOT NULL" },
      { columns: ["tags"], using: "gin" },
    ]);
    expect(store.unique).toEqual([{ expression: "lower(name)", name: "name_lower" }]);
    expect(store.fields).toEqual({
      name: { type: "text" },
      country: { type: "char", length: 2 },
      opens_at: { type: "time", nullable: true },
      tags: { type: "array", of: "string", nullable: true },
      shelf_numbers: { type: "array", of: "integer" },
      grace: { type: "interval", nullable: true },
      client_ip: { type: "inet" },
      search: { type: "tsvector", generated: "to_tsvector('simple'::regconfig, name)" },
      level: { type: "integer", min: 0 },
      discount: { type: "decimal", precision: 5, scale: 2, nullable: true, max: 50 },
    });

    await withDatabase(async (client) => {
      // The legacy database as SQLAlchemy creates it from the sources.
      const py = spawnSync(venvPython, ["-c", `import sys; sys.path.insert(0, ${JSON.stringify(sources)}); import sqlalchemy as sa, models; models.Base.metadata.create_all(sa.create_engine(${JSON.stringify(urlOf(client).replace("postgresql://", "postgresql+psycopg://"))}))`], { encoding: "utf8" });
      expect(py.status, py.stderr).toBe(0);
      const fromDb = mkdtempSync(join(tmpdir(), "bpg-legacy-checks-db-"));
      const d = await runCli(["import", "--from-database", urlOf(client)], fromDb);
      expect(d.code, d.stderr).toBe(0);
      expect(body(fromDb)).toBe(body(project));
      expect(body(fromDb, "store.yaml")).toBe(body(project, "store.yaml"));

      // The adoption keeps every check, renamed to the blueprint's names, and they still hold.
      expect((await runCli(["models"], project)).code).toBe(0);
      const m = await runCli(["migration", "-m", "adopt"], project);
      expect(m.code, m.stderr).toBe(0);
      const up = readdirSync(join(project, "generated", "migrations", "sql")).find((f) => f.endsWith(".up.sql"))!;
      const upSql = readFileSync(join(project, "generated", "migrations", "sql", up), "utf8");
      expect(upSql).not.toMatch(/DROP CONSTRAINT|ADD CONSTRAINT \S+ CHECK/);
      expect(upSql).toContain("RENAME CONSTRAINT products_check TO ck_products_products_check");
      await client.query(upSql);
      const names = (await client.query("SELECT conname FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0 ORDER BY 1")).rows.map((x) => x.conname);
      expect(names).toEqual(["ck_products_price_min", "ck_products_products_check", "ck_products_sku_pattern", "ck_products_stock_max", "ck_stores_discount_max", "ck_stores_level_min"]);
      const tenant = (await client.query("INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 't') RETURNING id")).rows[0].id;
      const insert = (stock: number) => client.query("INSERT INTO products (id, tenant_id, sku, price, stock) VALUES (gen_random_uuid(), $1, 'ABC-1234', 1, $2)", [tenant, stock]);
      await insert(100000);
      await expect(insert(100001)).rejects.toThrow(/ck_products_stock_max/);
    });
  });
});

/** Each [pattern, text] through a u-flag RegExp, Pydantic and PostgreSQL's `~`: all must agree. */
async function agreeEverywhere(cases: [string, string][]): Promise<{ js: boolean[] }> {
  const js = cases.map(([p, t]) => new RegExp(p, "u").test(t));
  if (!existsSync(venvPython)) {
    expect(ci, "CI=true requires the Python venv").toBe(false);
    return { js };
  }
  const dir = mkdtempSync(join(tmpdir(), "bpg-pattern-"));
  writeFileSync(join(dir, "cases.json"), JSON.stringify(cases));
  const py = spawnSync(venvPython, [join(REPO, "test", "python", "pattern_agreement.py"), join(dir, "cases.json"), join(dir, "results.json")], { encoding: "utf8" });
  expect(py.status, py.stderr).toBe(0);
  const pydantic = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as boolean[];
  await withDatabase(async (client) => {
    const rows = (await client.query("SELECT t ~ p AS m FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(p, t, i) ORDER BY i", [cases.map((c) => c[0]), cases.map((c) => c[1])])).rows as { m: boolean }[];
    const wrong = cases
      .map(([p, t], i) => ({ pattern: p, text: JSON.stringify(t), js: js[i], pydantic: pydantic[i], postgres: rows[i]!.m }))
      .filter((r) => r.js !== r.pydantic || r.js !== r.postgres);
    expect(wrong.slice(0, 10)).toEqual([]);
  });
  return { js };
}

/** Spec patterns (before translation) and texts that tell the dialects apart when they differ. */
const PATTERNS = [
  "^\\d+$",
  "\\w",
  "^\\w+$",
  "^.$",
  "a.c",
  "^\\s*$",
  "^\\D\\W\\S$",
  "[^a-z]",
  "^(ab|cd)+$",
  "^[\\d_-]{2,3}$",
  "x{2}",
  "^é+$",
  "^[😀-😂]$",
  "^\\u00e9$",
  "^\\.$",
  "[\\]\\[]",
  "^$",
  "^[A-Z]{2}-\\d+$",
  "colou?r|^x",
  "^[^\\n]*$",
  "^\\t$",
  "^a|b$",
];
const TEXTS = ["123", "١٢٣", "a", "é", "\n", "\u2028", "😀", "😁", "ab", "abcd", "cdab", " ", "\t", "a\nc", "abc", "_-", "1_", "xx", "", ".", "]", "[", "ééé", "AB-12", "AB-12\n", "color", "colour", "x", "ña", "ab\n", "\r"];

describe("patterns mean the same to PostgreSQL, Pydantic and zod", () => {
  it("every spec pattern on every text: ~, Field(pattern=…) and RegExp(…, \"u\") agree", async () => {
    const cases: [string, string][] = [];
    for (const p of PATTERNS) {
      const r = portablePattern(p);
      expect("pattern" in r, `${p}: ${JSON.stringify(r)}`).toBe(true);
      if ("pattern" in r) for (const t of TEXTS) cases.push([r.pattern, t]);
    }
    const { js } = await agreeEverywhere(cases);
    // Not vacuous: the texts both match and miss.
    expect(js.filter(Boolean).length).toBeGreaterThan(40);
    expect(js.filter((x) => !x).length).toBeGreaterThan(200);
  });

  it("random patterns of the portable subset on random texts agree too (fast-check)", async () => {
    const atom = fc.oneof(
      fc.constantFrom("a", "b", "é", "😀", "-", ".", "\\d", "\\w", "\\s", "\\D", "\\S", "\\.", "\\n", "[a-c]", "[^ab]", "[\\d_]", "[😀-😂]", "^", "$"),
      fc.constantFrom("(a|b)", "(?:ab)", "(é|\\d\\d)", "(x|)"),
    );
    const quant = fc.constantFrom("", "", "", "*", "+", "?", "{2}", "{1,2}", "{0,}");
    const piece = fc.tuple(atom, quant).map(([a, q]) => (a === "^" || a === "$" ? a : a + q));
    const pattern = fc.array(piece, { minLength: 1, maxLength: 5 }).map((xs) => xs.join(""));
    const text = fc.array(fc.constantFrom("a", "b", "c", "é", "😀", "😁", "1", "٣", "_", " ", "\n", "\u2028", "-", ".", "x"), { maxLength: 6 }).map((xs) => xs.join(""));
    const seed = Number(process.env.PATTERN_SEED ?? 2026);
    const patterns = fc.sample(pattern, { numRuns: 150, seed });
    const texts = fc.sample(text, { numRuns: 25, seed: seed + 1 });
    const cases: [string, string][] = [];
    for (const p of patterns) {
      const r = portablePattern(p);
      expect("pattern" in r, `${p}: ${JSON.stringify(r)}`).toBe(true);
      if ("pattern" in r) for (const t of texts) cases.push([r.pattern, t]);
    }
    await agreeEverywhere(cases);
  });

  it.each([
    ["(?=a)b", "lookaround"],
    ["(a)\\1", "back-references"],
    ["\\bword", "word boundary"],
    ["a**", "repeat of a repeat"],
    ["*a", "nothing to repeat"],
    ["a+?", "lazy"],
    ["[[:alpha:]]", "nested classes"],
    ["a{", "lone {"],
    ["a{300}", "at most 255"],
    ["\\p{L}", "not portable"],
    ["[z-a]", "backwards"],
    ["(ab", "never closed"],
    ["ab)", "closes no group"],
    ["[\\D]", "no portable form"],
    ["", "empty pattern"],
  ])("refuses %j (%s), saying where", (pattern, why) => {
    const r = portablePattern(pattern);
    expect("error" in r && r.error.message).toContain(why);
  });
});

describe("domains read back from SQLAlchemy code, and verified", () => {
  const domainsOf = (dir: string) => {
    const out: Record<string, Record<string, unknown>> = {};
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) Object.assign(out, (parse(readFileSync(join(dir, f), "utf8")) as { domains?: Record<string, Record<string, unknown>> }).domains ?? {});
    return out;
  };

  it("the generated DOMAIN columns import as the same domains (their one combined check split into bounds and SQL)", async () => {
    const project = mkdtempSync(join(tmpdir(), "bpg-domains-src-"));
    const r = await runCli(["import", "--from-sqlalchemy", join(CASES, "domains", "expected", "python")], project);
    expect(r.code, r.stderr).toBe(0);
    const imported = domainsOf(join(project, "specs"));
    const original = domainsOf(join(CASES, "domains", "specs"));
    const shape = (d: Record<string, unknown>) => ({
      ...Object.fromEntries(Object.entries(d).filter(([k]) => !["description", "checks"].includes(k)).map(([k, v]) => [k, String(v)])),
      checks: ((d.checks as { sql: string }[] | undefined) ?? []).map((k) => normalizeCheck(k.sql)),
    });
    expect(Object.keys(imported).sort()).toEqual(Object.keys(original).sort());
    for (const [name, d] of Object.entries(original)) expect(shape(imported[name]!), name).toEqual(shape(d));
    expect(readFileSync(join(project, "specs", "person.yaml"), "utf8")).toContain("email: { type: domain, domain: Email }");
  });

  it("gen migrate verify reports a domain check PostgreSQL refuses at the spec line that wrote it", async () => {
    const project = mkdtempSync(join(tmpdir(), "bpg-domains-verify-"));
    cpSync(join(CASES, "domains", "specs"), join(project, "specs"), { recursive: true });
    writeFileSync(join(project, "blueprint.yaml"), readFileSync(join(CASES, "blueprint.yaml"), "utf8"));
    expect((await runCli(["models"], project)).code).toBe(0);
    expect((await runCli(["migration", "-m", "init"], project)).code).toBe(0);
    const ok = await runCli(["migrate", "verify"], project);
    expect(ok.code, ok.stderr).toBe(0);
    const people = join(project, "specs", "people.yaml");
    writeFileSync(people, readFileSync(people, "utf8").replace('sql: "VALUE = lower(VALUE)"', 'sql: "VALUE = lowr(VALUE)"'));
    const bad = await runCli(["migrate", "verify"], project);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/specs\/people\.yaml:8:\d+: error \[2\.1\.8\.11\] Email\.checks\.0\.sql: PostgreSQL refuses the check ck_email_lower_case of domain email: function lowr\(character varying\) does not exist/);
  });
});
