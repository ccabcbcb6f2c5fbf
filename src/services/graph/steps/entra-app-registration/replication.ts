// Rides out Entra replication lag after creating an application (the answers and sources are in
// src/services/graph/client/errors.ts, isReplicationLag). Bounded: about a minute in all, with backoff,
// progress logged, stopped by the run's abort signal; any other error fails at once.
import { isReplicationLag, type ReplicationLagCall } from '../../client/errors.ts';
import type { StepContext } from '../../../../steps/contract.ts';

/** Waits between attempts, in ms: 1+2+4+8+15+15+15 s = 60 s at most. */
export const REPLICATION_BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000] as const;

export async function whileReplicating<T>(
  ctx: StepContext,
  call: ReplicationLagCall,
  what: string,
  attempt: () => Promise<T>,
  backoffMs: readonly number[] = REPLICATION_BACKOFF_MS,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const wait = backoffMs[retry];
      if (wait === undefined || ctx.signal.aborted || !isReplicationLag(error, call)) throw error;
      ctx.log.progress(
        `${what}: Entra has not replicated the new object yet; retrying in ${wait / 1000} s (${retry + 1}/${backoffMs.length})`,
      );
      await ctx.sleep(wait);
    }
  }
}
