// Reads a run's start record for commands that continue or undo it (resume, rollback).
import { InputError } from '../errors.ts';
import type { RunStarted } from '../journal/index.ts';
import type { RunFlags } from './options.ts';
import { loadSessionConfig } from './session.ts';
import { globalRedactor } from '../redact.ts';

export async function readRunStart(runId: string, flags: RunFlags): Promise<RunStarted> {
  const { isRunId } = await import('../journal/index.ts');
  if (!isRunId(runId)) {
    throw new InputError(`"${runId}" is not a run id`, [], {
      hint: 'list run ids with `sop-integrate runs`',
    });
  }
  const { config } = await loadSessionConfig(flags);
  const { showRun } = await import('../engine/index.ts');
  const details = await showRun(runId, { config, redactor: globalRedactor });
  const started = details.state.started;
  if (!started) throw new InputError(`run ${runId} has no start record`);
  return started;
}

/** A run belongs to one tenant; say plainly when the flags point elsewhere. */
export function checkSameTenant(
  runId: string,
  started: RunStarted,
  tenantId: string,
  sandbox: boolean,
): void {
  if (started.tenantId !== tenantId) {
    throw new InputError(
      `run ${runId} ran against tenant ${started.tenantId}, but this command targets ${tenantId}`,
      [],
      {
        hint: sandbox
          ? 'drop --sandbox to use your config'
          : 'add --sandbox if the run was in the sandbox, or use the config of that tenant',
      },
    );
  }
}
