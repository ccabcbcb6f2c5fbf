// Runs an engine call with a run recorder attached, then writes the requested reports and the
// pipeline extras whatever the outcome, and closes the session.
import { createRunRecorder } from '../report/run-record.ts';
import type { RunOptions } from '../engine/types.ts';
import { changeRequestLines } from './change-request.ts';
import type { RunFlags } from './options.ts';
import type { PreparedRun } from './prepare-run.ts';
import { ExitCode } from './exit-codes.ts';
import { checkReportTargets, parseReportSpecs, tee, writeReportFile, writeReports } from './reports.ts';

export interface ReportFlags extends RunFlags {
  report?: string[];
  dryRun?: boolean;
}

type EngineCall<T> = (options: Omit<RunOptions, 'dryRun' | 'savedPlan'>) => Promise<T>;

/** Parse and check report flags early: call before prepareRun so a bad flag or path stops before anything starts. */
export function checkReportFlags(flags: ReportFlags): void {
  checkReportTargets(flags.report);
}

export async function runWithReports<T>(
  prepared: PreparedRun,
  flags: ReportFlags,
  call: EngineCall<T>,
): Promise<T> {
  const targets = parseReportSpecs(flags.report);
  const { metadata } = prepared.runbook.runbook;
  const recorder = createRunRecorder({
    integration: metadata.integration,
    phase: metadata.phase,
    title: metadata.title,
    sop: metadata.sop,
    tenantId: prepared.session.config.tenantId,
    dryRun: flags.dryRun === true,
  });
  const options = { ...prepared.options, events: tee(prepared.options.events, recorder.sink) };
  const crContext = {
    runbook: prepared.runbook,
    flags,
    configInputs: prepared.session.config.inputs,
    options: prepared.options,
    tenantId: prepared.session.config.tenantId,
  };
  let failure: unknown;
  let prefix: string[] = [];
  try {
    // The change request is shown before the phase runs, so the CTO reviews it at the gate.
    prefix = await changeRequestLines(crContext);
    if (prefix.length > 0 && flags.output !== 'json') for (const line of prefix) prepared.printer.out(line);
    if (prefix.length > 0 && targets.markdown) {
      // Rewritten with the run's report at the end, so a failure here is only a warning too.
      await writeReportFile(
        'markdown report',
        targets.markdown,
        prepared.session.env.redactor.text(prefix.join('\n')),
        prepared.printer,
      );
    }
    return await call(options);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    try {
      if (prefix.length > 0) prefix = await changeRequestLines(crContext, recorder.record);
      const written = await writeReports(targets, recorder, failure, prepared.printer, prefix);
      // Exit 7 only replaces success: a failed run's own exit code says more.
      if (!written && failure === undefined && !process.exitCode)
        process.exitCode = ExitCode.reportNotWritten;
    } finally {
      await prepared.session.close();
    }
  }
}
