// Builds the StepContext a handler sees. Logging goes out as events; time comes from the clock.
import type { StepContext } from '../steps/contract.ts';
import type { Engine } from './env.ts';
import { privateFiles } from './private-files.ts';

export function buildContext(
  engine: Engine,
  runId: string,
  stepId: string,
  firstAttemptAt?: Date,
  waitingSince?: Date,
): StepContext {
  const { env, clock, emit, controller } = engine;
  return {
    runId,
    stepId,
    tenantId: env.config.tenantId,
    services: env.services,
    secrets: env.secrets,
    redactor: env.redactor,
    signal: controller.signal,
    files: privateFiles(env.config.stateDir, env.config.tenantId),
    firstAttemptAt,
    ...(waitingSince === undefined ? {} : { waitingSince }),
    now: () => clock.now(),
    sleep: (ms) => clock.sleep(ms, controller.signal),
    log: {
      info: (message) => emit({ type: 'step.log', stepId, level: 'info', message }),
      warn: (message) => emit({ type: 'step.log', stepId, level: 'warn', message }),
      progress: (message, done, total) =>
        emit({
          type: 'step.log',
          stepId,
          level: 'progress',
          message,
          ...(done === undefined ? {} : { done }),
          ...(total === undefined ? {} : { total }),
        }),
    },
  };
}
