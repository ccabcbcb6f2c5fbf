// `sop-integrate rollback <run-id> [--dry-run]`: undo a run, newest step first.
import type { RunFlags } from '../options.ts';
import { createPrinter } from '../printer.ts';
import { createEventSink } from '../prepare-run.ts';
import { checkSameTenant, readRunStart } from '../run-journal.ts';
import { openSession } from '../session.ts';

export async function rollbackCommand(runId: string, flags: RunFlags & { dryRun?: boolean }): Promise<void> {
  const started = await readRunStart(runId, flags, 'rollback');
  const printer = createPrinter();
  const session = await openSession(flags);
  try {
    checkSameTenant(runId, started, session.config.tenantId, flags.sandbox === true);
    const { rollbackRun } = await import('../../engine/index.ts');
    await rollbackRun(runId, {
      ...session.env,
      dryRun: flags.dryRun === true,
      events: await createEventSink(flags, printer),
    });
  } finally {
    await session.close();
  }
}
