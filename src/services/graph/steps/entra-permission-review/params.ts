// `with:` of entra.permission-review: the app registrations a later phase will create, each with
// the application permissions it will be granted. Strict: unknown keys are errors.
import { z } from 'zod';
import { MICROSOFT_GRAPH_APP_ID } from '../entra-app-registration/params.ts';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ReviewedApp = z
  .strictObject({
    displayName: z.string().trim().min(1).max(256),
    permissions: z.array(z.string().min(1)).min(1),
    /** Why the app needs these permissions, shown to the reviewer. */
    purpose: z.string().min(1).optional(),
  })
  .refine((a) => new Set(a.permissions).size === a.permissions.length, {
    message: 'permissions lists a permission twice',
    path: ['permissions'],
  });

export const EntraPermissionReviewParams = z.strictObject({
  /** appId of the API the permissions belong to; Microsoft Graph unless set. */
  resource: z.string().regex(guid, 'an appId (GUID)').default(MICROSOFT_GRAPH_APP_ID),
  apps: z.array(ReviewedApp).min(1),
});
export type EntraPermissionReviewParams = z.output<typeof EntraPermissionReviewParams>;
