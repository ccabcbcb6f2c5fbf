// Reads a run's start record for commands that continue or undo it (resume, rollback).
import { InputError } from '../errors.ts';
import type { RunStarted } from '../journal/index.ts';
import type { RunFlags } from './options.ts';
import { loadSessionConfig } from './session.ts';
import { globalRedactor } from '../redact.ts';

/**
 * The start record of a run about to be resumed or rolled back. Checked here, before a session
 * (and the sandbox) starts: a damaged journal is never resumed, and a rollback of one whose start
 * record is lost can undo nothing.
 */
export async function readRunStart(
  runId: string,
  flags: RunFlags,
  purpose: 'resume' | 'rollback',
): Promise<RunStarted> {
  const { isRunId } = await import('../journal/index.ts');
  if (!isRunId(runId)) {
    throw new InputError(`"${runId}" is not a run id`, [], {
      hint: 'list run ids with `sop-integrate runs`',
    });
  }
  const { config } = await loadSessionConfig(flags);
  const { noStartToRollBack, readRun, refuseDamaged } = await import('../engine/index.ts');
  const { started, damage } = await readRun(runId, { config, redactor: globalRedactor });
  if (purpose === 'resume' && damage) throw refuseDamaged(runId, damage, 'resumed');
  if (!started) {
    if (purpose === 'rollback') throw noStartToRollBack(runId, damage);
    throw new InputError(`run ${runId} has no start record`);
  }
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
