// `wait`: a pause the SOP demands (e.g. the old MX TTL must expire). The deadline counts from
// the step's first attempt, which the journal keeps, so a resumed run waits only what is left.
import { InputError } from '../../../../errors.ts';
import { parseDuration } from '../../../../runbook/inputs/duration.ts';
import { defineStep, type StepContext } from '../../../../steps/contract.ts';
import { WaitParams } from './schema.ts';

/** How often progress is reported while waiting. */
const TICK_MS = 15_000;

function deadlineOf(ctx: StepContext, params: WaitParams): Date {
  if (params.until !== undefined) {
    const at = Date.parse(params.until);
    if (Number.isNaN(at))
      throw new InputError(`wait step ${ctx.stepId}: "${params.until}" is not an ISO 8601 time`);
    return new Date(at);
  }
  const start = ctx.firstAttemptAt ?? ctx.now();
  return new Date(start.getTime() + parseDuration(params.duration ?? ''));
}

export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}

function describe(params: WaitParams): string {
  const what = params.until !== undefined ? `wait until ${params.until}` : `wait ${params.duration ?? ''}`;
  return params.reason ? `${what} (${params.reason})` : what;
}

export const waitStep = defineStep<WaitParams>({
  type: 'wait',
  description: 'Wait for a duration or until a time; a resumed run waits only what is left.',
  params: WaitParams,
  outputs: ['until'],
  mutating: false,
  async plan(ctx, params) {
    // Validates a templated value now, before any write, rather than halfway through the run.
    if (params.until !== undefined) {
      const deadline = deadlineOf(ctx, params);
      const left = deadline.getTime() - ctx.now().getTime();
      // A deadline already behind us (a re-run, or caches that expired long ago) waits for nothing.
      if (left <= 0)
        return {
          action: 'noop',
          summary: `${describe(params)}: already passed`,
          changes: [],
          calls: [],
          knownOutputs: { until: deadline.toISOString() },
        };
      return {
        action: 'wait',
        summary: `${describe(params)}: ${formatRemaining(left)} from now`,
        changes: [],
        calls: [],
      };
    }
    parseDuration(params.duration ?? '');
    return { action: 'wait', summary: describe(params), changes: [], calls: [] };
  },
  async apply(ctx, params) {
    const deadline = deadlineOf(ctx, params);
    const total = Math.max(0, deadline.getTime() - (ctx.firstAttemptAt ?? ctx.now()).getTime());
    for (
      let left = deadline.getTime() - ctx.now().getTime();
      left > 0;
      left = deadline.getTime() - ctx.now().getTime()
    ) {
      ctx.log.progress(`${formatRemaining(left)} left until ${deadline.toISOString()}`, total - left, total);
      await ctx.sleep(Math.min(left, TICK_MS));
      ctx.signal.throwIfAborted();
    }
    return { outputs: { until: deadline.toISOString() }, undo: null };
  },
  async verify(ctx, _params, outputs) {
    const until = typeof outputs.until === 'string' ? outputs.until : '';
    const ok = until !== '' && ctx.now().getTime() >= Date.parse(until);
    return {
      ok,
      checks: [ok ? `waited until ${until}` : `the wait until ${until || '(unknown)'} has not ended`],
    };
  },
});
