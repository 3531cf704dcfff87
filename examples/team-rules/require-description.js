// A team rule: every model and enum must say what it is.
// Enable it in blueprint.yaml with `rule_modules: [examples/team-rules/require-description.js]`.
// The shape is the built-in rules' shape (see src/blueprint/rule.ts); ids use the team's namespace.

/** @type {import("blueprint-gen").Rule} */
export default {
  id: "acme.require-description",
  title: "Models and enums have a description",
  severity: "warning",
  rationale: "Descriptions become docstrings and API docs; a model without one is a model nobody can review.",
  hint: "Add `description:` to the model or enum.",
  example: { bad: "Invoice:\n  fields: {}", good: "Invoice:\n  description: A bill sent to a customer.\n  fields: {}" },
  check(ctx) {
    for (const item of [...ctx.specs.models, ...ctx.specs.enums]) {
      if (!item.spec.description) {
        ctx.report({ at: item.origin, target: "key", message: `\`${item.name}\` has no description`, hint: "say in one sentence what one of these is" });
      }
    }
  },
};
