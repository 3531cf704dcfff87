import type { SpecModel, SpecSet } from "../input/spec-set.js";
import { snakeCase } from "./naming.js";
import type { RelationSpec } from "../input/spec-schema.js";

interface RelationRef {
  readonly model: string;
  readonly name: string;
}

interface PairingProblem {
  readonly at: RelationRef;
  readonly message: string;
  readonly hint: string;
  /** Point at `back_populates` rather than the relation. */
  readonly onBackPopulates: boolean;
}

interface Pairing {
  /** `Model.relation` → its counterpart on the target model. */
  readonly counterpart: ReadonlyMap<string, RelationRef>;
  readonly problems: readonly PairingProblem[];
}

const key = (r: RelationRef) => `${r.model}.${r.name}`;

function compatible(a: RelationSpec["kind"], b: RelationSpec["kind"]): boolean {
  if (a === "belongs_to") return b === "has_many" || b === "has_one";
  if (a === "has_many" || a === "has_one") return b === "belongs_to";
  return b === "many_to_many";
}

/**
 * Blueprint 2.1.7: pair every relation with the one on its target that points back,
 * explicitly (`back_populates`) or inferred when exactly one candidate exists. The IR and the
 * rule both use this one function, so they can never disagree.
 */
export function pairRelations(specs: SpecSet): Pairing {
  const counterpart = new Map<string, RelationRef>();
  const problems: PairingProblem[] = [];

  for (const model of specs.models) {
    for (const [name, rel] of Object.entries(model.spec.relations ?? {})) {
      const here: RelationRef = { model: model.name, name };
      const target = specs.modelsByName.get(rel.model);
      if (!target) continue; // reported by the target-exists rule
      const found = findCounterpart(here, rel, model, target);
      if ("problem" in found) problems.push(found.problem);
      else if (found.ref) counterpart.set(key(here), found.ref);
    }
  }
  // Both sides must agree: A.r ↔ B.s and not B.s ↔ A.t.
  for (const [k, other] of counterpart) {
    const back = counterpart.get(key(other));
    if (back && key(back) !== k) {
      const [m, n] = k.split(".") as [string, string];
      problems.push({
        at: { model: m, name: n },
        message: `\`${other.model}.${other.name}\` points back to \`${back.model}.${back.name}\`, not to \`${k}\``,
        hint: "set `back_populates` on both sides so they name each other",
        onBackPopulates: false,
      });
    }
  }
  // A has_many/has_one needs its belongs_to; report ones nobody paired.
  for (const model of specs.models) {
    for (const [name, rel] of Object.entries(model.spec.relations ?? {})) {
      const here = { model: model.name, name };
      if ((rel.kind === "has_many" || rel.kind === "has_one") && specs.modelsByName.has(rel.model) && !counterpart.has(key(here))) {
        if (problems.some((p) => key(p.at) === key(here))) continue;
        problems.push({
          at: here,
          message: `\`${rel.kind}\` needs a \`belongs_to\` on \`${rel.model}\` that points back to \`${model.name}\``,
          hint: `add \`relations: { ${snakeCase(model.name)}: { kind: belongs_to, model: ${model.name}, on_delete: cascade } }\` to ${rel.model}`,
          onBackPopulates: false,
        });
      }
    }
  }
  return { counterpart, problems };

  function findCounterpart(
    here: RelationRef,
    rel: RelationSpec,
    model: SpecModel,
    target: SpecModel,
  ): { ref?: RelationRef } | { problem: PairingProblem } {
    const targetRelations = Object.entries(target.spec.relations ?? {});
    if (rel.back_populates !== undefined) {
      const other = target.spec.relations?.[rel.back_populates];
      const ref = { model: target.name, name: rel.back_populates };
      if (!other) {
        return {
          problem: {
            at: here,
            message: `\`back_populates: ${rel.back_populates}\` names no relation on \`${target.name}\``,
            hint: targetRelations.length
              ? `relations on ${target.name}: ${targetRelations.map(([n]) => n).join(", ")}`
              : `declare the relation on ${target.name}, or remove back_populates`,
            onBackPopulates: true,
          },
        };
      }
      if (other.model !== model.name || !compatible(rel.kind, other.kind) || (ref.model === here.model && ref.name === here.name)) {
        return {
          problem: {
            at: here,
            message: `\`${target.name}.${rel.back_populates}\` (${other.kind} ${other.model}) cannot be the other side of this ${rel.kind} ${rel.model}`,
            hint: "belongs_to pairs with has_many or has_one, many_to_many with many_to_many, and both must point at each other's model",
            onBackPopulates: true,
          },
        };
      }
      return { ref };
    }
    const candidates = targetRelations
      .filter(([n, r]) => r.model === model.name && compatible(rel.kind, r.kind) && !(target.name === model.name && n === here.name))
      .filter(([, r]) => r.back_populates === undefined || r.back_populates === here.name);
    if (candidates.length === 1) return { ref: { model: target.name, name: candidates[0]![0] } };
    if (candidates.length > 1) {
      return {
        problem: {
          at: here,
          message: `ambiguous: ${candidates.map(([n]) => `\`${target.name}.${n}\``).join(" and ")} could both be the other side`,
          hint: "set `back_populates` to the one that belongs with this relation",
          onBackPopulates: false,
        },
      };
    }
    return {};
  }
}

