// The Graph adapter's public face: typed, validated operations the steps use. Built from one
// module per resource over a shared GraphHttp (SDK request building + our HTTP policy).
import type { TokenCredential } from '@azure/identity';
import type { Redactor } from '../../redact.ts';
import type { HttpPolicy } from '../http/index.ts';
import { appRoleAssignmentsApi } from './app-role-assignments.ts';
import { applicationsApi } from './applications.ts';
import { batchApi } from './batch.ts';
import { directoryReadsApi } from './directory-reads.ts';
import { directoryRolesApi } from './directory-roles.ts';
import { GraphHttp } from './http.ts';
import { passwordsApi } from './passwords.ts';
import { servicePrincipalsApi } from './service-principals.ts';

export type { ApplicationWrite } from './applications.ts';
export type { AppRoleGrant } from './app-role-assignments.ts';
export type { BatchRequest } from './batch.ts';
export type { DirectoryRoleGrant } from './directory-roles.ts';
export type { NewPassword } from './passwords.ts';
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
  ReturnType<typeof batchApi>;

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
    ...batchApi(http, options.policy),
  };
}
