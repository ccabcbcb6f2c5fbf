// The outside check of a Proofpoint portal step: Proofpoint's app got a token from Entra.
// Proofpoint signs in with client credentials, so only the beta service-principal sign-in log
// shows it (src/services/graph/client/sign-in-log.ts has the sources). Tenants without Entra ID P1/P2,
// or an identity without AuditLog.Read.All, cannot read that log: the step then rests on the
// operator's confirmation and says so (verified: false), instead of polling until it times out.
import { signInLogDenial, type ServicePrincipalSignIn } from '../../../graph/client/sign-in-log.ts';
import type { StepContext, VerifyResult } from '../../../../steps/contract.ts';

const POLL_MS = 30_000;

export type SignInPoll = { found: ServicePrincipalSignIn | undefined; failed: ServicePrincipalSignIn[] };

async function poll(ctx: StepContext, appId: string, since: Date): Promise<SignInPoll> {
  const graph = await ctx.services.graph();
  const signIns = await graph.listServicePrincipalSignIns(appId, since);
  const ok = (s: ServicePrincipalSignIn) => !s.status || s.status.errorCode === 0;
  return { found: signIns.find(ok), failed: signIns.filter((s) => !ok(s)) };
}

export function unverified(appId: string, page: string, reason: string): VerifyResult {
  return {
    ok: true,
    verified: false,
    reason,
    checks: [
      `UNVERIFIED: Proofpoint ${page} rests on the operator's confirmation only; app ${appId}'s sign-in could not be read because ${reason}`,
    ],
  };
}

/** Waits up to `withinSeconds` for a successful sign-in of `appId` since `since`. */
export async function verifySignIn(
  ctx: StepContext,
  options: { appId: string; page: string; since: Date; withinSeconds: number },
): Promise<VerifyResult> {
  const { appId, page, since } = options;
  const deadline = ctx.now().getTime() + options.withinSeconds * 1000;
  let last: SignInPoll;
  for (;;) {
    try {
      last = await poll(ctx, appId, since);
    } catch (error) {
      const denial = signInLogDenial(error);
      if (denial && !denial.readable) return unverified(appId, page, denial.message);
      throw error;
    }
    if (last.found)
      return {
        ok: true,
        checks: [
          `app ${appId} signed in at ${last.found.createdDateTime} (service-principal sign-in; Proofpoint ${page} is using it)`,
        ],
      };
    const left = deadline - ctx.now().getTime();
    if (left <= 0 || ctx.signal.aborted) break;
    ctx.log.progress(`waiting for app ${appId} to sign in (${Math.ceil(left / 1000)} s left)`);
    await ctx.sleep(Math.min(POLL_MS, left));
  }
  const failures = last.failed.map((s) => `${s.createdDateTime} error ${s.status?.errorCode ?? '?'}`);
  return {
    ok: false,
    checks: [
      failures.length > 0
        ? `app ${appId} tried to sign in since ${since.toISOString()} but failed (${failures.slice(0, 3).join(', ')}): check the client secret entered in Proofpoint (${page})`
        : `no sign-in of app ${appId} since ${since.toISOString()}: check the values entered in Proofpoint (${page})`,
    ],
  };
}
