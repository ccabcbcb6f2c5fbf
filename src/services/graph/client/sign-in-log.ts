// Service-principal sign-ins: how the tool checks from outside that Proofpoint uses an app.
//
// Why beta: v1.0 `GET /auditLogs/signIns` lists user sign-ins only, and the v1.0 signIn type has
// no `signInEventTypes` (reference/graph/v1.0-metadata.xml). Proofpoint's apps sign in with client
// credentials, which are service-principal sign-ins; Learn "List signIns" (beta,
// https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta) reads them with
// `$filter=signInEventTypes/any(t: t eq 'servicePrincipal')`, and Learn "What are service
// principal sign-ins" (entra/identity/monitoring-health/concept-service-principal-sign-ins) names
// "An application uses a client secret to authenticate in the OAuth Client Credentials flow".
// Both need AuditLog.Read.All (+ Directory.Read.All, the known issue on that page) and an Entra ID
// P1/P2 licence; without it Graph answers 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant
// "Neither tenant is B2C or tenant doesn't have premium license"
// (microsoftgraph/microsoft-graph-docs#4336 on the beta signin-list page; turbot/steampipe-plugin-azuread#98).
import { isSopError, ServiceError } from '../../../errors.ts';
import { odataString, type GraphHttp } from './http.ts';
import { z } from 'zod';
import { Page } from './schema.ts';

/** The beta signIn fields the check reads (Learn, beta signIn resource type). */
export const ServicePrincipalSignIn = z.object({
  id: z.string(),
  appId: z.string(),
  createdDateTime: z.string(),
  servicePrincipalId: z.string().nullable().optional().catch(null),
  servicePrincipalName: z.string().nullable().optional().catch(null),
  signInEventTypes: z.array(z.string()).optional().catch(undefined),
  status: z
    .object({ errorCode: z.number().catch(0) })
    .nullable()
    .optional()
    .catch(null),
});
export type ServicePrincipalSignIn = z.infer<typeof ServicePrincipalSignIn>;

export const NON_PREMIUM_TENANT = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
export const REQUEST_DENIED = 'Authorization_RequestDenied';

/** Why the sign-in log cannot be read, in words an operator can act on. */
export type SignInLogAccess =
  { readable: true } | { readable: false; reason: 'licence' | 'permission'; message: string };

/** A 403 that says the log is closed to us (licence or permission); anything else is not. */
export function signInLogDenial(error: unknown): SignInLogAccess | undefined {
  if (!isSopError(error) || !(error instanceof ServiceError) || error.kind !== 'forbidden') return undefined;
  if (error.details.vendorCode === NON_PREMIUM_TENANT)
    return {
      readable: false,
      reason: 'licence',
      message:
        'the tenant has no Microsoft Entra ID P1/P2 licence, which Graph requires to read sign-in logs (403 ' +
        `${NON_PREMIUM_TENANT})`,
    };
  return {
    readable: false,
    reason: 'permission',
    message: `the tool's identity may not read sign-in logs: grant AuditLog.Read.All and Directory.Read.All with admin consent (403 ${error.details.vendorCode ?? REQUEST_DENIED})`,
  };
}

function filterFor(options: { appId?: string; since: Date }): string {
  const clauses = ["signInEventTypes/any(t: t eq 'servicePrincipal')"];
  if (options.appId !== undefined) clauses.push(`appId eq ${odataString(options.appId)}`);
  // Server-side time filter: the log holds every token the app ever got (e.g. a sync every 6 h).
  clauses.push(`createdDateTime ge ${options.since.toISOString()}`);
  return clauses.join(' and ');
}

export function signInLogApi(beta: GraphHttp) {
  const list = (options: { appId?: string; since: Date; top?: number }) =>
    beta.listAll(
      {
        operation: 'signIns.listServicePrincipal',
        method: 'GET',
        path: '/auditLogs/signIns',
        query: { $filter: filterFor(options), ...(options.top ? { $top: String(options.top) } : {}) },
      },
      ServicePrincipalSignIn,
    );
  return {
    /** Client-credential sign-ins of an app since a moment, newest first (beta, P1/P2). */
    listServicePrincipalSignIns: (appId: string, since: Date) => list({ appId, since }),

    /** One cheap read that tells whether this tenant and identity can see the sign-in log at all. */
    async probeSignInLog(now: Date): Promise<SignInLogAccess> {
      try {
        // One page of one item: the answer's content does not matter, only whether it is allowed.
        await beta.json(
          {
            operation: 'signIns.probe',
            method: 'GET',
            path: '/auditLogs/signIns',
            query: { $filter: filterFor({ since: now }), $top: '1' },
          },
          Page(ServicePrincipalSignIn),
        );
        return { readable: true };
      } catch (error) {
        const denial = signInLogDenial(error);
        if (denial) return denial;
        throw error;
      }
    },
  };
}
