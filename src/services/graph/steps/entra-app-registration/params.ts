// `with:` of entra.app-registration. Strict: unknown keys are errors in a runbook.
import { z } from 'zod';

/** Microsoft Graph's appId, the same in every tenant (microsoft-api-notes §1.1). */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export const MAX_SECRET_DAYS = 730;

export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SecretParams = z.strictObject({
  store: z.enum(['file']).optional(),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, dot, dash, underscore'),
  expiresInDays: z.int().min(1).max(MAX_SECRET_DAYS).default(180),
});

export const EntraAppRegistrationParams = z
  .strictObject({
    displayName: z.string().trim().min(1).max(256),
    /** Stable identity across runs; Graph's alternate key for upsert. */
    uniqueName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,119}$/, 'lower-case letters, digits and dashes')
      .optional(),
    /** appId of the API the permissions belong to. */
    resource: z.string().regex(guid, 'an appId (GUID)').default(MICROSOFT_GRAPH_APP_ID),
    applicationPermissions: z.array(z.string().min(1)).default([]),
    adminConsent: z.boolean().default(true),
    secret: SecretParams.optional(),
    /** A directory role's display name (e.g. "Exchange Administrator") or template id. */
    directoryRole: z.string().min(1).optional(),
  })
  .transform((p) => ({ ...p, uniqueName: p.uniqueName ?? kebabCase(p.displayName) }))
  .refine((p) => p.uniqueName.length > 0, {
    message: 'uniqueName cannot be derived from displayName; set it',
    path: ['uniqueName'],
  })
  .refine((p) => new Set(p.applicationPermissions).size === p.applicationPermissions.length, {
    message: 'applicationPermissions lists a permission twice',
    path: ['applicationPermissions'],
  });

export type EntraAppRegistrationParams = z.output<typeof EntraAppRegistrationParams>;

export function isGuid(text: string): boolean {
  return guid.test(text);
}

/** The passwordCredential displayName that marks a secret as ours, by its store name. */
export function secretDisplayName(secretName: string): string {
  return `sop-integrate:${secretName}`;
}

/** Written into the app's and SP's notes, so a resumed run recognises objects it created. */
export function creatorNote(runId: string, stepId: string): string {
  return `Created by sop-integrate run ${runId} step ${stepId}`;
}
