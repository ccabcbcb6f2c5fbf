// Builds the Proofpoint adapter from the tool's config (the registry's entry point).
import { InputError } from '../../../errors.ts';
import type { AdapterDeps } from '../../registry.ts';
import { createProofpointClient, type ProofpointClient } from './index.ts';

export function createProofpointAdapter(deps: AdapterDeps): ProofpointClient {
  const pp = deps.config.proofpoint;
  if (!pp) {
    throw new InputError('Proofpoint is not configured', [], {
      hint: 'Add `proofpoint: { product: essentials | pod, ... }` to the config file.',
    });
  }
  const e = pp.essentials;
  if (pp.product === 'essentials' && (!e?.user || !e.password)) {
    throw new InputError('Proofpoint Essentials API credentials are not configured', [], {
      hint: 'Set proofpoint.essentials.orgDomain and user in the config file and SOP_INTEGRATE_PROOFPOINT_ESSENTIALS_PASSWORD, or use product: pod.',
    });
  }
  const t = pp.tap;
  return createProofpointClient({
    product: pp.product,
    ...(e?.user && e.password
      ? { essentials: { baseUrl: e.baseUrl, orgDomain: e.orgDomain, user: e.user, password: e.password } }
      : {}),
    ...(t?.principal && t.secret
      ? { tap: { baseUrl: t.baseUrl, principal: t.principal, secret: t.secret } }
      : {}),
    ...(pp.sandboxPortalUrl ? { sandboxPortalUrl: pp.sandboxPortalUrl } : {}),
    ...(pp.sandboxMailUrl ? { sandboxMailUrl: pp.sandboxMailUrl } : {}),
    policy: deps.policy,
    redactor: deps.redactor,
  });
}
