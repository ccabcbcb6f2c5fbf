// Can the tool see Proofpoint's apps sign in? Portal steps are verified by the app's
// service-principal sign-in, which Graph shows only with AuditLog.Read.All in a tenant with
// Entra ID P1/P2 (src/services/graph/client/sign-in-log.ts has the sources). Without it the run still
// works, but those steps are taken on the operator's word: a warning, not a failed check.
import type { GraphClient } from '../services/graph/client/client.ts';
import type { Check } from './check-identity.ts';

/** The permission whose presence says a runbook reads the sign-in log. */
export const SIGN_IN_LOG_PERMISSION = 'AuditLog.Read.All';

export async function checkSignInLog(graph: GraphClient, now: Date): Promise<Check> {
  const access = await graph.probeSignInLog(now);
  if (access.readable)
    return { ok: true, what: 'Entra service-principal sign-in log readable (portal steps can be verified)' };
  return {
    ok: true,
    what: 'Entra service-principal sign-in log readable (portal steps can be verified)',
    warning: `not readable: ${access.message}. Proofpoint portal steps will be recorded as UNVERIFIED (operator's confirmation only)${access.reason === 'licence' ? '; assign Microsoft Entra ID P1 or P2 to verify them' : ''}`,
  };
}
