// The Graph adapter's public face: typed, validated operations the steps use. Built from one
// module per resource over a shared GraphHttp (SDK request building + our HTTP policy).
import type { TokenCredential } from '@azure/identity';
import type { Redactor } from '../../../redact.ts';
import type { HttpPolicy } from '../../../core/http/index.ts';
import { appRoleAssignmentsApi } from './app-role-assignments.ts';
import { applicationsApi } from './applications.ts';
import { batchApi } from './batch.ts';
import { directoryReadsApi } from './directory-reads.ts';
import { directoryRolesApi } from './directory-roles.ts';
import { messageTracesApi } from './message-traces.ts';
import { GraphHttp } from './http.ts';
import { intuneAppsApi } from './intune-apps.ts';
import { intuneCategoriesApi } from './intune-categories.ts';
import { intuneReportsApi } from './intune-reports.ts';
import { intuneUploadApi } from './intune-upload.ts';
import { passwordsApi } from './passwords.ts';
import { servicePrincipalsApi } from './service-principals.ts';
import { signInLogApi } from './sign-in-log.ts';

export type { ApplicationWrite } from './applications.ts';
export type { AppRoleGrant } from './app-role-assignments.ts';
export type { BatchRequest } from './batch.ts';
export type { DirectoryRoleGrant } from './directory-roles.ts';
export type { ContentFileWrite, Win32DetectionRule, Win32LobAppWrite } from './intune-apps.ts';
export type { ContentUpload, UploadTiming } from './intune-upload.ts';
export type { MobileAppCategory } from './intune-categories.ts';
export type { DeviceInstallStatus } from './intune-reports.ts';
export type { ManagedDevice, MobileAppAssignment, Win32LobApp } from './intune-schema.ts';
export type {
  ExchangeMessageTrace,
  ExchangeMessageTraceDetail,
  MessageTraceFilter,
} from './message-traces.ts';
export type { NewPassword } from './passwords.ts';
export type { ServicePrincipalSignIn, SignInLogAccess } from './sign-in-log.ts';
export type {
  AddedPassword,
  Application,
  AppRole,
  AppRoleAssignment,
  BatchItemResponse,
  Group,
  PasswordCredential,
  RequiredResourceAccess,
  RoleAssignment,
  RoleDefinition,
  ServicePrincipal,
  SignIn,
} from './schema.ts';

export type GraphClient = ReturnType<typeof applicationsApi> &
  ReturnType<typeof servicePrincipalsApi> &
  ReturnType<typeof appRoleAssignmentsApi> &
  ReturnType<typeof passwordsApi> &
  ReturnType<typeof directoryRolesApi> &
  ReturnType<typeof directoryReadsApi> &
  ReturnType<typeof signInLogApi> &
  ReturnType<typeof messageTracesApi> &
  ReturnType<typeof batchApi> &
  ReturnType<typeof intuneAppsApi> &
  ReturnType<typeof intuneCategoriesApi> &
  ReturnType<typeof intuneUploadApi> &
  ReturnType<typeof intuneReportsApi>;

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com, or the sandbox's `${url}/graph`. */
  baseUrl: string;
  credential: TokenCredential;
  policy: HttpPolicy;
  redactor: Redactor;
  /** Token scope; defaults to `https://graph.microsoft.com/.default` (also in the sandbox). */
  scope?: string;
}

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const http = new GraphHttp(options.baseUrl, {
    credential: options.credential,
    scope: options.scope ?? GRAPH_SCOPE,
    policy: options.policy,
    redactor: options.redactor,
  });
  return {
    ...applicationsApi(http),
    ...servicePrincipalsApi(http),
    ...appRoleAssignmentsApi(http),
    ...passwordsApi(http, options.redactor),
    ...directoryRolesApi(http),
    ...directoryReadsApi(http),
    // Service-principal sign-ins exist only in beta (sign-in-log.ts says why).
    ...signInLogApi(
      new GraphHttp(
        options.baseUrl,
        {
          credential: options.credential,
          scope: options.scope ?? GRAPH_SCOPE,
          policy: options.policy,
          redactor: options.redactor,
        },
        'beta',
      ),
    ),
    ...messageTracesApi(http),
    ...batchApi(http, options.policy),
    ...intuneApi(options),
  };
}

/** Intune calls: v1.0 for apps and devices, beta for the install status report and category references. */
function intuneApi(options: GraphClientOptions) {
  const deps = {
    credential: options.credential,
    scope: options.scope ?? GRAPH_SCOPE,
    policy: options.policy,
    redactor: options.redactor,
  };
  const http = new GraphHttp(options.baseUrl, deps);
  const apps = intuneAppsApi(http);
  return {
    ...apps,
    ...intuneCategoriesApi(http, new GraphHttp(options.baseUrl, deps, 'beta'), options.baseUrl),
    ...intuneUploadApi(apps, options.policy, options.redactor),
    ...intuneReportsApi(http, new GraphHttp(options.baseUrl, deps, 'beta'), options.baseUrl),
  };
}
