import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { expect } from "vitest";
import type { z } from "zod";
import { tableName } from "../../src/ir/naming.js";
import type { DbSchema } from "../../src/db/types.js";
import { REPO } from "./project.js";
import { opToSql } from "../../src/targets/sql/migration.js";
import { loadSamples, validValue, withBaseTypes, type Samples } from "./wire-table.js";

/**
 * The TypeScript target the way a service uses it, on PostgreSQL through node-postgres:
 * `drizzle-kit push` builds the schema (and a second push has nothing to do), a JSON body is
 * parsed by the Create schema, mapped to an insert, inserted, read back plain and through a
 * relational query (`with`), mapped to the Read DTO and parsed by the Read schema, with every
 * value that a double or a Date would round (bigint past 2^53, NUMERIC's digits, microseconds,
 * bytes) coming back exactly.
 */
const drizzleKit = join(REPO, "node_modules", ".bin", "drizzle-kit");

type Row = Record<string, unknown>;
type Mapper = { read: (row: Row) => Row; insert: (dto: Row, tenantId?: string) => Row };

/** Exact values a lossy path would change, per column type; else the wire table's first. */
function exactValue(c: DbSchema["tables"][number]["columns"][number], db: DbSchema, sample: Samples extends ReadonlyMap<string, infer R> ? R | undefined : never): string {
  if (sample) return sample.accept[0]!;
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(c.type);
  if (numeric) {
    const [p, s] = [Number(numeric[1]), Number(numeric[2])];
    return JSON.stringify(`${"9".repeat(p - s) || "0"}${s ? `.${"7".repeat(s)}` : ""}`);
  }
  if (c.type === "bigint") return JSON.stringify("9007199254740993");
  if (c.type === "timestamp with time zone") return JSON.stringify("2026-01-02T03:04:05.123456+05:30");
  if (c.type === "bytea") return JSON.stringify("AAEC/w==");
  // Canonical forms, which must come back unchanged: signs, microseconds, an IPv4 tail.
  if (c.type === "interval") return JSON.stringify("-P1DT2H3M4.000005S");
  if (c.type === "inet") return JSON.stringify("::ffff:10.1.2.3");
  if (c.type === "double precision") return "0.30000000000000004";
  return validValue(c, db.enums.find((e) => e.name === c.type)?.values);
}

/** Microseconds since the epoch of an RFC 3339 instant (a Date would drop the last three digits). */
function micros(rfc3339: string): bigint {
  const m = /^(.{19})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(rfc3339);
  if (!m) throw new Error(`not RFC 3339: ${rfc3339}`);
  const seconds = BigInt(Date.parse(`${m[1]}${m[3]}`)) / 1000n;
  return seconds * 1_000_000n + BigInt((m[2] ?? "").padEnd(6, "0"));
}

function same(type: string, got: unknown, sent: unknown): boolean {
  if (got === null || sent === null) return got === sent;
  if (type === "timestamp with time zone") return micros(String(got)) === micros(String(sent));
  // Trailing zeros of a fraction only ("0" is not "").
  const digits = (v: unknown) => (String(v).includes(".") ? String(v).replace(/0+$/, "").replace(/\.$/, "") : String(v));
  if (/^numeric/.test(type)) return Number(got) === Number(sent) && digits(got) === digits(sent);
  return JSON.stringify(got) === JSON.stringify(sent);
}

/** Run the whole check on one generated project (`root` holds schema/ and typescript/). */
export async function checkDrizzleService(root: string, url: string): Promise<void> {
  const schema = JSON.parse(readFileSync(join(root, "schema", "database.json"), "utf8")) as DbSchema;
  const db = withBaseTypes(schema);
  const samples = loadSamples(root);
  const name = `bpg_dz_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = url.replace(/\/[^/]*$/, `/${name}`);
  try {
    const dir = mkdtempSync(join(tmpdir(), "bpg-push-"));
    writeFileSync(
      join(dir, "drizzle.config.json"),
      JSON.stringify({ dialect: "postgresql", schema: join(root, "typescript", "entities", "index.ts"), dbCredentials: { url: dbUrl } }),
    );
    // drizzle-kit does not create domains (the migrations do): they are made first, as a
    // service's migrations would have made them.
    if (schema.domains?.length) {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      for (const d of schema.domains) await c.query(opToSql({ kind: "create_domain", domain: d }).join("\n"));
      await c.end();
    }
    const push = () =>
      spawnSync(drizzleKit, ["push", "--config", "drizzle.config.json", "--force", "--verbose"], { cwd: dir, encoding: "utf8" });
    const first = push();
    expect(first.status, first.stderr + first.stdout).toBe(0);
    const second = push();
    expect(second.status, second.stderr + second.stdout).toBe(0);
    expect(second.stdout + second.stderr).toContain("No changes detected");

    const types = await import(pathToFileURL(join(root, "typescript", "entities", "_types.ts")).href);
    pg.types.setTypeParser(pg.types.builtins.JSON, types.relationalJson as (text: string) => unknown);
    const entities = (await import(pathToFileURL(join(root, "typescript", "entities", "index.ts")).href)) as Record<string, unknown>;
    const dtos = (await import(pathToFileURL(join(root, "typescript", "index.ts")).href)) as Record<string, z.ZodType>;
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { getTableConfig } = await import("drizzle-orm/pg-core");
    const pool = new pg.Pool({ connectionString: dbUrl, options: "-c TimeZone=America/New_York" });
    // The database is dropped WITH (FORCE) afterwards: an idle client it ends is not an error.
    pool.on("error", () => {});
    const orm = drizzle({ client: pool, schema: entities });
    try {
      const models = Object.keys(dtos)
        .filter((k) => k.endsWith("CreateSchema"))
        .map((k) => k.replace(/CreateSchema$/, ""));
      const byTable = new Map(models.map((m) => [tableName(m), m]));
      const mappers = new Map<string, Mapper>();
      for (const m of models) {
        const module = readdirSync(join(root, "typescript", "mappers")).find((f) => {
          const text = readFileSync(join(root, "typescript", "mappers", f), "utf8");
          return text.includes(`export function to${m}Read(`);
        })!;
        const mod = (await import(pathToFileURL(join(root, "typescript", "mappers", module)).href)) as Record<string, unknown>;
        mappers.set(m, { read: mod[`to${m}Read`] as Mapper["read"], insert: mod[`to${m}Insert`] as Mapper["insert"] });
      }
      const tableConsts = new Map(
        Object.entries(entities)
          .filter(([, v]) => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v)
          .map(([k, v]) => [getTableConfig(v as never).name, { key: k, table: v }]),
      );
      // Parents first: a table after every table its keys reference, where an order allows it
      // (so nullable keys are set too and relational queries have rows to nest), else after
      // every table its NOT NULL keys reference.
      const order: DbSchema["tables"][number][] = [];
      const pending = db.tables.filter((t) => byTable.has(t.name));
      const ready = (t: DbSchema["tables"][number], strict: boolean) =>
        t.foreignKeys.every(
          (f) =>
            f.refTable === t.name ||
            order.some((o) => o.name === f.refTable) ||
            (!strict && f.columns.every((c) => t.columns.find((x) => x.name === c)!.nullable)),
        );
      while (pending.length) {
        const strict = pending.findIndex((t) => ready(t, true));
        const i = strict >= 0 ? strict : pending.findIndex((t) => ready(t, false));
        expect(i, "an insert order exists").toBeGreaterThanOrEqual(0);
        order.push(...pending.splice(i, 1));
      }
      const ids = new Map<string, string>();
      const sent = new Map<string, Row>();
      const tenantTable = db.tables.find((t) => t.columns.every((c) => c.name !== "tenant_id") && byTable.has(t.name))?.name;
      for (const t of order) {
        const model = byTable.get(t.name)!;
        const create = dtos[`${model}CreateSchema`] as unknown as z.ZodObject;
        const fields = Object.keys(create.shape);
        const body: [string, string][] = [];
        for (const f of fields) {
          const c = t.columns.find((x) => x.name === f)!;
          const fk = t.foreignKeys.find((k) => k.columns.includes(f));
          if (fk) {
            const parent = ids.get(fk.refTable);
            if (parent) body.push([f, JSON.stringify(parent)]);
            else expect(c.nullable, `${model}.${f} needs a parent`).toBe(true);
          } else body.push([f, exactValue(c, db, samples.get(`${t.name}.${f}`))]);
        }
        const raw = `{${body.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;
        const dto = create.parse(JSON.parse(raw)) as Row;
        const mapper = mappers.get(model)!;
        const values = mapper.insert(dto, tenantTable ? ids.get(tenantTable) : undefined);
        const { table } = tableConsts.get(t.name)!;
        const [row] = (await orm
          .insert(table as never)
          .values(values as never)
          .returning()) as Row[];
        const read = (dtos[`${model}ReadSchema`] as z.ZodType).parse(mapper.read(row!)) as Row;
        for (const [k, v] of body) {
          if (!(k in read)) continue;
          const c = t.columns.find((x) => x.name === k)!;
          expect(same(c.type, read[k], JSON.parse(v)), `${model}.${k}: sent ${v}, read ${JSON.stringify(read[k])}`).toBe(true);
        }
        ids.set(t.name, String(read.id));
        sent.set(t.name, Object.fromEntries(body.map(([k, v]) => [k, JSON.parse(v)])));
      }
      // Relational queries nest related rows as JSON: every value still exact after mapping.
      let nested = 0;
      let related = 0;
      const schema = (orm as unknown as { _: { schema: Record<string, { relations: Record<string, { referencedTableName: string }> }> } })._
        .schema;
      for (const [tableName_, { key }] of tableConsts) {
        if (!byTable.has(tableName_)) continue;
        const relations = Object.entries(schema[key]!.relations).filter(([, r]) => byTable.has(r.referencedTableName));
        if (!relations.length) continue;
        related += relations.length;
        const query = (orm.query as unknown as Record<string, { findMany: (o: object) => Promise<Row[]> }>)[key]!;
        const rows = await query.findMany({ with: Object.fromEntries(relations.map(([n]) => [n, true])) });
        for (const r of rows) {
          for (const [rel, config] of relations) {
            const target = byTable.get(config.referencedTableName)!;
            const table = db.tables.find((t) => t.name === config.referencedTableName)!;
            const items = Array.isArray(r[rel]) ? (r[rel] as Row[]) : r[rel] ? [r[rel] as Row] : [];
            for (const item of items) {
              const read = (dtos[`${target}ReadSchema`] as z.ZodType).parse(mappers.get(target)!.read(item)) as Row;
              for (const [k, v] of Object.entries(sent.get(table.name) ?? {})) {
                if (!(k in read) || read.id !== ids.get(table.name)) continue;
                const c = table.columns.find((x) => x.name === k)!;
                expect(same(c.type, read[k], v), `${key}.${rel}.${k}: sent ${JSON.stringify(v)}, read ${JSON.stringify(read[k])}`).toBe(
                  true,
                );
              }
              nested++;
            }
          }
        }
      }
      // Every case with relations between its models reads nested rows.
      if (related) expect(nested, "relational queries returned nested rows").toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}
