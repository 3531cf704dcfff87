/**
 * Synthetic projects for the hardening tests and the benchmark: `n` models of ~10 fields each,
 * every field type, enums, foreign keys and indexes. Deterministic for a given (n, variant).
 */
export function syntheticSpecs(n: number, variant = 0): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  files.push({
    path: "specs/00-tenant.yaml",
    text: "enums:\n  Level:\n    values: [low, medium, high]\nmodels:\n  Tenant:\n    tenant_scoped: false\n    fields:\n      name: { type: string, max_length: 100 }\n",
  });
  for (let i = 0; i < n; i++) {
    const name = `Entity${String(i).padStart(4, "0")}`;
    const parent = i > 0 ? `Entity${String(Math.floor(i / 2)).padStart(4, "0")}` : undefined;
    const lines = [
      "models:",
      `  ${name}:`,
      `    description: Synthetic model ${i}.`,
      "    fields:",
      `      title: { type: string, max_length: ${80 + variant} }`,
      "      body: { type: text, nullable: true }",
      "      amount: { type: decimal, precision: 12, scale: 2, default: \"0.00\" }",
      "      quantity: { type: integer, default: 0 }",
      "      big_count: { type: bigint, nullable: true }",
      "      ratio: { type: float, nullable: true }",
      "      active: { type: boolean, default: true }",
      "      starts_on: { type: date, nullable: true }",
      "      happened_at: { type: datetime, nullable: true }",
      "      external_uuid: { type: uuid, nullable: true }",
      "      extra: { type: json, nullable: true }",
      "      level: { type: enum, enum: Level, default: low }",
    ];
    if (parent) lines.push("    relations:", `      parent: { kind: belongs_to, model: ${parent}, nullable: true, on_delete: set_null }`);
    lines.push("    indexes:", "      - { columns: [title, quantity] }");
    files.push({ path: `specs/${name.toLowerCase()}.yaml`, text: `${lines.join("\n")}\n` });
  }
  return files;
}

export const SYNTHETIC_BLUEPRINT = `version: 1
targets:
  python: { package: synth }
  typescript: {}
base_model:
  columns:
    id: { type: uuid, primary_key: true, default: uuid4 }
    created_at: { type: datetime, server_default: now }
    updated_at: { type: datetime, server_default: now, on_update: now }
tenancy:
  tenant_model: Tenant
  global_models: [Tenant]
`;
