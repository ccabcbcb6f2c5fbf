// Turns any error into words for the user and an exit code. Only the CLI entry calls this.
import { isSopError, StepFailedError, type Problem, type SopError } from '../errors.ts';
import { createPrinter } from './printer.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';

function formatProblem(problem: Problem): string {
  const place = [problem.file, problem.line, problem.col].filter((part) => part !== undefined).join(':');
  return `${place}: ${problem.message}`;
}

function describe(error: SopError): string[] {
  const lines = [`error [${error.code}]: ${error.message}`];
  if ('problems' in error && Array.isArray(error.problems)) {
    for (const problem of error.problems as Problem[]) lines.push(`  ${formatProblem(problem)}`);
  }
  if ('details' in error && error.details && typeof error.details === 'object') {
    const d = error.details as Record<string, unknown>;
    const parts = ['status', 'vendorCode', 'requestId', 'operation']
      .filter((k) => d[k] !== undefined)
      .map((k) => `${k}=${String(d[k])}`);
    if (parts.length > 0) lines.push(`  (${parts.join(', ')})`);
  }
  if (error.cause instanceof Error && isSopError(error.cause)) {
    lines.push(...describe(error.cause).map((line) => `  caused by ${line.trim()}`));
  } else if (error.cause instanceof Error) {
    lines.push(`  caused by: ${error.cause.message}`);
  }
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  if (error instanceof StepFailedError) {
    lines.push(`  the run is journaled; continue with: sop-integrate resume ${error.runId}`);
    lines.push(`  or undo it with:                  sop-integrate rollback ${error.runId}`);
  }
  return lines;
}

function wantsJson(argv: string[]): boolean {
  const i = argv.indexOf('--output');
  return (i >= 0 && argv[i + 1] === 'json') || argv.includes('--output=json');
}

/** Print the error and return the exit code for it. */
export function reportError(error: unknown, argv: string[]): number {
  const printer = createPrinter();
  if (isSopError(error)) {
    const code = exitCodeFor(error.code);
    if (wantsJson(argv)) {
      const problems = 'problems' in error ? error.problems : undefined;
      printer.json({
        type: 'error',
        code: error.code,
        exitCode: code,
        message: error.message,
        problems,
        hint: error.hint,
      });
    }
    for (const line of describe(error)) printer.err(line);
    return code;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  printer.err(
    'error [BUG]: sop-integrate hit an unexpected error. This is a bug; please report it with this block:',
  );
  printer.err(
    `  sop-integrate ${process.env.npm_package_version ?? ''} on Node ${process.version} (${process.platform}-${process.arch})`,
  );
  printer.err(`  ${message.split('\n').slice(0, 8).join('\n  ')}`);
  if (wantsJson(argv))
    printer.json({ type: 'error', code: 'BUG', exitCode: ExitCode.bug, message: String(error) });
  return ExitCode.bug;
}
