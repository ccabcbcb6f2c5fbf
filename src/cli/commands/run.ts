// `sop-integrate <integration> --phase <n>`: plan, gates, apply, verify (or --dry-run).
import { ExitCode } from '../exit-codes.ts';
import type { RunFlags } from '../options.ts';
import { prepareRun } from '../prepare-run.ts';
import { runbookPath } from '../runbook-files.ts';

export interface RunCommandFlags extends RunFlags {
  phase: number;
  dryRun?: boolean;
  detailedExitcode?: boolean;
}

export async function runCommand(integration: string, flags: RunCommandFlags): Promise<void> {
  const prepared = await prepareRun(runbookPath(integration, flags.phase), flags);
  try {
    const { runRunbook } = await import('../../engine/index.ts');
    const outcome = await runRunbook({ ...prepared.options, dryRun: flags.dryRun === true });
    if (outcome.outcome === 'dry-run' && outcome.changes > 0 && flags.detailedExitcode) {
      process.exitCode = ExitCode.changesPending;
    }
    if (outcome.runId && flags.output !== 'json') {
      prepared.printer.out(
        `Undo with: sop-integrate rollback ${outcome.runId}${flags.sandbox ? ' --sandbox' : ''}`,
      );
    }
  } finally {
    await prepared.session.close();
  }
}
