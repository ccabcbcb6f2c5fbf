// The ids that existed when the plan was made. Apply compares against it, so that after a crash
// and resume it still knows which objects this run added (they are absent from the baseline).
import { z } from 'zod';
import { RequiredResourceAccess } from '../../client/schema.ts';
import type { Observed } from './observe.ts';
import { secretDisplayName, type EntraAppRegistrationParams } from './params.ts';

export const Baseline = z.object({
  appObjectId: z.string().nullable(),
  appBefore: z
    .object({ displayName: z.string(), requiredResourceAccess: z.array(RequiredResourceAccess) })
    .nullable(),
  servicePrincipalId: z.string().nullable(),
  assignmentIds: z.array(z.string()),
  secretKeyIds: z.array(z.string()),
  secretInStore: z.boolean(),
  roleAssignmentId: z.string().nullable(),
});
export type Baseline = z.infer<typeof Baseline>;

export function baselineOf(observed: Observed, params: EntraAppRegistrationParams): Baseline {
  const marker = params.secret ? secretDisplayName(params.secret.name) : undefined;
  return {
    appObjectId: observed.app?.id ?? null,
    appBefore: observed.app
      ? { displayName: observed.app.displayName, requiredResourceAccess: observed.app.requiredResourceAccess }
      : null,
    servicePrincipalId: observed.servicePrincipal?.id ?? null,
    assignmentIds: observed.assignments.map((a) => a.id),
    secretKeyIds: (observed.app?.passwordCredentials ?? [])
      .filter((p) => p.displayName === marker)
      .map((p) => p.keyId),
    secretInStore: observed.secret?.inStore ?? false,
    roleAssignmentId: observed.roleAssignment?.id ?? null,
  };
}

/** The plan's baseline, or the given live one when the plan carries none (older saved plans). */
export function readBaseline(value: unknown, fallback: Baseline): Baseline {
  const parsed = Baseline.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export function byUniqueNamePath(uniqueName: string): string {
  return `/applications(uniqueName='${uniqueName}')`;
}
