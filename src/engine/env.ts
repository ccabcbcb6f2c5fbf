// Resolves an EngineEnv into the collaborators every entry point uses: defaults filled in,
// events redacted, and one AbortController that SIGINT/SIGTERM and the caller's signal feed.
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { RunbookError } from '../errors.ts';
import type { JournalStore } from '../journal/index.ts';
import type { LockStore } from './lock-store.ts';
import { storesFor } from './lock-stores.ts';
import { sweepDeadScratch } from './private-files.ts';
import type { AnyStepHandler } from '../steps/contract.ts';
import type { Clock, EngineEnv, EventSink } from './types.ts';

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal ? { signal } : undefined);
  },
};

export interface Engine {
  readonly env: EngineEnv;
  readonly journal: JournalStore;
  readonly locks: LockStore;
  readonly clock: Clock;
  readonly emit: EventSink;
  readonly controller: AbortController;
  readonly toolVersion: string;
  readonly abortGraceMs: number;
  readonly lockOwner: { pid: number; host: string };
  handlerFor(type: string, place?: { file: string; line?: number; col?: number }): AnyStepHandler;
  /** Stop listening to signals; call when the entry point returns. */
  dispose(): void;
}

async function defaultHandlers(): Promise<readonly AnyStepHandler[]> {
  // Lazy: importing the registry loads every step type, which `--help` must never pay for.
  const { stepHandlers } = await import('../steps/registry.ts');
  return stepHandlers;
}

/** Why the run was stopped (SIGINT, SIGTERM, a closed output pipe), once it was; for the journal. */
export function stopReason(engine: Engine): { reason?: string } {
  const { signal } = engine.controller;
  if (!signal.aborted) return {};
  const reason: unknown = signal.reason;
  return { reason: reason instanceof Error ? reason.message : String(reason) };
}

export async function resolveEngine(env: EngineEnv): Promise<Engine> {
  const handlers = new Map((env.handlers ?? (await defaultHandlers())).map((h) => [h.type, h]));
  const controller = new AbortController();
  const stop = (reason: string) => () => controller.abort(new Error(`stopped by ${reason}`));
  const onExternal = () => controller.abort(env.signal?.reason);
  if (env.signal?.aborted) controller.abort(env.signal.reason);
  env.signal?.addEventListener('abort', onExternal, { once: true });
  const onInt = stop('SIGINT');
  const onTerm = stop('SIGTERM');
  const listen = env.handleSignals ?? true;
  if (listen) {
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  }
  const sink = env.events;
  // What a SIGKILLed run left (package folders with their keys) goes before anything else runs.
  await sweepDeadScratch(env.config.stateDir);
  const defaults = env.journal && env.locks ? undefined : await storesFor(env.config, env.redactor);
  return {
    env,
    journal: env.journal ?? defaults!.journal,
    locks: env.locks ?? defaults!.locks,
    clock: env.clock ?? systemClock,
    emit: (event) => sink?.(env.redactor.value(event)),
    controller,
    toolVersion: env.toolVersion ?? '0.0.0',
    abortGraceMs: env.abortGraceMs ?? 30_000,
    lockOwner: env.lockOwner ?? { pid: process.pid, host: hostname() },
    handlerFor(type, place) {
      const handler = handlers.get(type);
      if (handler) return handler;
      throw new RunbookError([
        { file: place?.file ?? '(runbook)', ...place, message: `unknown step type "${type}"` },
      ]);
    },
    dispose() {
      env.signal?.removeEventListener('abort', onExternal);
      if (listen) {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      }
    },
  };
}
