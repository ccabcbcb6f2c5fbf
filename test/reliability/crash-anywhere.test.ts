// Crash anywhere: every mutation point of a clean run of proofpoint phase 2 and ninjaone phase 1
// (read from the sandbox request log, not listed by hand) is hit by a SIGKILL right after the
// call reached the service (crash-before) and right after the service applied it (crash-after);
// `resume` must then produce exactly the clean run's effect and `rollback` the seeded state.
import { describe, expect, it } from 'vitest';
import { cleanRun, ninjaonePhase1, proofpointPhase2, type PhaseSpec } from './support/clean-run.ts';
import { runCrashCase, type CrashCase } from './support/crash-case.ts';
import { mutationPoints } from './support/mutation-points.ts';

async function casesOf(spec: PhaseSpec, kinds: (point: number) => CrashCase['kind'][]): Promise<CrashCase[]> {
  const clean = await cleanRun(spec);
  if (clean.outcome !== 'succeeded') throw new Error(`the clean ${spec.integration} run ${clean.outcome}`);
  const points = mutationPoints(clean.requests);
  return points.flatMap((point, i) => kinds(i).map((kind) => ({ spec, point, kind, expected: clean.signature })));
}

const both = (): CrashCase['kind'][] => ['crash-before', 'crash-after'];
const ninjaone = await casesOf(ninjaonePhase1, both);
const proofpoint = await casesOf(proofpointPhase2, both);

describe('crash anywhere, then unlock + resume + rollback', () => {
  it('found the mutation points of both phases', () => {
    expect(ninjaone.length).toBeGreaterThanOrEqual(16);
    expect(proofpoint.length).toBeGreaterThanOrEqual(40);
  });
  it.concurrent.each([...ninjaone, ...proofpoint].map((c) => ({ ...c, name: `${c.spec.integration} ${c.kind} ${c.point.label}` })))(
    '$name',
    async (c) => runCrashCase(c),
    120_000,
  );
});
