// One tenant of a fleet: a normal engine run (own run id, journal and tenant+integration lock)
// with the tenant's own config, sandbox, HTTP policy and rate limiter. Never throws: every
// failure becomes a TenantResult, so one tenant cannot stop the others.
import path from 'node:path';
import { createHttpPolicy } from '../core/http/policy.ts';
import { createTenantRateLimiter } from '../core/http/tenant-rate-limiter.ts';
import { exitCodeFor, ExitCode } from '../cli/exit-codes.ts';
import { prepareRun } from '../cli/prepare-run.ts';
import { tee } from '../cli/reports.ts';
import type { Printer } from '../cli/printer.ts';
import type { RunEvent, RunFinishedSummary } from '../engine/types.ts';
import { isSopError, StepFailedError, RolledBackError, WaitingError } from '../errors.ts';
import { globalRedactor } from '../redact.ts';
import { sandboxSeedFor } from './sandbox-seed.ts';
import { tenantConfigPlan } from './tenant-config.ts';
import type { TenantEntry } from './tenants-schema.ts';
import type { FleetOptions, TenantOutcome, TenantResult } from './types.ts';

export interface TenantRunContext {
  options: FleetOptions;
  runbookFile: string;
  /** Where each tenant's sandbox keeps its state (`<stateDir>/sandbox/fleet`). */
  sandboxStateDir: string;
}

function tenantPrinter(options: FleetOptions, tenant: TenantEntry): Printer {
  const line = (stream: 'out' | 'err') => (text: string) =>
    options.onTenantLine?.(tenant, stream, globalRedactor.text(text));
  return { out: line('out'), err: line('err'), json: (value) => line('out')(JSON.stringify(value)) };
}

export async function runTenant(tenant: TenantEntry, ctx: TenantRunContext): Promise<TenantResult> {
  const { options } = ctx;
  const startedAt = Date.now();
  const seen: { runId?: string; finished?: RunFinishedSummary; sandboxTenantId?: string } = {};
  const onEvent = (event: RunEvent): void => {
    if (event.type === 'run.started') seen.runId = event.runId;
    if (event.type === 'run.finished') seen.finished = event.summary;
    options.onEvent?.(tenant, event);
  };
  const base = { name: tenant.name, tenantId: tenant.tenantId, startedAt: new Date(startedAt).toISOString() };
  try {
    const limiter = createTenantRateLimiter(
      options.maxRequestsPerSecond ? { maxRequestsPerSecond: options.maxRequestsPerSecond } : {},
    );
    const policy = createHttpPolicy({ rateLimiter: limiter.acquire, onRetry: limiter.observeRetry });
    const plan = tenantConfigPlan(tenant, ctx.options.tenantsFile);
    const latencyMs = tenant.sandbox?.latencyMs ?? options.sandboxLatencyMs;
    const mxTtl = tenant.sandbox?.mxTtl ?? options.sandboxMxTtl;
    const flags = { ...options.flags, ...(plan.configFile ? { config: plan.configFile } : {}) };
    const prepared = await prepareRun(ctx.runbookFile, flags, undefined, {
      adjustConfig: plan.adjustConfig,
      policy,
      printer: tenantPrinter(options, tenant),
      sandbox: {
        seed: sandboxSeedFor(tenant.name),
        stateFile: path.join(ctx.sandboxStateDir, `${tenant.name}.json`),
        faults: tenant.sandbox?.faults ?? [],
        ...(latencyMs ? { latencyMs } : {}),
        ...(mxTtl ? { dns: { mxTtl, minTtl: 1 } } : {}),
      },
    });
    if (prepared.session.sandbox) seen.sandboxTenantId = prepared.session.sandbox.tenantId;
    try {
      const { runRunbook } = await import('../engine/index.ts');
      const outcome = await runRunbook({
        ...prepared.options,
        // Text mode: the usual renderer, its lines tagged with the tenant (shown with --verbose).
        events: options.flags.output === 'json' ? onEvent : tee(prepared.options.events, onEvent),
        dryRun: options.dryRun === true,
        handleSignals: false,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const pending = outcome.outcome === 'dry-run' && outcome.changes > 0 && options.detailedExitcode;
      return {
        ...base,
        ...(seen.sandboxTenantId ? { sandboxTenantId: seen.sandboxTenantId } : {}),
        outcome: outcome.outcome,
        exitCode: pending ? ExitCode.changesPending : ExitCode.success,
        changes: outcome.changes,
        durationMs: Date.now() - startedAt,
        ...(outcome.runId ? { runId: outcome.runId } : {}),
      };
    } finally {
      await prepared.session.close();
    }
  } catch (error) {
    const { outcome, exitCode } = classify(error, options.signal?.aborted === true);
    const runId =
      error instanceof StepFailedError || error instanceof RolledBackError ? error.runId : seen.runId;
    return {
      ...base,
      ...(seen.sandboxTenantId ? { sandboxTenantId: seen.sandboxTenantId } : {}),
      outcome,
      exitCode,
      changes: seen.finished?.counts.applied ?? 0,
      durationMs: Date.now() - startedAt,
      ...(runId ? { runId } : {}),
      error: {
        code: isSopError(error) ? error.code : 'BUG',
        message: globalRedactor.text(error instanceof Error ? error.message : String(error)),
      },
    };
  }
}

function classify(error: unknown, aborted: boolean): { outcome: TenantOutcome; exitCode: number } {
  if (!isSopError(error)) return { outcome: 'failed', exitCode: ExitCode.bug };
  const exitCode = exitCodeFor(error.code);
  if (error instanceof WaitingError) return { outcome: 'waiting', exitCode };
  if (error instanceof RolledBackError) return { outcome: 'rolled-back', exitCode };
  if (exitCode === ExitCode.refused) return { outcome: 'refused', exitCode };
  if (exitCode === ExitCode.invalidInput) return { outcome: 'invalid', exitCode };
  return { outcome: aborted ? 'interrupted' : 'failed', exitCode };
}
