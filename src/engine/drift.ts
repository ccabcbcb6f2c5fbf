// Stale-plan check: re-planning a step just before apply must agree with the reviewed plan
// wherever the reviewed plan was concrete. Values that were "known after apply" may differ.
import type { PlannedStep } from '../journal/index.ts';
import { canonicalJson } from './hash.ts';
import { containsUnknown } from './plan.ts';

/** A sentence describing the drift, or undefined when the fresh plan matches. */
export function findDrift(reviewed: PlannedStep, fresh: PlannedStep): string | undefined {
  if (!reviewed.pending && reviewed.action !== fresh.action) {
    return `step ${reviewed.id} was planned as ${reviewed.action}, live state now needs ${fresh.action}`;
  }
  const freshByPath = new Map(fresh.changes.map((c) => [c.path, c]));
  for (const change of reviewed.changes) {
    const now = freshByPath.get(change.path);
    // A pending step was planned before an earlier step's outputs existed (e.g. the object it
    // edits is the one an earlier step creates), so what it saw "before" was read with
    // placeholders. Hold it to the values it promised to set; a change no longer needed is fine.
    if (reviewed.pending && !now) continue;
    const sides = reviewed.pending ? (['after'] as const) : (['before', 'after'] as const);
    for (const side of sides) {
      if (containsUnknown(change[side])) continue;
      if (!now || canonicalJson(now[side]) !== canonicalJson(change[side])) {
        const seen = now ? canonicalJson(now[side]) : '(no change planned)';
        return `step ${reviewed.id}: ${change.path} ${side} was ${canonicalJson(change[side])}, now ${seen}`;
      }
    }
  }
  if (!reviewed.pending) {
    const reviewedPaths = new Set(reviewed.changes.map((c) => c.path));
    const added = fresh.changes.find((c) => !reviewedPaths.has(c.path));
    if (added)
      return `step ${reviewed.id}: ${added.path} now changes too, which the reviewed plan did not show`;
  }
  return undefined;
}
