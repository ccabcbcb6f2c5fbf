// What a runbook needs from the tool's own identity: the union of its step types' declared
// requirements and the runbook's own `metadata.requires`, if it has one.
import type { LoadedRunbook } from '../runbook/types.ts';
import type { AnyStepHandler, IdentityRequirements } from '../steps/contract.ts';

export interface Requirements {
  graph: string[];
  exchange: string[];
  roles: string[];
}

export function requirementsOf(runbook: LoadedRunbook, handlers: readonly AnyStepHandler[]): Requirements {
  const all: IdentityRequirements[] = [];
  for (const step of runbook.runbook.steps) {
    const handler = handlers.find((h) => h.type === step.type);
    if (handler?.requires) all.push(handler.requires);
  }
  const declared = runbook.runbook.metadata.requires;
  if (declared) all.push(declared);
  const union = (pick: (r: IdentityRequirements) => readonly string[] | undefined): string[] =>
    [...new Set(all.flatMap((r) => [...(pick(r) ?? [])]))].sort();
  return { graph: union((r) => r.graph), exchange: union((r) => r.exchange), roles: union((r) => r.roles) };
}
