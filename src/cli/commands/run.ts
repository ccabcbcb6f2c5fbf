// `sop-integrate <integration> --phase <n>`: plan, gates, apply, verify (or --dry-run).
import { ExitCode } from '../exit-codes.ts';
import type { FleetFlags } from './fleet.ts';
import { prepareRun } from '../prepare-run.ts';
import { runbookPath } from '../runbook-files.ts';
import { checkReportFlags, runWithReports, type ReportFlags } from '../run-with-reports.ts';

export interface RunCommandFlags extends ReportFlags {
  phase: number;
  detailedExitcode?: boolean;
}

export async function runCommand(integration: string, flags: RunCommandFlags & FleetFlags): Promise<void> {
  checkReportFlags(flags);
  const { checkFleetFlags, fleetCommand } = await import('./fleet.ts');
  checkFleetFlags(flags);
  if (flags.tenants) return fleetCommand(integration, flags);
  const prepared = await prepareRun(runbookPath(integration, flags.phase), flags);
  const { runRunbook } = await import('../../engine/index.ts');
  const outcome = await runWithReports(prepared, flags, (options) =>
    runRunbook({ ...options, dryRun: flags.dryRun === true }),
  );
  if (outcome.outcome === 'dry-run' && outcome.changes > 0 && flags.detailedExitcode) {
    process.exitCode = ExitCode.changesPending;
  }
  if (outcome.runId && flags.output !== 'json') {
    prepared.printer.out(
      `Undo with: sop-integrate rollback ${outcome.runId}${flags.sandbox ? ' --sandbox' : ''}`,
    );
  }
}
