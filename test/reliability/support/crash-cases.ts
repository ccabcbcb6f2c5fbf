// Crash cases from a clean run: its mutation points (from the sandbox request log), each with the
// crash kinds a suite picks for it.
import { cleanRun, type PhaseSpec } from './clean-run.ts';
import type { CrashCase } from './crash-case.ts';
import { mutationPoints, type MutationPoint } from './mutation-points.ts';

export type KindsFor = (point: MutationPoint, index: number) => CrashCase['kind'][];

export async function crashCasesOf(
  spec: PhaseSpec,
  kindsFor: KindsFor,
): Promise<{ points: MutationPoint[]; cases: (CrashCase & { name: string })[] }> {
  const clean = await cleanRun(spec);
  if (clean.outcome !== 'succeeded')
    throw new Error(`the clean ${spec.integration} run ended ${clean.outcome}`);
  const points = mutationPoints(clean.requests);
  const cases = points.flatMap((point, index) =>
    kindsFor(point, index).map((kind) => ({
      spec,
      point,
      kind,
      expected: clean.signature,
      name: `${kind} at ${point.label}`,
    })),
  );
  return { points, cases };
}
