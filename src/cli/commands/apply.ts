// `sop-integrate apply plan.json`: apply a saved plan; refused (exit 5) when it is stale.
import { InputError } from '../../errors.ts';
import type { RunFlags } from '../options.ts';
import { prepareRun } from '../prepare-run.ts';
import { runbookPath } from '../runbook-files.ts';
import { readSavedPlan } from '../saved-plan.ts';

export async function applyCommand(planFile: string, flags: RunFlags): Promise<void> {
  const saved = await readSavedPlan(planFile);
  if (saved.sandbox !== (flags.sandbox === true)) {
    throw new InputError(
      `plan ${planFile} was made ${saved.sandbox ? 'in the sandbox' : 'for a real tenant'}`,
      [],
      {
        hint: saved.sandbox ? 'add --sandbox' : 'drop --sandbox',
      },
    );
  }
  const prepared = await prepareRun(runbookPath(saved.integration, saved.phase), flags, saved.inputs);
  try {
    if (prepared.session.config.tenantId !== saved.tenantId) {
      throw new InputError(
        `plan ${planFile} is for tenant ${saved.tenantId}, not ${prepared.session.config.tenantId}`,
      );
    }
    const { runRunbook } = await import('../../engine/index.ts');
    const outcome = await runRunbook({ ...prepared.options, savedPlan: saved.plan });
    if (outcome.runId && flags.output !== 'json') {
      prepared.printer.out(
        `Undo with: sop-integrate rollback ${outcome.runId}${flags.sandbox ? ' --sandbox' : ''}`,
      );
    }
  } finally {
    await prepared.session.close();
  }
}
