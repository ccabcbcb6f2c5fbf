// Runs an engine call with a run recorder attached, then writes the requested reports and the
// pipeline extras whatever the outcome, and closes the session.
import { createRunRecorder } from '../report/run-record.ts';
import type { RunOptions } from '../engine/types.ts';
import { changeRequestLines } from './change-request.ts';
import type { RunFlags } from './options.ts';
import type { PreparedRun } from './prepare-run.ts';
import { parseReportSpecs, tee, writeReports } from './reports.ts';

export interface ReportFlags extends RunFlags {
  report?: string[];
  dryRun?: boolean;
}

type EngineCall<T> = (options: Omit<RunOptions, 'dryRun' | 'savedPlan'>) => Promise<T>;

/** Parse report flags early: call before prepareRun so a bad flag stops before anything starts. */
export function checkReportFlags(flags: ReportFlags): void {
  parseReportSpecs(flags.report);
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
      const { writeFile } = await import('node:fs/promises');
      await writeFile(targets.markdown, prepared.session.env.redactor.text(prefix.join('\n')));
    }
    return await call(options);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    try {
      if (prefix.length > 0) prefix = await changeRequestLines(crContext, recorder.record);
      await writeReports(targets, recorder, failure, prepared.printer, prefix);
    } finally {
      await prepared.session.close();
    }
  }
}
