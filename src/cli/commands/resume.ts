// `sop-integrate resume <run-id>`: continue a stopped run from its journal.
import { prepareRun } from '../prepare-run.ts';
import { checkSameTenant, readRunStart } from '../run-journal.ts';
import { checkReportFlags, runWithReports, type ReportFlags } from '../run-with-reports.ts';

export async function resumeCommand(runId: string, flags: ReportFlags): Promise<void> {
  checkReportFlags(flags);
  const started = await readRunStart(runId, flags, 'resume');
  const prepared = await prepareRun(started.runbookFile, flags, { values: started.inputs });
  try {
    checkSameTenant(runId, started, prepared.session.config.tenantId, flags.sandbox === true);
  } catch (error) {
    await prepared.session.close();
    throw error;
  }
  const { resumeRun } = await import('../../engine/index.ts');
  await runWithReports(prepared, flags, (options) => resumeRun(runId, options));
}
