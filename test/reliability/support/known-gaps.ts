// Crash points where `resume` completes correctly but `rollback` leaves the change in place,
// found by this suite and listed in docs/reliability.md. The step re-applied after the crash finds
// its own change already made, takes it for the before-state, and so records nothing to undo.
// (entra.app-registration avoids this by trusting the plan's observation: absent when planned.)
import type { MutationPoint } from './mutation-points.ts';

const GAPS: { kind: 'crash-after'; service: string; method: string; path: RegExp; gap: string }[] = [
  {
    kind: 'crash-after',
    service: 'proofpoint',
    method: 'POST',
    path: /essentials.*domains/,
    gap: 'proofpoint.domains',
  },
  {
    kind: 'crash-after',
    service: 'dns',
    method: 'POST',
    path: /dns_records/,
    gap: 'dns.mx-records (new MX)',
  },
  {
    kind: 'crash-after',
    service: 'dns',
    method: 'DELETE',
    path: /dns_records/,
    gap: 'dns.mx-records (old MX)',
  },
  { kind: 'crash-after', service: 'dns', method: 'PUT', path: /dns_records/, gap: 'dns.spf' },
];

export function knownRollbackGap(point: MutationPoint, kind: string): string | undefined {
  return GAPS.find(
    (g) =>
      g.kind === kind && g.service === point.service && g.method === point.method && g.path.test(point.path),
  )?.gap;
}
