// runFleet: one runbook across many tenants, at most `concurrency` at a time, each a normal
// engine run. Past --max-errors failures (or once the signal aborts) no new tenant starts;
// running ones finish. The CLI (`--tenants`) and the benchmark both call this.
import { makeDirectory } from '../make-dir.ts';
import path from 'node:path';
import { ExitCode } from '../cli/exit-codes.ts';
import { runbookPath } from '../cli/runbook-files.ts';
import { loadSessionConfig } from '../cli/session.ts';
import { InputError } from '../errors.ts';
import { worstExitCode } from './exit-code.ts';
import { toleratedFailures } from './max-errors.ts';
import { runPool } from './pool.ts';
import { runTenant, type TenantRunContext } from './run-tenant.ts';
import { sandboxSeedFor } from './sandbox-seed.ts';
import type { FleetOptions, FleetResult, TenantResult } from './types.ts';

/** A tenant counts against --max-errors unless it succeeded or only found changes to make. */
export function isTenantFailure(result: TenantResult): boolean {
  return result.exitCode !== ExitCode.success && result.exitCode !== ExitCode.changesPending;
}

function checkDistinctSeeds(options: FleetOptions): void {
  const bySeed = new Map<number, string>();
  for (const tenant of options.tenants) {
    const seed = sandboxSeedFor(tenant.name);
    const other = bySeed.get(seed);
    if (other !== undefined) {
      throw new InputError(`tenants "${other}" and "${tenant.name}" would share one sandbox tenant`, [], {
        hint: 'rename one of them (sandbox seeds derive from the tenant name)',
      });
    }
    bySeed.set(seed, tenant.name);
  }
}

export async function runFleet(options: FleetOptions): Promise<FleetResult> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new InputError(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
  }
  const runbookFile = runbookPath(options.integration, options.phase);
  const { config } = await loadSessionConfig(options.flags);
  const ctx: TenantRunContext = {
    options,
    runbookFile,
    sandboxStateDir: path.join(config.stateDir, 'sandbox', 'fleet'),
  };
  if (options.flags.sandbox) {
    checkDistinctSeeds(options);
    await makeDirectory(ctx.sandboxStateDir);
  }
  const tolerated = toleratedFailures(options.maxErrors, options.tenants.length);
  let failures = 0;
  const startedAt = Date.now();
  const finished = await runPool(options.tenants, {
    concurrency: options.concurrency,
    mayStart: () => options.signal?.aborted !== true && failures <= tolerated,
    run: async (tenant) => {
      const result = await runTenant(tenant, ctx);
      if (isTenantFailure(result)) failures += 1;
      options.onTenantFinished?.(result);
      return result;
    },
  });
  const results = options.tenants.map(
    (tenant, index): TenantResult =>
      finished[index] ?? {
        name: tenant.name,
        tenantId: tenant.tenantId,
        outcome: 'not-started',
        // Nothing was called for it: the same promise as a refused run.
        exitCode: ExitCode.refused,
        changes: 0,
        durationMs: 0,
      },
  );
  return {
    results,
    exitCode: worstExitCode(results.map((result) => result.exitCode)),
    stoppedEarly: results.some((result) => result.outcome === 'not-started'),
    durationMs: Date.now() - startedAt,
  };
}
