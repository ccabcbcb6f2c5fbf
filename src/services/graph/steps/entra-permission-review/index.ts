// entra.permission-review: read-only. The app registrations a later phase will create and the
// application permissions each gets, with what each permission allows (the resource's appRoles
// descriptions, read at run time), for the Security team's review gate. Changes nothing.
import { defineStep } from '../../../../steps/contract.ts';
import { EntraPermissionReviewParams } from './params.ts';
import { reviewLines, reviewOutputs, reviewPermissions } from './review.ts';

export const entraPermissionReviewStep = defineStep<EntraPermissionReviewParams>({
  type: 'entra.permission-review',
  description:
    'Show the application permissions planned app registrations will get, with what each allows, for a security review',
  params: EntraPermissionReviewParams,
  outputs: ['resource', 'apps'],
  mutating: false,
  // Reads the resource API's service principal (its appRoles).
  requires: { graph: ['Application.Read.All'] },
  async plan(ctx, params) {
    const review = await reviewPermissions(ctx, params);
    const count = review.apps.reduce((n, a) => n + a.permissions.length, 0);
    return {
      action: 'noop',
      summary: `review ${count} ${review.resource.displayName} application permission(s) of ${review.apps.map((a) => a.displayName).join(', ')}`,
      changes: [],
      calls: [
        {
          service: 'graph',
          method: 'GET',
          target: `/servicePrincipals(appId='${params.resource}')?$select=appRoles`,
        },
      ],
      details: reviewLines(review),
      knownOutputs: reviewOutputs(review),
    };
  },
  async apply(ctx, params) {
    return { outputs: reviewOutputs(await reviewPermissions(ctx, params)), undo: null };
  },
  async verify(ctx, params) {
    // Still resolvable now: every permission exists as an application role of the resource.
    const review = await reviewPermissions(ctx, params);
    return {
      ok: true,
      checks: review.apps.map(
        (a) =>
          `ok: ${a.displayName}: ${a.permissions.map((p) => p.name).join(', ')} are application permissions of ${review.resource.displayName}`,
      ),
    };
  },
});
