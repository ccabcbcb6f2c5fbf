// `sop-integrate resume <run-id>`: continue a stopped run from its journal.
import type { RunFlags } from '../options.ts';
import { prepareRun } from '../prepare-run.ts';
import { checkSameTenant, readRunStart } from '../run-journal.ts';

export async function resumeCommand(runId: string, flags: RunFlags): Promise<void> {
  const started = await readRunStart(runId, flags);
  const prepared = await prepareRun(started.runbookFile, flags, started.inputs);
  try {
    checkSameTenant(runId, started, prepared.session.config.tenantId, flags.sandbox === true);
    const { resumeRun } = await import('../../engine/index.ts');
    await resumeRun(runId, prepared.options);
  } finally {
    await prepared.session.close();
  }
}
