// `sop-integrate apply plan.json`: apply a saved plan. An edited plan file is refused (exit 5)
// before anything is called, and so is one made from another runbook or for another tenant;
// a plan that is stale against live state is refused after the re-plan (exit 5).
import { InputError, RefusedError } from '../../errors.ts';
import type { PlannedStep } from '../../engine/types.ts';
import type { RunbookStep } from '../../runbook/types.ts';
import { prepareRun } from '../prepare-run.ts';
import { checkReportFlags, runWithReports, type ReportFlags } from '../run-with-reports.ts';
import { runbookPath } from '../runbook-files.ts';
import { readSavedPlan } from '../saved-plan.ts';

export async function applyCommand(planFile: string, flags: ReportFlags): Promise<void> {
  checkReportFlags(flags);
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
  const wrongTenant = (tenantId: string): InputError =>
    new InputError(`plan ${planFile} is for tenant ${saved.tenantId}, not ${tenantId}`);
  const prepared = await prepareRun(runbookPath(saved.integration, saved.phase), flags, {
    values: saved.inputs,
    checkAs: planFile,
    check: ({ config, runbook }) => {
      if (runbook.hash !== saved.plan.runbookHash) {
        throw new RefusedError(
          'REFUSED_STALE_PLAN',
          `plan ${planFile} was made from another version of ${runbook.file} (runbook ${saved.plan.runbookHash.slice(0, 12)}, now ${runbook.hash.slice(0, 12)})`,
          { hint: 'make and review a fresh plan with `sop-integrate plan ... --out plan.json`' },
        );
      }
      refuseStepsUnlikeRunbook(planFile, saved.plan.steps, runbook.runbook.steps);
      // The sandbox's tenant id is known once it starts; a real tenant's is in the config now.
      if (!flags.sandbox && config.tenantId !== saved.tenantId) throw wrongTenant(config.tenantId);
    },
  });
  if (prepared.session.config.tenantId !== saved.tenantId) {
    await prepared.session.close();
    throw wrongTenant(prepared.session.config.tenantId);
  }
  const { runRunbook } = await import('../../engine/index.ts');
  const outcome = await runWithReports(prepared, flags, (options) =>
    runRunbook({ ...options, savedPlan: saved.plan }),
  );
  if (outcome.runId && flags.output !== 'json') {
    prepared.printer.out(
      `Undo with: sop-integrate rollback ${outcome.runId}${flags.sandbox ? ' --sandbox' : ''}`,
    );
  }
}

/**
 * What the plan says of each step that the runbook itself decides (which steps, in which order,
 * their type, title and gate) must be what the runbook says: a resealed edit of a title is
 * caught here, before any call.
 */
function refuseStepsUnlikeRunbook(planFile: string, planned: PlannedStep[], steps: RunbookStep[]): void {
  const problems: string[] = [];
  const ids = steps.map((step) => step.id).join(', ');
  if (planned.map((step) => step.id).join(', ') !== ids)
    problems.push(`the steps are not the runbook's (${ids})`);
  for (const step of planned) {
    const spec = steps.find((s) => s.id === step.id);
    if (!spec) continue;
    for (const field of ['type', 'title', 'gate'] as const) {
      if (step[field] !== spec[field]) problems.push(`step ${step.id}: ${field} differs from the runbook`);
    }
  }
  if (problems.length > 0) {
    throw new RefusedError(
      'REFUSED_CHANGED',
      `plan file ${planFile} was edited after it was saved: ${problems.join('; ')}`,
      {
        hint: 'make and review a fresh plan with `sop-integrate plan ... --out plan.json`',
      },
    );
  }
}
