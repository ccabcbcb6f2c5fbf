// Proves the registration took effect by reading it back: app and manifest, service principal,
// consent, a usable secret in Entra and in the store, the directory role.
import type { Outputs, StepContext, VerifyResult } from '../../../../steps/contract.ts';
import { computeDrift } from './drift.ts';
import { observe } from './observe.ts';
import type { EntraAppRegistrationParams } from './params.ts';

export async function verifyAppRegistration(
  ctx: StepContext,
  params: EntraAppRegistrationParams,
  outputs: Outputs,
): Promise<VerifyResult> {
  const observed = await observe(ctx, params);
  const drift = computeDrift(params, observed);
  const checks: string[] = [];
  const check = (ok: boolean, text: string) => {
    checks.push(`${ok ? 'ok' : 'FAILED'}: ${text}`);
    return ok;
  };
  const appId = typeof outputs['appId'] === 'string' ? outputs['appId'] : '(missing)';
  const results = [
    check(
      observed.app !== undefined && observed.app.appId === appId,
      `app ${params.uniqueName} exists with appId ${appId}`,
    ),
    check(
      !drift.accessChanged,
      `requested permissions: ${observed.permissions.map((p) => p.name).join(', ') || 'none'}`,
    ),
    check(observed.servicePrincipal?.id === outputs['servicePrincipalId'], 'service principal exists'),
    check(
      drift.grants.length === 0 && drift.revokes.length === 0,
      params.adminConsent ? 'admin consent granted for every permission' : 'admin consent left as it was',
    ),
  ];
  if (params.secret)
    results.push(
      check(
        !drift.newSecret,
        `client secret ${params.secret.name} valid in Entra and present in ${ctx.secrets.describe(params.secret.name)}`,
      ),
    );
  if (params.directoryRole)
    results.push(check(!drift.assignRole, `directory role ${params.directoryRole} assigned`));
  return { ok: results.every(Boolean), checks };
}
