// `--report junit=<path> --report markdown=<path> --report json=<path>`, plus the pipeline
// extras (GitHub job summary and annotations, Azure Pipelines log issues). Report specs are
// checked before anything runs (parent folder exists and is writable); reports are written
// whatever the outcome. A report that still cannot be written (disk full, folder removed during
// the run) is a warning and exit 7, never a crash after the tenant was changed.
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readEnvironment } from '../config/environment.ts';
import type { EventSink } from '../engine/types.ts';
import { InputError, isSopError } from '../errors.ts';
import type { RunRecorder } from '../report/run-record.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import { checkWritableFile } from './path-checks.ts';
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

/** Parse and check every report path before anything runs: exit 2 naming the flag. */
export function checkReportTargets(specs: string[] | undefined): ReportTargets {
  const targets = parseReportSpecs(specs);
  const seen = new Map<string, ReportKind>();
  for (const [kind, file] of Object.entries(targets) as [ReportKind, string][]) {
    const full = path.resolve(file);
    const other = seen.get(full);
    if (other)
      throw new InputError(`--report ${other} and --report ${kind} both write ${file}`, [], {
        hint: 'give each report its own file',
      });
    seen.set(full, kind);
    checkWritableFile(file, `--report ${kind}=${file}`);
  }
  return targets;
}

/**
 * Write one report file; false (after a warning on stderr) when it cannot be written. Reports
 * come after the run, so a failure here must not hide how the run ended.
 */
export async function writeReportFile(
  what: string,
  file: string,
  text: string,
  printer: Printer,
  write: (file: string, text: string) => Promise<void> = writeFile,
): Promise<boolean> {
  try {
    await write(file, text);
    return true;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    printer.err(
      `warning: the ${what} could not be written to ${file} (${reason}); the run itself is unaffected`,
    );
    return false;
  }
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

/**
 * Write every requested report and the pipeline extras. `prefix` goes before the run report (a
 * change request). Returns false when any of them could not be written (warned on stderr).
 */
export async function writeReports(
  targets: ReportTargets,
  recorder: RunRecorder,
  error: unknown,
  printer: Printer,
  prefix: string[] = [],
): Promise<boolean> {
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
  let written = true;
  const write = async (what: string, file: string | undefined, text: () => string): Promise<void> => {
    if (file !== undefined && !(await writeReportFile(what, file, redact(text()), printer))) written = false;
  };
  await write('junit report', targets.junit, () => renderJunit(record));
  await write('markdown report', targets.markdown, () => markdown);
  await write('json report', targets.json, () => renderSummaryJson(record, exitCode));
  const env = readEnvironment();
  if (env.githubActions && env.githubStepSummary) {
    const ok = await writeReportFile(
      'GitHub job summary',
      env.githubStepSummary,
      redact(`${markdown}\n`),
      printer,
      appendFile,
    );
    if (!ok) written = false;
  }
  const lines = annotationLines(record, env);
  for (const line of lines) printer.out(line);
  return written;
}
