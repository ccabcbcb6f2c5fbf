// `sop-integrate <integration> --phase <n> --tenants tenants.yaml`: the same phase across a
// fleet of tenants. Signals are handled here once for the whole fleet: the first Ctrl-C stops
// new tenants and lets running ones stop at their next safe point (each engine run is told not
// to listen itself).
import type { RunEvent } from '../../engine/types.ts';
import { InputError } from '../../errors.ts';
import type { TenantEntry, TenantResult } from '../../fleet/types.ts';
import { ExitCode } from '../exit-codes.ts';
import { outputClosedSignal } from '../output-closed.ts';
import { createPrinter } from '../printer.ts';
import { parseReportSpecs, writeReportFile } from '../reports.ts';
import type { RunCommandFlags } from './run.ts';

export interface FleetFlags {
  tenants?: string;
  concurrency?: number;
  maxErrors?: string;
  shard?: string;
  tenantRate?: number;
}

/** Fleet flags without --tenants are a mistake, not something to ignore. */
export function checkFleetFlags(flags: FleetFlags): void {
  if (flags.tenants) return;
  const stray = (['concurrency', 'maxErrors', 'shard', 'tenantRate'] as const).filter(
    (k) => flags[k] !== undefined,
  );
  if (stray.length > 0) {
    const names = stray.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new InputError(`${names.join(', ')} only apply with --tenants <file>`);
  }
}

export async function fleetCommand(integration: string, flags: RunCommandFlags & FleetFlags): Promise<void> {
  const { loadFleet, parseMaxErrors, parseShard, runFleet, summaryLine, summaryRows, summaryTable } =
    await import('../../fleet/index.ts');
  const { fleetJson, fleetJunit, fleetMarkdown, formatDuration } = await import('../../fleet/summary.ts');
  const reports = parseReportSpecs(flags.report);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const maxErrors = flags.maxErrors === undefined ? undefined : parseMaxErrors(flags.maxErrors);
  const fleet = await loadFleet(flags.tenants as string, {
    sandbox: flags.sandbox === true,
    ...(shard ? { shard } : {}),
  });
  const printer = createPrinter();
  const json = flags.output === 'json';
  const title = `${integration} phase ${flags.phase}${flags.dryRun ? ' (dry run)' : ''}`;

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => (): void => {
    if (controller.signal.aborted) return;
    printer.err(`${signal}: no new tenants start; running ones stop at their next safe point`);
    controller.abort(new Error(`stopped by ${signal}`));
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // A closed stdout/stderr (`| head`) stops the fleet like Ctrl-C, without a word (nowhere to say it).
  const onOutputClosed = (): void => {
    if (!controller.signal.aborted) controller.abort(outputClosedSignal.reason);
  };
  if (outputClosedSignal.aborted) onOutputClosed();
  else outputClosedSignal.addEventListener('abort', onOutputClosed, { once: true });

  let done = 0;
  const shardNote = shard ? ` (shard ${shard.index}/${shard.count} of ${fleet.total})` : '';
  if (json)
    printer.json({
      type: 'fleet.started',
      integration,
      phase: flags.phase,
      tenants: fleet.tenants.length,
      ...(shard ? { shard } : {}),
    });
  else
    printer.out(
      `Running ${title} on ${fleet.tenants.length} tenant(s)${shardNote}, ${flags.concurrency ?? 4} at a time`,
    );
  try {
    const result = await runFleet({
      integration,
      phase: flags.phase,
      tenants: fleet.tenants,
      tenantsFile: fleet.file,
      flags,
      dryRun: flags.dryRun === true,
      detailedExitcode: flags.detailedExitcode === true,
      concurrency: flags.concurrency ?? 4,
      ...(maxErrors ? { maxErrors } : {}),
      ...(flags.tenantRate ? { maxRequestsPerSecond: flags.tenantRate } : {}),
      signal: controller.signal,
      onEvent: json
        ? (tenant: TenantEntry, event: RunEvent) => printer.json({ ...event, tenant: tenant.name })
        : undefined,
      onTenantLine: flags.verbose
        ? (tenant: TenantEntry, stream: 'out' | 'err', line: string) =>
            (stream === 'out' ? printer.out : printer.err)(`[${tenant.name}] ${line}`)
        : undefined,
      onTenantFinished: (tenant: TenantResult) => {
        done += 1;
        if (json) return;
        const failure = tenant.error ? `: ${tenant.error.message}` : '';
        printer.out(
          `[${done}/${fleet.tenants.length}] ${tenant.name}: ${tenant.outcome}, ${tenant.changes} change(s), ${formatDuration(tenant.durationMs)}${failure}`,
        );
      },
    });
    if (json) {
      for (const line of summaryRows(result.results)) printer.json(line);
      printer.json({
        type: 'fleet.finished',
        exitCode: result.exitCode,
        stoppedEarly: result.stoppedEarly,
        durationMs: result.durationMs,
      });
    } else {
      printer.out('');
      for (const line of summaryTable(result.results)) printer.out(line);
      printer.out(summaryLine(result));
    }
    const written = [
      reports.json && (await writeReportFile('json report', reports.json, fleetJson(title, result), printer)),
      reports.markdown &&
        (await writeReportFile('markdown report', reports.markdown, fleetMarkdown(title, result), printer)),
      reports.junit &&
        (await writeReportFile('junit report', reports.junit, fleetJunit(title, result), printer)),
    ];
    process.exitCode =
      result.exitCode === ExitCode.success && written.includes(false)
        ? ExitCode.reportNotWritten
        : result.exitCode;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    outputClosedSignal.removeEventListener('abort', onOutputClosed);
  }
}
