// The seal of a saved plan: one hash over everything a reviewer sees in the file (steps, their
// summaries and changes, phase, inputs, integration, tenant...) and one short hash per part, so
// `apply` and `approve` refuse an edited file before anything is called and can say what was
// edited. The seal catches edits, not forgery: whoever recomputes it still cannot make a plan
// whose hash matches live state (apply re-plans), and approvals name the plan hash.
import { canonicalJson, hashValue, sha256 } from '../engine/hash.ts';

export interface PlanSeal {
  /** sha256 of the canonical JSON of the whole file except `seal`. */
  hash: string;
  /** The steps' ids in order, so a deleted or moved step can be named. */
  steps: string[];
  /** Part name ("phase", "inputs.domains", "step spf: summary") -> a short hash of it. */
  parts: Record<string, string>;
}

type Content = Record<string, unknown>;

function isRecord(value: unknown): value is Content {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shortHash(value: unknown): string {
  return hashValue(value === undefined ? null : value).slice(0, 16);
}

/** Labels for the steps: the id, or the position when the id is missing or repeated. */
function stepLabels(steps: unknown[]): string[] {
  const seen = new Map<string, number>();
  return steps.map((step, index) => {
    const id = isRecord(step) && typeof step.id === 'string' ? step.id : `#${index + 1}`;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id} (copy ${count})`;
  });
}

interface Parts {
  steps: string[];
  parts: Map<string, string>;
}

function partsOf(content: Content): Parts {
  const parts = new Map<string, string>();
  let steps: string[] = [];
  for (const [key, value] of Object.entries(content)) {
    if (key === 'inputs' && isRecord(value)) {
      parts.set('inputs', shortHash(Object.keys(value).sort()));
      for (const [name, input] of Object.entries(value)) parts.set(`input ${name}`, shortHash(input));
    } else if (key === 'plan' && isRecord(value)) {
      for (const [field, planValue] of Object.entries(value)) {
        if (field === 'steps' && Array.isArray(planValue)) {
          steps = stepLabels(planValue);
          planValue.forEach((step, index) => {
            const label = steps[index] ?? `#${index + 1}`;
            if (!isRecord(step)) return parts.set(`step ${label}`, shortHash(step));
            for (const [name, stepValue] of Object.entries(step))
              parts.set(`step ${label}: ${name}`, shortHash(stepValue));
          });
        } else {
          parts.set(`plan.${field}`, shortHash(planValue));
        }
      }
    } else {
      parts.set(key, shortHash(value));
    }
  }
  return { steps, parts };
}

export function sealOf(content: Content): PlanSeal {
  const { steps, parts } = partsOf(content);
  return { hash: sha256(canonicalJson(content)), steps, parts: Object.fromEntries(parts) };
}

function isSeal(value: unknown): value is PlanSeal {
  return (
    isRecord(value) &&
    typeof value.hash === 'string' &&
    Array.isArray(value.steps) &&
    value.steps.every((id) => typeof id === 'string') &&
    isRecord(value.parts) &&
    Object.values(value.parts).every((h) => typeof h === 'string')
  );
}

/** What differs between the file and its seal; empty when the file is as it was saved. */
export function sealProblems(content: Content, seal: unknown): string[] {
  if (!isSeal(seal)) return ['the seal is missing or malformed (seal)'];
  const now = partsOf(content);
  const problems = [...stepOrderProblems(seal.steps, now.steps)];
  const gone = new Set(seal.steps.filter((id) => !now.steps.includes(id)));
  const added = new Set(now.steps.filter((id) => !seal.steps.includes(id)));
  const ofStep = (part: string): string | undefined => /^step (.+?)(?::|$)/.exec(part)?.[1];
  for (const [part, hash] of Object.entries(seal.parts)) {
    if (gone.has(ofStep(part) ?? '')) continue;
    const current = now.parts.get(part);
    if (current === undefined) problems.push(`${part} was removed`);
    else if (current !== hash) problems.push(`${part} differs`);
  }
  for (const part of now.parts.keys()) {
    if (added.has(ofStep(part) ?? '')) continue;
    if (!Object.hasOwn(seal.parts, part)) problems.push(`${part} was added`);
  }
  if (problems.length === 0 && sha256(canonicalJson(content)) !== seal.hash) {
    problems.push('the file does not match its seal (seal.hash)');
  }
  return problems;
}

function stepOrderProblems(before: string[], after: string[]): string[] {
  const problems = [
    ...before.filter((id) => !after.includes(id)).map((id) => `step ${id} was deleted`),
    ...after.filter((id) => !before.includes(id)).map((id) => `step ${id} was added`),
  ];
  const keptBefore = before.filter((id) => after.includes(id));
  const keptAfter = after.filter((id) => before.includes(id));
  const moved = keptAfter.findIndex((id, index) => keptBefore[index] !== id);
  if (moved >= 0) {
    const id = keptAfter[moved] ?? '';
    problems.push(
      `the steps were reordered: step ${id} is at position ${after.indexOf(id) + 1}, it was at ${before.indexOf(id) + 1}`,
    );
  }
  return problems;
}
