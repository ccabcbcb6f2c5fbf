// A DNS write is accepted by the provider's API before every authoritative server answers it:
// Route 53 says so explicitly (PENDING until INSYNC, which its provider waits for), Azure DNS and
// Cloudflare do not report it, and Azure's FAQ speaks of changes reaching its name servers within
// about a minute. So a verification that reads the authoritative servers retries, bounded, before
// it calls a mismatch a failure. A server that keeps answering wrongly still fails the step.
import type { StepContext, VerifyResult } from '../../../../steps/contract.ts';

/** Pauses between attempts, about two minutes in all. */
const PAUSES_MS = [2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 30_000];

export async function untilPropagated(
  ctx: StepContext,
  check: () => Promise<VerifyResult>,
): Promise<VerifyResult> {
  let result = await check();
  for (const pause of PAUSES_MS) {
    if (result.ok) return result;
    ctx.log.progress(
      `not yet at every authoritative server (${result.checks.find((c) => !c.startsWith('ok')) ?? 'mismatch'}); checking again in ${pause / 1000} s`,
    );
    await ctx.sleep(pause);
    ctx.signal.throwIfAborted();
    result = await check();
  }
  return result;
}
