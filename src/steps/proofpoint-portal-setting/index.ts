// `proofpoint.portal-setting`: a Proofpoint portal page with no API (Directory Sync, the TRAP
// wizard). The operator gets the exact values to enter; afterwards the step checks from outside
// that Proofpoint uses the app: the app's sign-in in Entra's sign-in log. In the sandbox the
// emulated portal page is saved on confirmation (the sandbox has no person to click); against a
// real tenant the adapter has no portal, so nothing pretends the page was set.
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { defineStep, isUnknown, type StepContext } from '../contract.ts';

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

const POLL_MS = 30_000;

function secretName(ref: string): string {
  // `file:proofpoint-directory-sync` -> `proofpoint-directory-sync`
  return ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
}

async function signedInSince(ctx: StepContext, appId: string, since: Date): Promise<string | undefined> {
  const graph = await ctx.services.graph();
  // Filtered here rather than with `createdDateTime ge`, which not every sign-in log endpoint accepts.
  const signIns = await graph.listSignInsForApp(appId);
  const first = signIns.find(
    (s) => Date.parse(s.createdDateTime) >= since.getTime() && (!s.status || s.status.errorCode === 0),
  );
  return first?.createdDateTime;
}

export const proofpointPortalSettingStep = defineStep<ProofpointPortalParams>({
  type: 'proofpoint.portal-setting',
  description:
    'A Proofpoint portal page without API: exact values for the operator, then verify the app signed in.',
  params: ProofpointPortalParams,
  outputs: ['confirmedAt', 'page'],
  mutating: true,
  // verify reads the app's sign-ins from Entra's sign-in log.
  requires: { graph: ['AuditLog.Read.All'] },
  async plan(_ctx, params) {
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
        `then checked: ${params.appId} signs in to Microsoft Graph`,
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
    return { outputs: { confirmedAt: ctx.now().toISOString(), page: params.page }, undo };
  },
  async verify(ctx, params, outputs) {
    const confirmed =
      typeof outputs.confirmedAt === 'string' ? Date.parse(outputs.confirmedAt) : ctx.now().getTime();
    // From when the operator was asked: the portal's test connection may come before the confirmation.
    const since = new Date(Math.min(confirmed, (ctx.firstAttemptAt ?? ctx.now()).getTime()) - 300_000);
    const deadline = ctx.now().getTime() + params.signInWithinSeconds * 1000;
    for (;;) {
      const at = await signedInSince(ctx, params.appId, since);
      if (at)
        return {
          ok: true,
          checks: [`app ${params.appId} signed in at ${at} (Proofpoint ${params.page} is using it)`],
        };
      const left = deadline - ctx.now().getTime();
      if (left <= 0) break;
      ctx.log.progress(`waiting for app ${params.appId} to sign in (${Math.ceil(left / 1000)} s left)`);
      await ctx.sleep(Math.min(POLL_MS, left));
    }
    return {
      ok: false,
      checks: [
        `no sign-in of app ${params.appId} since ${since.toISOString()}: check the values entered in Proofpoint (${params.page})`,
      ],
    };
  },
  async undo(ctx, record) {
    const pp = await ctx.services.proofpoint();
    const page = record.page === 'trap' ? 'trap' : 'directory-sync';
    if (pp.sandboxPortal) await pp.sandboxPortal.clear(page);
    if (typeof record.instructions === 'string') ctx.log.warn(`revert by hand: ${record.instructions}`);
  },
});
