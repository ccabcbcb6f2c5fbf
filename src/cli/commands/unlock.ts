// `sop-integrate unlock <tenant> <integration>`: break a lock left by a crashed run.
import type { RunFlags } from '../options.ts';
import { createPrinter } from '../printer.ts';
import { loadSessionConfig } from '../session.ts';

export async function unlockCommand(tenant: string, integration: string, flags: RunFlags): Promise<void> {
  const printer = createPrinter();
  const { config } = await loadSessionConfig(flags);
  const { unlock } = await import('../../engine/index.ts');
  const broken = await unlock(tenant, integration, { config });
  if (!broken) {
    printer.out(`No lock held for ${integration} on tenant ${tenant}.`);
    return;
  }
  printer.out(
    `Broke the lock of run ${broken.runId} (pid ${broken.pid} on ${broken.host}, since ${broken.startedAt}).`,
  );
  printer.out(`Check that run with: sop-integrate show ${broken.runId}`);
}
