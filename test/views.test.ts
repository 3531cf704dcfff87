import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { parse } from "yaml";
import type { PgView } from "drizzle-orm/pg-core";
import { driver, PYTHON } from "./helpers/alembic.js";
import { CASES, DEFAULT_BLUEPRINT, REPO, runCli } from "./helpers/project.js";

/**
 * Views end to end on a real PostgreSQL (the `views` case): the migrations create them, the
 * Python read models serve them (views_service.py), drizzle reads them on node-postgres, a
 * column type change they read rebuilds them in dependency order with their rows, the
 * downgrade too, and `gen migrate verify` refuses a query or a column type that does not hold,
 * at the spec line.
 */
const url = inject("databaseUrl");
const ci = process.env.CI === "true";

async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return url!.replace(/\/[^/]*$/, `/${name}`);
}

async function rows(dbUrl: string, sql: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "bpg-views-"));
  cpSync(join(CASES, "views", "specs"), join(dir, "specs"), { recursive: true });
  cpSync(DEFAULT_BLUEPRINT, join(dir, "blueprint.yaml"));
  return dir;
}

describe("views read back from SQLAlchemy code", () => {
  it("the generated read models and the migrations' CREATE VIEW come back as the same views; the audit calls them views, not tables", async () => {
    const dir = project();
    try {
      expect((await runCli(["models"], dir)).code).toBe(0);
      expect((await runCli(["migration", "-m", "initial"], dir)).code).toBe(0);
      // The package and its revisions, as a legacy code base holds them.
      const legacy = mkdtempSync(join(tmpdir(), "bpg-views-legacy-"));
      cpSync(join(dir, "generated", "python", "app"), join(legacy, "app"), { recursive: true });
      cpSync(join(dir, "generated", "migrations", "versions"), join(legacy, "app", "versions"), { recursive: true });
      const audit = await runCli(["audit", "--from-sqlalchemy", legacy], dir);
      expect(audit.code, audit.stderr).toBe(0);
      for (const v of ["InvoiceStatusCount", "InvoiceTotal", "LargeAccount"]) {
        expect(audit.stdout).toContain(`- **Component Name:** \`VIEW: ${v}\``);
        expect(audit.stdout).not.toContain(`MODEL: ${v}`);
      }
      expect(audit.stdout).not.toContain("STOP_FOR_REVIEW");
      const into = mkdtempSync(join(tmpdir(), "bpg-views-import-"));
      const r = await runCli(["import", "--from-sqlalchemy", legacy], into);
      expect(r.code, r.stderr).toBe(0);
      type View = { sql: string; key?: string[]; columns: Record<string, Record<string, unknown>> };
      const viewsOf = (file: string) => (parse(readFileSync(file, "utf8")) as { views: Record<string, View> }).views;
      const shape = (views: Record<string, View>) =>
        Object.fromEntries(
          Object.entries(views).map(([n, v]) => [n, { sql: v.sql.trim(), key: v.key ?? null, columns: Object.fromEntries(Object.entries(v.columns).map(([c, spec]) => [c, { ...spec, description: undefined }])) }]),
        );
      expect(shape(viewsOf(join(into, "specs", "views.yaml")))).toEqual(shape(viewsOf(join(CASES, "views", "specs", "reports.yaml"))));
      // Without the CREATE VIEW, the class is still a view: the import refuses it, naming it.
      rmSync(join(legacy, "app", "versions"), { recursive: true });
      const empty = mkdtempSync(join(tmpdir(), "bpg-views-import-"));
      const refused = await runCli(["import", "--from-sqlalchemy", legacy], empty);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/app\/models\/_views\.py:\d+: error InvoiceTotal maps the view invoice_totals, whose query is not among the sources/);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("legacy views through gen import --from-database", () => {
  it.skipIf(!url)("renamed as the blueprint wants, typed over the converted tables, recreated by the adoption with their rows; a view that cannot be is refused", async () => {
    const db = await createDatabase(`bpg_legacy_views_${process.pid}`);
    await rows(db, readFileSync(join(REPO, "test", "legacy", "views", "legacy.sql"), "utf8"));
    const fixture = `SELECT count(*)::int AS n, max(o."Freight") IS NOT NULL AS f FROM orders o`;
    const before = {
      countries: await rows(db, `SELECT "Country" AS country, customers, min_quantity FROM customer_countries ORDER BY 1`),
      big: await rows(db, `SELECT "Subtotal" AS subtotal FROM big_orders ORDER BY 1`),
      subtotals: await rows(db, `SELECT "Subtotal" AS subtotal FROM "Order Subtotals" ORDER BY 1`),
    };
    expect(before.big.length).toBeGreaterThan(0);
    expect((await rows(db, fixture))[0]).toEqual({ n: 3, f: true });
    const dir = mkdtempSync(join(tmpdir(), "bpg-legacy-views-"));
    try {
      const r = await runCli(["import", "--from-database", db], dir);
      expect(r.code, r.stderr).toBe(0);
      const views = readFileSync(join(dir, "specs", "views.yaml"), "utf8");
      expect(views).toContain("  OrderSubtotal:\n    # the legacy view Order Subtotals is recreated as order_subtotals (Blueprint 2.1.5).");
      // The key the adoption turns into a UUID is a UUID in the view too (measured on PGlite).
      expect(views).toContain("      # renamed from OrderID (Blueprint 2.1.8: snake_case)\n      order_id: { type: uuid, nullable: true }");
      expect(views).toContain(") AS legacy(order_id, subtotal)");
      expect(views).toContain("FROM order_subtotals");
      expect((await runCli(["models"], dir)).code).toBe(0);
      const m = await runCli(["migration", "-m", "Adopt legacy schema", "--allow-destructive"], dir);
      expect(m.code, m.stderr).toBe(0);
      const verified = await runCli(["migrate", "verify"], dir);
      expect(verified.code, verified.stderr).toBe(0);
      expect(driver(dir, db, [{ do: "upgrade" }, { do: "check" }])).toEqual(["ok", "ok"]);
      expect(await rows(db, "SELECT country, customers, min_quantity FROM customer_countries ORDER BY 1")).toEqual(before.countries);
      expect(await rows(db, "SELECT subtotal FROM big_orders ORDER BY 1")).toEqual(before.big);
      expect(await rows(db, "SELECT subtotal FROM order_subtotals ORDER BY 1")).toEqual(before.subtotals);
      expect(await rows(db, `SELECT count(*)::int AS n FROM pg_views WHERE viewname = 'Order Subtotals'`)).toEqual([{ n: 0 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A view whose query cannot run over the converted tables (integer ids become UUIDs).
    const broken = await createDatabase(`bpg_legacy_views_bad_${process.pid}`);
    await rows(broken, readFileSync(join(REPO, "test", "legacy", "views", "legacy.sql"), "utf8"));
    await rows(broken, "CREATE VIEW next_orders AS SELECT id + 1 AS next_id FROM orders");
    const empty = mkdtempSync(join(tmpdir(), "bpg-legacy-views-bad-"));
    try {
      const r = await runCli(["import", "--from-database", broken], empty);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/specs\/views\.yaml:\d+:\d+: error \[2\.1\.8\.10\] NextOrder\.sql: PostgreSQL refuses the view next_orders: operator does not exist: uuid \+ integer/);
      expect(r.stderr).toContain("nothing written");
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("views on PostgreSQL", () => {
  it("has PostgreSQL", () => {
    if (ci) expect(url, `CI=true requires PostgreSQL: ${inject("databaseProblem")}`).toBeTruthy();
  });

  it.skipIf(!url)("migrated, served by SQLAlchemy and FastAPI, read by drizzle, rebuilt around a column change, verified", async () => {
    const dir = project();
    try {
      expect((await runCli(["models"], dir)).code).toBe(0);
      const init = await runCli(["migration", "-m", "initial"], dir);
      expect(init.code, init.stderr).toBe(0);
      const db = await createDatabase(`bpg_views_${process.pid}`);
      expect(driver(dir, db, [{ do: "upgrade" }, { do: "check" }])).toEqual(["ok", "ok"]);

      // Python: ORM sync and async, Read DTOs, FastAPI, refused writes.
      const py = spawnSync(PYTHON, [join(REPO, "test", "python", "views_service.py")], {
        encoding: "utf8",
        env: { ...process.env, BPG_PACKAGE_ROOT: join(dir, "generated", "python"), BPG_PACKAGE: "app", DATABASE_URL: db },
      });
      expect(py.status, py.stderr + py.stdout).toBe(0);
      const ids = JSON.parse(py.stdout.trim().split("\n").pop()!) as { acme: string; bee: string; tenant: string };

      // drizzle-orm on node-postgres: the pgView, its mapper and its zod Read schema.
      const ts = join(dir, "generated", "typescript");
      const views = (await import(pathToFileURL(join(ts, "entities", "_views.ts")).href)) as Record<string, PgView>;
      const mappers = (await import(pathToFileURL(join(ts, "mappers", "_views.ts")).href)) as Record<string, (row: unknown) => unknown>;
      const dtos = (await import(pathToFileURL(join(ts, "index.ts")).href)) as Record<string, z.ZodType>;
      const { drizzle } = await import("drizzle-orm/node-postgres");
      const { asc } = await import("drizzle-orm");
      const pool = new pg.Pool({ connectionString: db });
      try {
        const orm = drizzle({ client: pool });
        const totals = views.invoiceTotals! as unknown as { total: never };
        const read = (await orm.select().from(views.invoiceTotals!).orderBy(asc(totals.total))).map((r) =>
          dtos.InvoiceTotalReadSchema!.parse(mappers.toInvoiceTotalRead!(r)),
        );
        expect(read).toEqual([
          { tenant_id: ids.tenant, account_id: ids.bee, invoice_count: 1, total: "100.00", last_issued_at: null },
          { tenant_id: ids.tenant, account_id: ids.acme, invoice_count: 2, total: "1300.50", last_issued_at: null },
        ]);
        const large = (await orm.select().from(views.largeAccounts!)).map((r) => dtos.LargeAccountReadSchema!.parse(mappers.toLargeAccountRead!(r)));
        expect(large).toEqual([{ account_id: ids.acme, name: "Acme", total: "1300.50", invoice_count: 2 }]);
        const counts = (await orm.select().from(views.invoiceStatusCounts!)).map((r) => dtos.InvoiceStatusCountReadSchema!.parse(mappers.toInvoiceStatusCountRead!(r)));
        expect(counts.sort((a, b) => (String((a as { status: string }).status) < String((b as { status: string }).status) ? -1 : 1))).toEqual([
          { status: "draft", invoices: "1" },
          { status: "paid", invoices: "1" },
          { status: "sent", invoices: "2" },
        ]);
      } finally {
        await pool.end();
      }

      // invoices.total widens: the views reading invoices are dropped first (dependents first)
      // and created after (dependencies first), in the same revision; their rows stay.
      const before = await rows(db, "SELECT * FROM large_accounts");
      const billing = join(dir, "specs", "billing.yaml");
      writeFileSync(billing, readFileSync(billing, "utf8").replace("precision: 12, scale: 2", "precision: 14, scale: 2"));
      expect((await runCli(["models"], dir)).code).toBe(0);
      const mig = await runCli(["migration", "-m", "wider totals"], dir);
      expect(mig.code, mig.stderr).toBe(0);
      const sqlDir = join(dir, "generated", "migrations", "sql");
      const up = readFileSync(join(sqlDir, readdirSync(sqlDir).find((f) => f.startsWith("0002_") && f.endsWith(".up.sql"))!), "utf8");
      const at = (s: string) => {
        const i = up.indexOf(s);
        expect(i, `${s} in the revision`).toBeGreaterThanOrEqual(0);
        return i;
      };
      expect(at("DROP VIEW large_accounts;")).toBeLessThan(at("DROP VIEW invoice_totals;"));
      expect(at("DROP VIEW invoice_totals;")).toBeLessThan(at("ALTER TABLE invoices ALTER COLUMN total TYPE numeric(14,2)"));
      expect(at("ALTER TABLE invoices ALTER COLUMN total TYPE numeric(14,2)")).toBeLessThan(at("CREATE VIEW invoice_totals AS"));
      expect(at("CREATE VIEW invoice_totals AS")).toBeLessThan(at("CREATE VIEW large_accounts AS"));
      expect(driver(dir, db, [{ do: "upgrade" }, { do: "check" }])).toEqual(["ok", "ok"]);
      expect(await rows(db, "SELECT * FROM large_accounts")).toEqual(before);
      expect(driver(dir, db, [{ do: "downgrade", to: "-1" }])).toEqual(["ok"]);
      expect(await rows(db, "SELECT * FROM large_accounts")).toEqual(before);
      expect(driver(dir, db, [{ do: "upgrade" }, { do: "downgrade", to: "base" }, { do: "upgrade" }])).toEqual(["ok", "ok", "ok"]);

      const verified = await runCli(["migrate", "verify"], dir);
      expect(verified.code, verified.stderr).toBe(0);
      // A query PostgreSQL refuses, and a declared type the query does not return: located.
      const reports = join(dir, "specs", "reports.yaml");
      const text = readFileSync(reports, "utf8");
      writeFileSync(reports, text.replace("FROM invoices GROUP BY status", "FROM invoice GROUP BY status").replace("sum(total)::numeric(14, 2) AS total", "sum(total) AS total"));
      const refused = await runCli(["migrate", "verify"], dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/specs\/reports\.yaml:\d+:\d+: error \[2\.1\.8\.10\] InvoiceStatusCount\.sql: PostgreSQL refuses the view invoice_status_counts: relation "invoice" does not exist/);
      expect(refused.stderr).toMatch(/specs\/reports\.yaml:14:7: error \[2\.1\.8\.10\] InvoiceTotal\.columns\.total: view invoice_totals: its column total is numeric, the spec says numeric\(14,2\)/);
      expect(refused.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
