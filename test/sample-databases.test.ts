import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { REPO, runCli } from "./helpers/project.js";
import { driver, PYTHON } from "./helpers/alembic.js";
import { judgeGenerated } from "./helpers/judges.js";

/**
 * Two public sample databases this project did not write (test/corpora: Chinook and
 * Northwind), imported with no flags, converted by the first migration through Alembic under
 * a session time zone that is not UTC, and checked row by row: every row, every reference
 * (joins before = joins after, by the legacy keys), every natural key, every timestamp as the
 * same instant read as UTC; then verified against the specs.
 */
const CORPORA = join(REPO, "test", "corpora");
const url = inject("databaseUrl");
const ci = process.env.CI === "true";
const ready = existsSync(PYTHON) && !!url;
const ZONE = "America/New_York";

interface Reference {
  /** Legacy: child table, child key expression (on `c`), FK column, parent table, parent key column. */
  readonly before: readonly [string, string, string, string, string];
  /** Converted: child table, child key expression (on `c`), FK column, parent table. */
  readonly after: readonly [string, string, string, string];
}

interface Corpus {
  readonly file: string;
  /** Legacy table → its table after the conversion. */
  readonly tables: Readonly<Record<string, string>>;
  /** Legacy table, legacy key column → kept as `legacy_id` or under its own name. */
  readonly keys: readonly (readonly [string, string, string])[];
  readonly references: readonly Reference[];
  /** Naive timestamps: legacy table, key, column. */
  readonly timestamps: readonly (readonly [string, string, string])[];
  /** Float money: legacy table, key expression, column. */
  readonly floats: readonly (readonly [string, string, string])[];
}

const CHINOOK: Corpus = {
  file: "chinook.sql",
  tables: { album: "albums", artist: "artists", customer: "customers", employee: "employees", genre: "genres", invoice: "invoices", invoice_line: "invoice_lines", media_type: "media_types", playlist: "playlists", playlist_track: "playlist_track", track: "tracks" },
  keys: ["album", "artist", "customer", "employee", "genre", "invoice", "invoice_line", "media_type", "playlist", "track"].map((t) => [t, `${t}_id`, "legacy_id"] as const),
  references: [
    { before: ["album", "c.album_id", "artist_id", "artist", "artist_id"], after: ["albums", "c.legacy_id", "artist_id", "artists"] },
    { before: ["customer", "c.customer_id", "support_rep_id", "employee", "employee_id"], after: ["customers", "c.legacy_id", "support_rep_id", "employees"] },
    { before: ["employee", "c.employee_id", "reports_to", "employee", "employee_id"], after: ["employees", "c.legacy_id", "reports_to_id", "employees"] },
    { before: ["invoice", "c.invoice_id", "customer_id", "customer", "customer_id"], after: ["invoices", "c.legacy_id", "customer_id", "customers"] },
    { before: ["invoice_line", "c.invoice_line_id", "invoice_id", "invoice", "invoice_id"], after: ["invoice_lines", "c.legacy_id", "invoice_id", "invoices"] },
    { before: ["invoice_line", "c.invoice_line_id", "track_id", "track", "track_id"], after: ["invoice_lines", "c.legacy_id", "track_id", "tracks"] },
    { before: ["track", "c.track_id", "album_id", "album", "album_id"], after: ["tracks", "c.legacy_id", "album_id", "albums"] },
    { before: ["track", "c.track_id", "genre_id", "genre", "genre_id"], after: ["tracks", "c.legacy_id", "genre_id", "genres"] },
    { before: ["track", "c.track_id", "media_type_id", "media_type", "media_type_id"], after: ["tracks", "c.legacy_id", "media_type_id", "media_types"] },
    // The join table: each link, by the playlist's and the track's legacy keys.
    { before: ["playlist_track", "c.playlist_id", "track_id", "track", "track_id"], after: ["playlist_track", "(SELECT x.legacy_id FROM playlists x WHERE x.id = c.playlist_id)", "track_id", "tracks"] },
  ],
  timestamps: [
    ["employee", "employee_id", "birth_date"],
    ["employee", "employee_id", "hire_date"],
    ["invoice", "invoice_id", "invoice_date"],
  ],
  floats: [],
};

const NORTHWIND: Corpus = {
  file: "northwind.sql",
  tables: {
    categories: "categories",
    customer_customer_demo: "customer_customer_demo",
    customer_demographics: "customer_demographics",
    customers: "customers",
    employee_territories: "employee_territories",
    employees: "employees",
    order_details: "order_details",
    orders: "orders",
    products: "products",
    region: "regions",
    shippers: "shippers",
    suppliers: "suppliers",
    territories: "territories",
    us_states: "us_states",
  },
  keys: [
    ["categories", "category_id", "legacy_id"],
    ["customers", "customer_id", "legacy_id"],
    ["customer_demographics", "customer_type_id", "customer_type_id"],
    ["employees", "employee_id", "legacy_id"],
    ["orders", "order_id", "legacy_id"],
    ["products", "product_id", "legacy_id"],
    ["region", "region_id", "legacy_id"],
    ["shippers", "shipper_id", "legacy_id"],
    ["suppliers", "supplier_id", "legacy_id"],
    ["territories", "territory_id", "legacy_id"],
    ["us_states", "state_id", "state_id"],
  ],
  references: [
    { before: ["orders", "c.order_id", "customer_id", "customers", "customer_id"], after: ["orders", "c.legacy_id", "customer_id", "customers"] },
    { before: ["orders", "c.order_id", "employee_id", "employees", "employee_id"], after: ["orders", "c.legacy_id", "employee_id", "employees"] },
    { before: ["orders", "c.order_id", "ship_via", "shippers", "shipper_id"], after: ["orders", "c.legacy_id", "ship_via_id", "shippers"] },
    { before: ["employees", "c.employee_id", "reports_to", "employees", "employee_id"], after: ["employees", "c.legacy_id", "reports_to_id", "employees"] },
    { before: ["products", "c.product_id", "category_id", "categories", "category_id"], after: ["products", "c.legacy_id", "category_id", "categories"] },
    { before: ["products", "c.product_id", "supplier_id", "suppliers", "supplier_id"], after: ["products", "c.legacy_id", "supplier_id", "suppliers"] },
    { before: ["territories", "c.territory_id", "region_id", "region", "region_id"], after: ["territories", "c.legacy_id", "region_id", "regions"] },
    // A composite key with payload: each line by its order's and product's legacy keys.
    { before: ["order_details", "c.order_id || '/' || c.product_id", "order_id", "orders", "order_id"], after: ["order_details", "(SELECT x.legacy_id FROM orders x WHERE x.id = c.order_value_id) || '/' || (SELECT x.legacy_id FROM products x WHERE x.id = c.product_id)", "order_value_id", "orders"] },
    { before: ["order_details", "c.order_id || '/' || c.product_id", "product_id", "products", "product_id"], after: ["order_details", "(SELECT x.legacy_id FROM orders x WHERE x.id = c.order_value_id) || '/' || (SELECT x.legacy_id FROM products x WHERE x.id = c.product_id)", "product_id", "products"] },
    // The pure join tables, by the legacy keys on both sides.
    { before: ["employee_territories", "c.employee_id", "territory_id", "territories", "territory_id"], after: ["employee_territories", "(SELECT x.legacy_id FROM employees x WHERE x.id = c.employee_id)", "territory_id", "territories"] },
    { before: ["customer_customer_demo", "c.customer_id", "customer_type_id", "customer_demographics", "customer_type_id"], after: ["customer_customer_demo", "(SELECT x.legacy_id FROM customers x WHERE x.id = c.customer_id)", "customer_demographic_id", "customer_demographics"] },
  ],
  timestamps: [],
  floats: [
    ["order_details", "order_id || '/' || product_id", "unit_price"],
    ["order_details", "order_id || '/' || product_id", "discount"],
    ["products", "product_id", "unit_price"],
    ["orders", "order_id", "freight"],
  ],
};

/** The parent's key column after the conversion: `legacy_id`, or the natural key's own name. */
function parentKeyAfter(c: Corpus, legacyParent: string): string {
  return c.keys.find(([t]) => t === legacyParent)![2];
}

async function rows(client: pg.Client, sql: string): Promise<string[]> {
  const r = await client.query<{ v: string | null }>(sql);
  return r.rows.map((x) => String(x.v)).sort();
}

/** What the test compares, read from the legacy tables or from the converted ones. */
async function facts(client: pg.Client, c: Corpus, after: boolean): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const name = (t: string) => (after ? c.tables[t]! : t);
  for (const t of Object.keys(c.tables)) out.set(`rows ${t}`, await rows(client, `SELECT count(*)::text AS v FROM ${name(t)}`));
  for (const [t, key, kept] of c.keys) out.set(`key ${t}.${key}`, await rows(client, `SELECT ${after ? kept : key}::text AS v FROM ${name(t)}`));
  for (const r of c.references) {
    const [child, childKey, fk, parent, parentKey] = r.before;
    const sql = after
      ? `SELECT (${r.after[1]})::text || ' -> ' || coalesce(p.${parentKeyAfter(c, parent)}::text, 'NULL') AS v FROM ${r.after[0]} c LEFT JOIN ${r.after[3]} p ON p.id = c.${r.after[2]}`
      : `SELECT (${childKey})::text || ' -> ' || coalesce(p.${parentKey}::text, 'NULL') AS v FROM ${child} c LEFT JOIN ${parent} p ON p.${parentKey} = c.${fk}`;
    out.set(`reference ${child}.${fk}`, await rows(client, sql));
  }
  for (const [t, key, col] of c.timestamps) {
    const keyAfter = c.keys.find(([x]) => x === t)![2];
    // Before: the naive value. After: the instant, shown in UTC, must be that same value.
    const v = after ? `(${col} AT TIME ZONE 'UTC')::text` : `${col}::text`;
    out.set(`timestamp ${t}.${col}`, await rows(client, `SELECT ${after ? keyAfter : key}::text || ' ' || coalesce(${v}, 'NULL') AS v FROM ${name(t)}`));
  }
  for (const [t, key, col] of c.floats) {
    const k = after ? key.replace(/order_id/g, "(SELECT x.legacy_id FROM orders x WHERE x.id = order_value_id)").replace(/product_id/g, "(SELECT x.legacy_id FROM products x WHERE x.id = product_id)") : key;
    const keyExpr = after && !key.includes("||") ? "legacy_id" : k;
    // A float printed as PostgreSQL prints it (its shortest exact text) is the decimal it became.
    const value = `trim_scale(${col}::text::numeric)::text`;
    out.set(`float ${t}.${col}`, await rows(client, `SELECT (${keyExpr})::text || ' ' || coalesce(${value}, 'NULL') AS v FROM ${name(t)}`));
  }
  return out;
}

async function load(admin: pg.Client, db: string, file: string): Promise<void> {
  await admin.query(`CREATE DATABASE ${db}`);
  // chinook.sql creates and connects to its own database: those lines are left out.
  const text = readFileSync(join(CORPORA, file), "utf8")
    .replace(/^DROP DATABASE IF EXISTS \w+;$/m, "")
    .replace(/^CREATE DATABASE \w+;$/m, "")
    .replace(/^\\c \w+;?$/m, "");
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, `/${db}`) });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}


describe.each([
  ["Chinook", CHINOOK],
  ["Northwind", NORTHWIND],
])("the %s sample database", (label, corpus) => {
  // Inside the repository, so the generated TypeScript resolves zod and drizzle-orm.
  mkdirSync(join(REPO, "test", ".fuzz"), { recursive: true });
  const project = mkdtempSync(join(REPO, "test", ".fuzz", `${label.toLowerCase()}-`));
  let converted = false;
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("has PostgreSQL and the Python venv", () => {
    if (ci) expect(ready, `CI=true requires PostgreSQL and .venv (${inject("databaseProblem")})`).toBe(true);
  });

  it.skipIf(!ready)("imports with no flags, converts under a non-UTC session with every row, reference, natural key and timestamp kept, and verifies", async () => {
    const db = `corpus_${label.toLowerCase()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const again = mkdtempSync(join(tmpdir(), `bpg-${label.toLowerCase()}-again-`));
    try {
      await load(admin, db, corpus.file);
      const dbUrl = url.replace(/\/[^/]*$/, `/${db}`);
      const imported = await runCli(["import", "--from-database", dbUrl], project);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toContain("no legacy table is the tenant model Tenant: it is created with one tenant");
      // The same database imports to the same files.
      expect((await runCli(["import", "--from-database", dbUrl], again)).code).toBe(0);
      for (const f of readdirSync(join(project, "specs"))) expect(readFileSync(join(again, "specs", f), "utf8"), f).toBe(readFileSync(join(project, "specs", f), "utf8"));
      expect(readFileSync(join(again, "generated/migrations/baseline.json"), "utf8")).toBe(readFileSync(join(project, "generated/migrations/baseline.json"), "utf8"));

      const models = await runCli(["models"], project);
      expect(models.code, models.stderr).toBe(0);
      // Float money becomes decimals that hold every stored value: a cast the import measured,
      // which a reviewer allows.
      const migration = await runCli(["migration", "-m", "Adopt legacy schema", ...(corpus.floats.length ? ["--allow-destructive"] : [])], project);
      expect(migration.code, migration.stderr).toBe(0);

      const client = new pg.Client({ connectionString: dbUrl });
      await client.connect();
      try {
        const before = await facts(client, corpus, false);
        const [up, check] = driver(project, dbUrl, [{ do: "upgrade" }, { do: "check" }], { PGTZ: ZONE }) as [string, string];
        expect([up, check]).toEqual(["ok", "ok"]);
        const after = await facts(client, corpus, true);
        for (const [k, v] of before) expect(after.get(k), k).toEqual(v);
        // One tenant, the one the baseline names (its NOT NULL tenant_id on every table is the
        // schema verify compares below).
        const tenantId = (JSON.parse(readFileSync(join(project, "generated/migrations/baseline.json"), "utf8")) as { conversions: { kind: string; id?: string }[] }).conversions.find((c) => c.kind === "tenant")!.id;
        expect(await rows(client, "SELECT id::text AS v FROM tenants")).toEqual([tenantId]);
      } finally {
        await client.end();
      }
      const verified = await runCli(["migrate", "verify", "--database-url", dbUrl], project);
      expect(verified.code, verified.stderr + verified.stdout).toBe(0);
      converted = true;
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
      rmSync(again, { recursive: true, force: true });
    }
  });

  it.skipIf(!ready)("the imported project's code passes tsc, ruff, mypy and pyright, and serves through FastAPI (sync and async) and drizzle-orm on PostgreSQL", async () => {
    expect(converted, "the import and conversion above ran").toBe(true);
    await judgeGenerated(project, url);
  });
});

describe("Chinook with an existing table as the tenant", () => {
  it.skipIf(!ready)("--tenant-model customer: invoices take their customer as tenant, invoice lines theirs along the references; --global tables stay shared", async () => {
    const db = `corpus_tenant_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const project = mkdtempSync(join(tmpdir(), "bpg-chinook-tenant-"));
    try {
      await load(admin, db, CHINOOK.file);
      const dbUrl = url.replace(/\/[^/]*$/, `/${db}`);
      const wrong = await runCli(["import", "--from-database", dbUrl, "--tenant-model", "customers_x"], project);
      expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringContaining("--tenant-model customers_x: no legacy table or model of that name")]);
      const globals = ["artist", "album", "track", "genre", "media_type", "employee", "playlist"];
      const r = await runCli(["import", "--from-database", dbUrl, "--tenant-model", "customer", "--global", ...globals], project);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(project, "blueprint.yaml"), "utf8")).toContain("tenant_model: Customer");
      expect(readFileSync(join(project, "specs", "invoice.yaml"), "utf8")).toContain("# customer_id (integer) become BaseModel's tenant_id: from customer_id, matched on customer.customer_id.");
      expect((await runCli(["models"], project)).code).toBe(0);
      const m = await runCli(["migration", "-m", "Adopt legacy schema"], project);
      expect(m.code, m.stderr).toBe(0);
      const client = new pg.Client({ connectionString: dbUrl });
      await client.connect();
      try {
        const before = await rows(client, "SELECT il.invoice_line_id || ' ' || i.customer_id AS v FROM invoice_line il JOIN invoice i USING (invoice_id)");
        const [up, check] = driver(project, dbUrl, [{ do: "upgrade" }, { do: "check" }]) as [string, string];
        expect([up, check]).toEqual(["ok", "ok"]);
        // Each invoice line's tenant is the customer of its invoice, by the legacy keys.
        expect(await rows(client, "SELECT il.legacy_id || ' ' || c.legacy_id AS v FROM invoice_lines il JOIN customers c ON c.id = il.tenant_id")).toEqual(before);
        expect(await rows(client, "SELECT count(*)::text AS v FROM information_schema.columns WHERE column_name = 'tenant_id' AND table_name IN ('artists', 'albums', 'tracks')")).toEqual(["0"]);
      } finally {
        await client.end();
      }
      expect((await runCli(["migrate", "verify", "--database-url", dbUrl], project)).code).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
      rmSync(project, { recursive: true, force: true });
    }
  });
});
