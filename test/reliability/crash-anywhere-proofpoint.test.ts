// Crash anywhere in proofpoint phase 2: every mutation point of a clean run (read from the sandbox
// request log) is hit by a SIGKILL once the service applied it (crash-after: the hardest case, a
// change made but not journaled as done); crash-before (the call sent, nothing applied) covers the
// first point of each service, and every app-registration point in test/e2e/crash-points.test.ts.
// The 2-core CI budget decides this split; see docs/reliability.md.
import { describe, expect, it } from 'vitest';
import { proofpointPhase2 } from './support/clean-run.ts';
import { runCrashCase } from './support/crash-case.ts';
import { crashCasesOf } from './support/crash-cases.ts';

const firstOfService = new Set<string>();
const { points, cases } = await crashCasesOf(proofpointPhase2, (point) => {
  const first = !firstOfService.has(point.service);
  firstOfService.add(point.service);
  return first ? ['crash-before', 'crash-after'] : ['crash-after'];
});

describe('proofpoint phase 2: crash at every mutation point, then unlock, resume, rollback', () => {
  it('found the mutations of every service the phase changes', () => {
    const services = new Set(points.map((p) => p.service));
    expect([...services].sort()).toEqual(['dns', 'exchange', 'graph', 'proofpoint']);
    expect(points.filter((p) => p.label.includes('appRoleAssignedTo'))).toHaveLength(5);
    expect(
      points.filter((p) => /New-(Inbound|Outbound)Connector|New-TransportRule/.test(p.label)),
    ).toHaveLength(3);
  });
  it.concurrent.each(cases)('$name', async (c) => runCrashCase(c), 300_000);
});
