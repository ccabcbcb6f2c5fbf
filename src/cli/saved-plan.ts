// Saved plans (`plan --out plan.json`): the plan, its hash, the runbook hash and the inputs,
// never a secret. `apply plan.json` refuses a plan that is stale against live state.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { RunPlanShape } from '../journal/index.ts';
import type { RunPlan } from '../engine/types.ts';

const SavedPlanFile = z.strictObject({
  kind: z.literal('sop-integrate/plan'),
  version: z.literal(1),
  createdAt: z.string(),
  integration: z.string(),
  phase: z.number().int(),
  tenantId: z.string(),
  sandbox: z.boolean(),
  inputs: z.record(z.string(), z.unknown()),
  plan: RunPlanShape,
});
export type SavedPlanFile = z.infer<typeof SavedPlanFile>;

export async function writeSavedPlan(
  file: string,
  saved: Omit<SavedPlanFile, 'kind' | 'version'>,
): Promise<void> {
  // `--out reports/plan.json` in a fresh pipeline workspace: the folder may not exist yet.
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify({ kind: 'sop-integrate/plan', version: 1, ...saved }, null, 2)}\n`,
    { mode: 0o600 },
  );
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
  const parsed = SavedPlanFile.safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      `plan file ${file} is not a sop-integrate plan`,
      parsed.error.issues.map((issue) => ({
        file,
        message: `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      })),
    );
  }
  return parsed.data;
}
