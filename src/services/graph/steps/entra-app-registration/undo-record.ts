// What one apply added or changed: exactly what undo removes or restores. Never a secret value.
import { z } from 'zod';
import { RequiredResourceAccess } from '../../client/schema.ts';

export const AppRegistrationUndo = z.object({
  appObjectId: z.string(),
  appId: z.string(),
  createdApplication: z.boolean(),
  /** Manifest and name before this run changed them (null when unchanged or created). */
  previousApplication: z
    .object({ displayName: z.string(), requiredResourceAccess: z.array(RequiredResourceAccess) })
    .nullable(),
  servicePrincipalId: z.string(),
  createdServicePrincipal: z.boolean(),
  resourceServicePrincipalId: z.string(),
  addedAssignmentIds: z.array(z.string()),
  revokedAppRoleIds: z.array(z.string()),
  addedSecret: z.object({ keyId: z.string(), storeName: z.string(), storeHadValue: z.boolean() }).nullable(),
  addedRoleAssignmentId: z.string().nullable(),
});
export type AppRegistrationUndo = z.infer<typeof AppRegistrationUndo>;
