import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/core/generate.js";
import { REPO, runCli } from "./helpers/project.js";

/**
 * `gen audit --from-sqlalchemy` on the seed's legacy Job (written from the audit's
 * description as a fixture) must write the seed's findings by itself.
 */
describe("gen audit --from-sqlalchemy", () => {
  it("reports every finding of the seed audit for the legacy Job", async () => {
    const r = await runCli(["audit", "--from-sqlalchemy", "test/legacy/seed"], REPO);
    expect(r.code).toBe(1); // STOP_FOR_REVIEW findings fail the run
    const md = r.stdout;
    const job = md.slice(md.indexOf("#### 1. MODEL: `Job(Base, BaseModel)`"));
    expect(job).toContain("- **Component Name:** `MODEL: Job`");
    expect(job).toContain("**Blueprint 2.1.4 & 2.1.5 (Inheritance, Table Name):** Compliant.");
    expect(job).toContain(
      "**Blueprint 2.1.6 (Primary Key - id):** CRITICAL VIOLATION. `Job.id` is overridden to `Integer`, violating Blueprint 2.1.6.1 (must be UUID). A separate `job_id` (UUID) column exists.",
    );
    expect(job).toContain("<!-- STOP_FOR_REVIEW: Job.id overrides BaseModel's UUID PK with an Integer PK. Critical violation of Blueprint 2.1.6.1. -->");
    expect(job).toContain("`tenant_id` (String) and `tenant_id_uuid` (PGUUID, no FK): CRITICAL VIOLATION. Non-compliant with Blueprint 2.1.8.2");
    expect(job).toContain("<!-- STOP_FOR_REVIEW: Job model has tenant_id (String) and tenant_id_uuid (PGUUID, no FK). Violates Blueprint 2.1.8.2. BaseModel should provide compliant tenant_id. -->");
    expect(job).toContain("`batch_id`: `String`, FK to `batch_jobs.batch_id` (which is UUID). Type mismatch.");
    expect(job).toContain("<!-- STOP_FOR_REVIEW: Job.batch_id (String) FKs to batch_jobs.batch_id (UUID). Job.batch_id should be PGUUID. -->");
    expect(job).toMatch(/<!-- NEED_CLARITY: Job\.job_type is String\. Consider Enum \(e\.g\., JobTypeEnum\)/);
    expect(job).toMatch(/<!-- NEED_CLARITY: Job\.status is String\. Consider Enum \(e\.g\., JobStatusEnum\)/);
    expect(job).toContain("**Blueprint 2.1.7 (Relationships):** `domain`, `batch` relationships appear compliant.");
    const actions = job.slice(job.indexOf("- **Prescribed Refactoring Actions:**")).split("\n").slice(1, 5);
    expect(actions).toEqual([
      "    - **CRITICAL:** Revert `Job.id` to use `BaseModel`'s UUID PK. Clarify role of existing `job_id` (UUID) column.",
      "    - **CRITICAL:** Remove `job.tenant_id` (String) and `job.tenant_id_uuid`. Rely on `BaseModel`'s compliant `tenant_id`.",
      "    - **CRITICAL:** Change `Job.batch_id` type from `String` to `PGUUID`.",
      "    - Consider converting `job_type` and `status` columns to use Enums.",
    ]);
    await expect(md).toMatchFileSnapshot(join(REPO, "test/legacy/seed/expected-audit.md"));
  });

  it("gives the same findings as data with --format json", async () => {
    const r = await runCli(["audit", "--from-sqlalchemy", "test/legacy/seed", "--format", "json"], REPO);
    const data = JSON.parse(r.stdout) as { findings: { model: string; rule: string; marker: string; line: number }[] };
    expect(data.findings.map((f) => [f.model, f.rule, f.marker])).toEqual([
      ["Job", "2.1.6.1", "STOP_FOR_REVIEW"],
      ["Job", "2.1.8.2", "STOP_FOR_REVIEW"],
      ["Job", "2.1.8.4", "NEED_CLARITY"],
      ["Job", "2.1.8.4", "NEED_CLARITY"],
      ["Job", "2.1.8.3", "STOP_FOR_REVIEW"],
    ]);
    expect(data.findings[0]!.line).toBe(15);
  });

  it("finds other defects in 2.0-style models, reads enums, and never imports the code", async () => {
    const r = await runCli(["audit", "--from-sqlalchemy", "test/legacy/mixed"], REPO);
    const md = r.stdout;
    expect(md).toContain("<!-- STOP_FOR_REVIEW: Customer.__tablename__ is customer; Blueprint 2.1.5 expects customers. -->");
    expect(md).toContain("<!-- STOP_FOR_REVIEW: Customer.fullName is not snake_case. Violates Blueprint 2.1.8. -->");
    expect(md).toContain("<!-- STOP_FOR_REVIEW: Invoice.total_amount is a float; money must be Numeric. Violates Blueprint 2.1.8.7. -->");
    expect(md).toContain("<!-- STOP_FOR_REVIEW: Invoice.customer_id (Integer) FKs to customer.id (UUID). Invoice.customer_id should be PGUUID. -->");
    expect(md).toContain("<!-- STOP_FOR_REVIEW: Invoice.customer_id FK has no explicit ondelete. Violates Blueprint 2.1.7. -->");
    expect(md).toContain("<!-- NEED_CLARITY: Invoice.issued_at is a naive DateTime.");
    expect(md).toContain("<!-- NEED_CLARITY: Invoice.lines targets InvoiceLine, not found; not checked. -->");
    expect(md).toContain("#### 3. ENUM: `InvoiceState`");
    await expect(md).toMatchFileSnapshot(join(REPO, "test/legacy/mixed/expected-audit.md"));
    expect(existsSync(join(REPO, "test/legacy/mixed/IMPORTED.marker"))).toBe(false);
  });
});

describe("gen audit on specs", () => {
  it("lists findings and waivers with their reasons per model", async () => {
    const { cpSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "bpg-audit-"));
    cpSync(join(REPO, "test/cases/blueprint.yaml"), join(dir, "blueprint.yaml"));
    cpSync(join(REPO, "test/cases/waivers/specs"), join(dir, "specs"), { recursive: true });
    const r = await runCli(["audit"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("### File: `specs/w.yaml`");
    expect(r.stdout).toContain("#### 1. MODEL: `Ticket(Base, BaseModel)`");
    expect(r.stdout).toContain("Waived [2.1.8.4] `Ticket.fields.status.type`: `status` is a free string; a fixed set of values should be an enum. Reason: statuses are defined by each customer's workflow");
    expect(r.stdout).toContain("<!-- NEED_CLARITY: Ticket.fields.kind.type: 'kind' is a free string; a fixed set of values should be an enum (rule 2.1.8.4) -->");
    const json = JSON.parse((await runCli(["audit", "--format", "json"], dir)).stdout) as { findings: { rule: string }[] };
    expect(json.findings.map((f) => f.rule).sort()).toEqual(["2.1.0.6", "2.1.0.6", "2.1.8.4"]);
  });
});

describe("audit and import share the rules' alias predicates", () => {
  it("finds `widget_guid` and `tenant_guid` as the rules do, and the import writes specs that validate", async () => {
    const audit = await runCli(["audit", "--from-sqlalchemy", "test/legacy/aliases"], REPO);
    expect(audit.code).toBe(1);
    expect(audit.stdout).toContain("<!-- STOP_FOR_REVIEW: Widget.widget_guid is a second identity next to id. Violates Blueprint 2.1.6. -->");
    expect(audit.stdout).toContain("<!-- STOP_FOR_REVIEW: Widget model has tenant_guid (UUID | None, no FK). Violates Blueprint 2.1.8.2.");
    const project = mkdtempSync(join(tmpdir(), "bpg-aliases-"));
    const imported = await runCli(["import", "--from-sqlalchemy", join(REPO, "test/legacy/aliases")], project);
    expect(imported.code, imported.stderr).toBe(0);
    const widget = readFileSync(join(project, "specs", "widget.yaml"), "utf8");
    expect(widget).toContain("# widget_guid (uuid) was a second identity of Widget; its values become id.");
    expect(widget).not.toMatch(/^\s+(widget_guid|tenant_guid):/m);
    const models = await runCli(["models"], project);
    expect(models.code, models.stderr).toBe(0);
  });
});

describe("import of shapes it does not convert yet", () => {
  it("imports a joined-table subclass whose key takes its type from the parent: a one-to-one to it, its tenant reached through it", async () => {
    const project = mkdtempSync(join(tmpdir(), "bpg-joined-"));
    const r = await runCli(["import", "--from-sqlalchemy", join(REPO, "test/legacy/joined")], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/internal error/);
    const solve = readFileSync(join(project, "specs", "solve.yaml"), "utf8");
    expect(solve).toContain("submission: { kind: belongs_to, model: Submission, on_delete: cascade, back_populates: solve }");
    expect(solve).toContain("# tenant_id: each row takes the tenant of the row it reaches through solves.id");
    expect(readFileSync(join(project, "specs", "submission.yaml"), "utf8")).toContain("solve: { kind: has_one, model: Solve, back_populates: submission }");
  });
});

describe("custom types and bases in another folder", () => {
  it("reads citext, as_mutable(JSONB) and JSONType, falls back to text for a helper with a located NEED_CLARITY, and follows a mixin given as a second path", async () => {
    const project = mkdtempSync(join(tmpdir(), "bpg-custom-types-"));
    const r = await runCli(["import", "--from-sqlalchemy", join(REPO, "test/legacy/custom-types/app"), join(REPO, "test/legacy/custom-types/shared")], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/app\/models\.py:20: note: Account\.external_ref: type `key_type\("Organization"\)` is not understood; read as text/);
    const account = readFileSync(join(project, "specs", "account.yaml"), "utf8");
    expect(account).toContain("email: { type: text, unique: true }");
    expect(account).toContain("NEED_CLARITY: Account.email was citext (case-insensitive)");
    expect(account).toContain("settings: { type: json, nullable: true }");
    expect(account).toContain("extra: { type: json, nullable: true }");
    expect(account).toContain("external_ref: { type: text, nullable: true }");
    // tenant_id and created_at come from the mixin of the other folder: BaseModel's, not fields.
    expect(account).not.toMatch(/^\s+(tenant_id|created_at):/m);
    // Without the second path the mixin is unknown: the tenant column is missing from the class.
    const alone = await runCli(["audit", "--from-sqlalchemy", join(REPO, "test/legacy/custom-types/app")], REPO);
    expect(alone.stdout).toContain("Account has no tenant_id");
  });
});

describe("the audit finds what the spec rules refuse", () => {
  it("reports reserved words, over-long names, a missing tenant column and every foreign key without ondelete", async () => {
    const r = await runCli(["audit", "--from-sqlalchemy", "test/legacy/names"], REPO);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("STOP_FOR_REVIEW: Book.order is a reserved word in PostgreSQL. Violates Blueprint 2.1.8.");
    // The rename it advises is the one gen import writes.
    expect(r.stdout).toContain("Rename `Book.order` to `order_value`.");
    expect(r.stdout).toMatch(/STOP_FOR_REVIEW: Book\.the_number_of_times_\w+ is 72 bytes; PostgreSQL cuts names at 63\. Violates Blueprint 2\.1\.8\./);
    // A foreign key with no relationship in its class is checked too.
    expect(r.stdout).toContain("STOP_FOR_REVIEW: Book.shelf_id FK has no explicit ondelete. Violates Blueprint 2.1.7.");
    expect(r.stdout).toContain("STOP_FOR_REVIEW: Note has no tenant_id. Violates Blueprint 2.1.8.2.");
    // Shelf inherits BaseModel, whose tenant_id is read from the sources: compliant.
    expect(r.stdout).not.toMatch(/Shelf has no tenant_id/);
  });

  it("reads DateTime(True) as timezone-aware", async () => {
    const r = await runCli(["audit", "--from-sqlalchemy", "test/legacy/styles"], REPO);
    expect(r.stdout).toContain("MODEL: `Visit(Base)`");
    expect(r.stdout).not.toMatch(/Visit\.seen_at is a naive DateTime/);
  });

  it("calls a column name compliant exactly when a spec field of that name validates", async () => {
    const blueprint = { path: "blueprint.yaml", text: readFileSync(join(REPO, "blueprint.yaml"), "utf8") };
    // Python keywords cannot be attribute names in legacy code, so none is listed.
    const names = ["order", "select", "user", "metadata", "registry", "label", "borrowed_at", "x".repeat(63), "y".repeat(64), "Shelf_Label"];
    const dir = mkdtempSync(join(tmpdir(), "bpg-names-"));
    for (const name of names) {
      const spec = `models:\n  Shelf:\n    fields:\n      ${name}: { type: integer }\n`;
      const refused = analyze({ specs: [{ path: "specs/shelf.yaml", text: spec }], blueprint }).diagnostics.some((d) => d.severity === "error" && d.rule === "2.1.8");
      writeFileSync(join(dir, "models.py"), `from sqlalchemy import Column, Integer\n\n\nclass Shelf(Base, BaseModel):\n    __tablename__ = "shelves"\n    ${name} = Column(Integer)\n`);
      const audit = await runCli(["audit", "--from-sqlalchemy", dir], REPO);
      const found = audit.stdout.includes(`STOP_FOR_REVIEW: Shelf.${name} `);
      expect({ name, found }).toEqual({ name, found: refused });
    }
  });
});

describe("classes that name no table themselves", () => {
  it("takes Flask-SQLAlchemy's automatic names and a naming base's declared_attr, and leaves mixins and single-table subclasses unmapped", async () => {
    const r = await runCli(["audit", "--from-sqlalchemy", "test/legacy/naming"], REPO);
    const models = [...r.stdout.matchAll(/^#### \d+\. MODEL: `(\w+)/gm)].map((m) => m[1]);
    expect(models.sort()).toEqual(["Address", "UserRole"]);
    expect(r.stdout).toContain("STOP_FOR_REVIEW: UserRole.__tablename__ is user_role; Blueprint 2.1.5 expects user_roles.");
    expect(r.stdout).toContain("STOP_FOR_REVIEW: Address.__tablename__ is address; Blueprint 2.1.5 expects addresses.");
    // The import reads the same models; with no tenant table among them, it writes the tenant
    // model, which owns every row once the first migration has run.
    const project = mkdtempSync(join(tmpdir(), "bpg-naming-"));
    const imported = await runCli(["import", "--from-sqlalchemy", join(REPO, "test/legacy/naming")], project);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain("no legacy table is the tenant model Tenant: it is created with one tenant, naming, owning every row of 2 table(s)");
    expect(readdirSync(join(project, "specs")).sort()).toEqual(["address.yaml", "tenant.yaml", "user_role.yaml"]);
    const baseline = JSON.parse(readFileSync(join(project, "generated/migrations/baseline.json"), "utf8")) as { conversions: { kind: string; tables?: string[] }[] };
    expect(baseline.conversions.find((c) => c.kind === "tenant")?.tables).toEqual(["address", "user_role"]);
  });
});
