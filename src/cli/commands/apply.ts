// `sop-integrate apply plan.json`: apply a saved plan; refused (exit 5) when it is stale.
import { InputError } from '../../errors.ts';
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
  const prepared = await prepareRun(runbookPath(saved.integration, saved.phase), flags, saved.inputs);
  if (prepared.session.config.tenantId !== saved.tenantId) {
    await prepared.session.close();
    throw new InputError(
      `plan ${planFile} is for tenant ${saved.tenantId}, not ${prepared.session.config.tenantId}`,
    );
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
