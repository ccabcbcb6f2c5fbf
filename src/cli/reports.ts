// `--report junit=<path> --report markdown=<path> --report json=<path>`, plus the pipeline
// extras (GitHub job summary and annotations, Azure Pipelines log issues). Report specs are
// checked before anything runs; reports are written whatever the outcome.
import { appendFile, writeFile } from 'node:fs/promises';
import { readEnvironment } from '../config/environment.ts';
import type { EventSink } from '../engine/types.ts';
import { InputError, isSopError } from '../errors.ts';
import type { RunRecorder } from '../report/run-record.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import type { Printer } from './printer.ts';
import { globalRedactor } from '../redact.ts';

export type ReportKind = 'junit' | 'markdown' | 'json';
export type ReportTargets = Partial<Record<ReportKind, string>>;

export function parseReportSpecs(specs: string[] | undefined): ReportTargets {
  const targets: ReportTargets = {};
  for (const spec of specs ?? []) {
    const eq = spec.indexOf('=');
    const kind = spec.slice(0, eq);
    const file = spec.slice(eq + 1);
    if (eq < 1 || file === '' || !['junit', 'markdown', 'json'].includes(kind)) {
      throw new InputError(`--report ${spec}: expected junit=<path>, markdown=<path> or json=<path>`);
    }
    if (targets[kind as ReportKind]) throw new InputError(`--report ${kind} is given twice`);
    targets[kind as ReportKind] = file;
  }
  return targets;
}

export function tee(...sinks: (EventSink | undefined)[]): EventSink {
  return (event) => {
    for (const sink of sinks) sink?.(event);
  };
}

export function exitCodeOf(error: unknown): number {
  if (error === undefined) return ExitCode.success;
  return isSopError(error) ? exitCodeFor(error.code) : ExitCode.bug;
}

/** Write every requested report and the pipeline extras. `prefix` goes before the run report (a change request). */
export async function writeReports(
  targets: ReportTargets,
  recorder: RunRecorder,
  error: unknown,
  printer: Printer,
  prefix: string[] = [],
): Promise<void> {
  if (error !== undefined) {
    recorder.fail(
      isSopError(error)
        ? { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
        : { code: 'BUG', message: error instanceof Error ? error.message : JSON.stringify(error) },
    );
  }
  const record = recorder.record;
  const exitCode = exitCodeOf(error);
  const redact = (text: string): string => globalRedactor.text(text);
  const [{ renderJunit }, { renderRunMarkdown }, { renderSummaryJson }, { annotationLines }] =
    await Promise.all([
      import('../report/junit.ts'),
      import('../report/markdown.ts'),
      import('../report/summary-json.ts'),
      import('../report/ci-annotations.ts'),
    ]);
  const markdown = [...prefix, ...renderRunMarkdown(record)].join('\n');
  if (targets.junit) await writeFile(targets.junit, redact(renderJunit(record)));
  if (targets.markdown) await writeFile(targets.markdown, redact(markdown));
  if (targets.json) await writeFile(targets.json, redact(renderSummaryJson(record, exitCode)));
  const env = readEnvironment();
  if (env.githubActions && env.githubStepSummary)
    await appendFile(env.githubStepSummary, redact(`${markdown}\n`));
  const lines = annotationLines(record, env);
  for (const line of lines) printer.out(line);
}
