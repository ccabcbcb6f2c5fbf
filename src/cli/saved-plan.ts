// Saved plans (`plan --out plan.json`): the plan, its hash, the runbook hash and the inputs,
// never a secret, sealed (plan-seal.ts). Reading one refuses any edit before anything is called;
// `apply plan.json` then refuses a plan that is stale against live state.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError, RefusedError } from '../errors.ts';
import { RunPlanShape } from '../journal/index.ts';
import type { RunPlan } from '../engine/types.ts';
import { sealOf, sealProblems } from './plan-seal.ts';
import { makeDirectory } from '../make-dir.ts';

/** Version 2 added the seal; a version 1 file cannot be told apart from an edited one. */
const VERSION = 2;

const SavedPlanFile = z.strictObject({
  kind: z.literal('sop-integrate/plan'),
  version: z.literal(VERSION),
  createdAt: z.string(),
  integration: z.string(),
  phase: z.number().int(),
  tenantId: z.string(),
  sandbox: z.boolean(),
  inputs: z.record(z.string(), z.unknown()),
  plan: RunPlanShape,
});
export type SavedPlanFile = z.infer<typeof SavedPlanFile>;

const FRESH_PLAN =
  'make and review a fresh plan with `sop-integrate plan <integration> --phase <n> --out plan.json`';

export async function writeSavedPlan(
  file: string,
  saved: Omit<SavedPlanFile, 'kind' | 'version'>,
): Promise<void> {
  // `--out reports/plan.json` in a fresh pipeline workspace: the folder may not exist yet.
  await makeDirectory(path.dirname(path.resolve(file)));
  const content = { kind: 'sop-integrate/plan', version: VERSION, ...saved };
  // Sealed as it will read back: JSON drops undefined, so seal the JSON round-trip.
  const written = JSON.parse(JSON.stringify(content)) as Record<string, unknown>;
  await writeFile(file, `${JSON.stringify({ ...written, seal: sealOf(written) }, null, 2)}\n`, {
    mode: 0o600,
  });
}

export async function readSavedPlan(file: string): Promise<SavedPlanFile & { plan: RunPlan }> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`plan file ${file} cannot be read`, [{ file, message: (error as Error).message }], {
      hint: 'save a plan with `sop-integrate plan <integration> --phase <n> --out plan.json`',
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(`plan file ${file} is not a sop-integrate plan`, [
      { file, message: '(top level): expected an object' },
    ]);
  }
  const { seal, ...content } = data as Record<string, unknown>;
  if (content.kind === 'sop-integrate/plan' && content.version === 1) {
    throw new InputError(`plan file ${file} was saved by an older sop-integrate, without a seal`, [], {
      hint: FRESH_PLAN,
    });
  }
  // Before the shape check: an edit that also breaks the shape is still named as an edit.
  if (content.kind === 'sop-integrate/plan') refuseEdits(file, sealProblems(content, seal));
  const parsed = SavedPlanFile.safeParse(content);
  if (!parsed.success) {
    throw new InputError(
      `plan file ${file} is not a sop-integrate plan`,
      parsed.error.issues.map((issue) => ({
        file,
        message: `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      })),
    );
  }
  refuseEdits(file, await consistencyProblems(parsed.data));
  return parsed.data;
}

/**
 * The hashes inside the plan must still fit what the file shows, so an edit whose seal was
 * recomputed is caught here (steps, inputs) or by apply's re-plan (everything else).
 */
async function consistencyProblems(saved: SavedPlanFile): Promise<string[]> {
  const { inputsHashOf, planHashOf } = await import('../engine/plan.ts');
  const { hash, ...plan } = saved.plan;
  const problems: string[] = [];
  if (planHashOf(plan) !== hash) problems.push('the steps do not match plan.hash');
  if (inputsHashOf(saved.inputs) !== plan.inputsHash) problems.push('inputs do not match plan.inputsHash');
  if (plan.integration !== saved.integration) problems.push('integration differs from plan.integration');
  if (plan.phase !== saved.phase) problems.push('phase differs from plan.phase');
  return problems;
}

function refuseEdits(file: string, problems: string[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 8).join('; ');
  const more = problems.length > 8 ? `; and ${problems.length - 8} more` : '';
  throw new RefusedError(
    'REFUSED_CHANGED',
    `plan file ${file} was edited after it was saved: ${shown}${more}`,
    { hint: `a reviewer may have been shown steps that are not what would run; ${FRESH_PLAN}` },
  );
}
