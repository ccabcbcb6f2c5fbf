// `proofpoint.portal-setting`: a Proofpoint portal page with no API (Directory Sync, the TRAP
// wizard). The operator gets the exact values to enter; afterwards the step checks from outside
// that Proofpoint uses the app: the app's service-principal sign-in in Entra's sign-in log
// (sign-in-check.ts), or, where the tenant cannot read that log, records the operator's
// confirmation as UNVERIFIED and says so already in the plan. In the sandbox the
// emulated portal page is saved on confirmation (the sandbox has no person to click); against a
// real tenant the adapter has no portal, so nothing pretends the page was set.
import { z } from 'zod';
import { InputError } from '../../../../errors.ts';
import { defineStep, isUnknown } from '../../../../steps/contract.ts';
import { verifySignIn } from './sign-in-check.ts';

export const ProofpointPortalParams = z.strictObject({
  page: z.enum(['directory-sync', 'trap']),
  appId: z.string().min(1),
  tenantId: z.string().min(1),
  /** Name of the client secret in the secret store (the entra.app-registration output secretRef). */
  secretRef: z.string().min(1),
  /** Other values the operator enters, e.g. { schedule: "every 6 hours" }. */
  settings: z.record(z.string(), z.string()).default({}),
  instructions: z.string().min(1),
  undoInstructions: z.string().min(1).optional(),
  /** How long to keep looking for the app's first sign-in (sign-in logs can lag). */
  signInWithinSeconds: z.int().min(0).max(7200).default(900),
});
export type ProofpointPortalParams = z.output<typeof ProofpointPortalParams>;

const CLOCK_SKEW_MS = 120_000;

function secretName(ref: string): string {
  // `file:proofpoint-directory-sync` -> `proofpoint-directory-sync`
  return ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
}

export const proofpointPortalSettingStep = defineStep<ProofpointPortalParams>({
  type: 'proofpoint.portal-setting',
  description:
    'A Proofpoint portal page without API: exact values for the operator, then verify the app signed in.',
  params: ProofpointPortalParams,
  outputs: ['confirmedAt', 'page', 'waitingSince'],
  mutating: true,
  // verify reads the app's sign-ins from Entra's sign-in log (beta; also needs Entra ID P1/P2).
  requires: { graph: ['AuditLog.Read.All'] },
  async plan(ctx, params) {
    // Said before anything is approved: without the log, this step is taken on the operator's word.
    const access = await (await ctx.services.graph()).probeSignInLog(ctx.now());
    const lines = params.instructions.trimEnd().split('\n');
    const settings = Object.entries(params.settings).map(([k, v]) => `  ${k}: ${v}`);
    return {
      action: 'manual',
      summary: lines[0] ?? params.page,
      changes: [],
      calls: [],
      details: [
        ...lines,
        ...(settings.length ? ['Settings:', ...settings] : []),
        access.readable
          ? `then checked: ${params.appId} signs in (Entra service-principal sign-in log)`
          : `NOT VERIFIABLE here: ${access.message}; the operator's confirmation will be recorded as UNVERIFIED`,
      ],
    };
  },
  async apply(ctx, params) {
    const pp = await ctx.services.proofpoint();
    if (pp.sandboxPortal && !isUnknown(params.appId)) {
      const secret = await ctx.secrets.get(secretName(params.secretRef));
      if (secret === undefined)
        throw new InputError(`secret ${params.secretRef} is not in the secret store`, [], {
          hint: 'Re-run the app registration step so it stores a new secret.',
        });
      ctx.redactor.register(secret);
      await pp.sandboxPortal.save(params.page, {
        appId: params.appId,
        tenantId: params.tenantId,
        clientSecret: secret,
        settings: params.settings,
      });
    }
    const undo = {
      page: params.page,
      instructions:
        params.undoInstructions ??
        `Remove the ${params.page} configuration for app ${params.appId} in the Proofpoint portal.`,
    };
    const confirmedAt = ctx.now();
    // Kept so a resumed verify still searches from when the operator was asked.
    const waitingSince = (ctx.waitingSince ?? ctx.firstAttemptAt ?? confirmedAt).toISOString();
    return { outputs: { confirmedAt: confirmedAt.toISOString(), page: params.page, waitingSince }, undo };
  },
  async verify(ctx, params, outputs) {
    const times = [ctx.waitingSince, outputs.waitingSince, outputs.confirmedAt, ctx.firstAttemptAt, ctx.now()]
      .map((t) => (t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : NaN))
      .filter((t) => !Number.isNaN(t));
    // From when the operator was asked (the portal's test connection comes before the
    // confirmation), less a margin for the skew between our clock and Entra's.
    const since = new Date(Math.min(...times) - CLOCK_SKEW_MS);
    return verifySignIn(ctx, {
      appId: params.appId,
      page: params.page,
      since,
      withinSeconds: params.signInWithinSeconds,
    });
  },
  async undo(ctx, record) {
    const pp = await ctx.services.proofpoint();
    const page = record.page === 'trap' ? 'trap' : 'directory-sync';
    if (pp.sandboxPortal) await pp.sandboxPortal.clear(page);
    if (typeof record.instructions === 'string') ctx.log.warn(`revert by hand: ${record.instructions}`);
  },
});
