// `sop-integrate unlock <tenant> <integration> [--force]`: break a lock left by a crashed run.
// Plain `unlock` refuses a lock whose PID is alive on this host; `--force` breaks it anyway, for
// a PID the operator checked with `ps` and found to be an unrelated process (README "Locks,
// throttling and slow services").
import type { RunFlags } from '../options.ts';
import { createPrinter } from '../printer.ts';
import { loadSessionConfig } from '../session.ts';

export interface UnlockFlags extends RunFlags {
  force?: boolean;
}

export async function unlockCommand(tenant: string, integration: string, flags: UnlockFlags): Promise<void> {
  const printer = createPrinter();
  const { config } = await loadSessionConfig(flags);
  const { unlock } = await import('../../engine/index.ts');
  const force = flags.force === true;
  const broken = await unlock(tenant, integration, { config, force });
  if (!broken) {
    printer.out(`No lock held for ${integration} on tenant ${tenant}.`);
    return;
  }
  if (force && (broken.state === 'live' || broken.state === 'unverified'))
    printer.err(
      `warning: forced: pid ${broken.pid}${broken.processName ? ` (${broken.processName})` : ''} was alive on this host; if it is run ${broken.runId}, stop it now: two runs may change the same tenant.`,
    );
  printer.out(
    `Broke the lock of run ${broken.runId} (pid ${broken.pid} on ${broken.host}, since ${broken.startedAt}).`,
  );
  if (broken.note && broken.state === 'stale') printer.out(`It was stale: ${broken.note}.`);
  printer.out(`Check that run with: sop-integrate show ${broken.runId}`);
}
