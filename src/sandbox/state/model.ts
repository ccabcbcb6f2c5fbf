// The sandbox's whole state as plain JSON: typed collections keyed by id, one section per area.
// Directory records are stored exactly in the shape Graph returns them, so serving them needs no
// mapping and the fidelity harness can check stored and served shapes alike.
import type { ExchangeState } from '../../services/exchange/emulator/model.ts';
import type { IntuneState } from '../../services/graph/emulator/intune/model.ts';
import type { NinjaOneState } from '../../services/ninjaone/emulator/model.ts';
import { DNS_VOLATILE_COLLECTIONS, type DnsState } from '../../services/dns/emulator/model.ts';
import {
  PROOFPOINT_VOLATILE_COLLECTIONS,
  type ProofpointState,
} from '../../services/proofpoint/emulator/model.ts';
import { KEY_VAULT_VOLATILE_COLLECTIONS, type KeyVaultState } from '../keyvault/model.ts';
import { MAIL_VOLATILE_COLLECTIONS, type MailState } from '../mail/model.ts';

export interface PasswordCredentialRecord {
  customKeyIdentifier: null;
  displayName: string | null;
  endDateTime: string;
  hint: string;
  keyId: string;
  /** Always null once stored: the value is returned once by addPassword and kept only as a hash. */
  secretText: null;
  startDateTime: string;
}

export interface AppRoleRecord {
  allowedMemberTypes: string[];
  description: string;
  displayName: string;
  id: string;
  isEnabled: boolean;
  origin: string;
  value: string;
}

export interface RequiredResourceAccessRecord {
  resourceAppId: string;
  resourceAccess: Array<{ id: string; type: string }>;
}

/** Properties a client may set beyond the typed ones (validated against the schema first). */
type OpenProperties = Record<string, unknown>;

export type ApplicationRecord = OpenProperties & {
  id: string;
  deletedDateTime: string | null;
  appId: string;
  createdDateTime: string;
  displayName: string;
  description: string | null;
  uniqueName: string | null;
  signInAudience: string;
  publisherDomain: string;
  identifierUris: string[];
  tags: string[];
  notes: string | null;
  appRoles: AppRoleRecord[];
  requiredResourceAccess: RequiredResourceAccessRecord[];
  keyCredentials: unknown[];
  passwordCredentials: PasswordCredentialRecord[];
};

export type ServicePrincipalRecord = OpenProperties & {
  id: string;
  deletedDateTime: string | null;
  accountEnabled: boolean;
  appId: string;
  appDisplayName: string;
  appDescription: string | null;
  appOwnerOrganizationId: string;
  appRoleAssignmentRequired: boolean;
  appRoles: AppRoleRecord[];
  description: string | null;
  displayName: string;
  notes: string | null;
  passwordCredentials: PasswordCredentialRecord[];
  keyCredentials: unknown[];
  servicePrincipalNames: string[];
  servicePrincipalType: string;
  signInAudience: string;
  tags: string[];
};

export interface AppRoleAssignmentRecord {
  id: string;
  deletedDateTime: null;
  appRoleId: string;
  createdDateTime: string;
  principalDisplayName: string;
  principalId: string;
  principalType: string;
  resourceDisplayName: string;
  resourceId: string;
}

export interface RoleDefinitionRecord {
  id: string;
  description: string;
  displayName: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  resourceScopes: string[];
  rolePermissions: Array<{ allowedResourceActions: string[]; condition: string | null }>;
  templateId: string;
  version: string;
}

export interface RoleAssignmentRecord {
  id: string;
  appScopeId: string | null;
  condition: string | null;
  directoryScopeId: string;
  principalId: string;
  roleDefinitionId: string;
}

export interface UserRecord {
  id: string;
  deletedDateTime: null;
  accountEnabled: boolean;
  displayName: string;
  givenName: string;
  surname: string;
  jobTitle: string;
  department: string;
  mail: string;
  userPrincipalName: string;
  userType: string;
}

export interface GroupRecord {
  id: string;
  deletedDateTime: null;
  createdDateTime: string;
  description: string;
  displayName: string;
  groupTypes: string[];
  isAssignableToRole: boolean;
  mail: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  securityEnabled: boolean;
  visibility: string | null;
}

export interface SignInRecord {
  id: string;
  createdDateTime: string;
  appId: string;
  appDisplayName: string;
  clientAppUsed: string;
  correlationId: string;
  ipAddress: string;
  isInteractive: boolean;
  resourceDisplayName: string;
  resourceId: string;
  servicePrincipalId: string;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  /** beta only (v1.0 lacks it); absent in older state files, whose entries are all client-credential sign-ins. */
  signInEventTypes?: string[];
}

export type DeletableKind = 'application' | 'servicePrincipal';

/** A soft-deleted object and what went with it, so restore can bring it back whole. */
export interface DeletedItemRecord {
  kind: DeletableKind;
  deletedDateTime: string;
  object: ApplicationRecord | ServicePrincipalRecord;
  /** Assignments removed together with a service principal. */
  appRoleAssignments: AppRoleAssignmentRecord[];
  roleAssignments: RoleAssignmentRecord[];
}

export interface DirectoryState {
  users: Record<string, UserRecord>;
  groups: Record<string, GroupRecord>;
  applications: Record<string, ApplicationRecord>;
  servicePrincipals: Record<string, ServicePrincipalRecord>;
  appRoleAssignments: Record<string, AppRoleAssignmentRecord>;
  roleDefinitions: Record<string, RoleDefinitionRecord>;
  roleAssignments: Record<string, RoleAssignmentRecord>;
  deletedItems: Record<string, DeletedItemRecord>;
  signIns: Record<string, SignInRecord>;
}

export interface IssuedToken {
  appId: string;
  /** Resource the token is for: 'https://graph.microsoft.com' or 'https://outlook.office365.com'. */
  resource: string;
  roles: string[];
  issuedAt: number;
  expiresAt: number;
}

export interface IdentityState {
  /** sha256(secret) per password credential keyId; never the secret itself. */
  secretHashes: Record<string, { applicationId: string; sha256: string }>;
  /** Issued tokens keyed by sha256(token). */
  tokens: Record<string, IssuedToken>;
}

export interface TenantRecord {
  id: string;
  displayName: string;
  verifiedDomains: Array<{
    capabilities: string;
    isDefault: boolean;
    isInitial: boolean;
    name: string;
    type: string;
  }>;
  automationAppId: string;
  /** Microsoft Entra ID P1/P2: needed to read sign-in logs through Graph. Absent = licensed. */
  entraIdPremium?: boolean;
}

export interface SandboxState {
  version: 1;
  seed: number;
  /** Bookkeeping that never shows in a diff. */
  meta: { idCounter: number };
  tenant: TenantRecord;
  directory: DirectoryState;
  identity: IdentityState;
  /** Exchange Online admin objects and message trace (src/services/exchange/emulator/model.ts). */
  exchange: ExchangeState;
  /** NinjaOne and Intune (src/services/ninjaone/emulator, src/services/graph/emulator/intune); seeded at start when absent. */
  ninjaone?: NinjaOneState;
  intune?: IntuneState;
  /** Zones served by the loopback DNS server and the Cloudflare-compatible API (src/services/dns/emulator). */
  dns?: DnsState;
  /** Essentials org, PoD portal settings and mail log (src/services/proofpoint/emulator). */
  proofpoint?: ProofpointState;
  /** Azure Key Vault secrets (src/sandbox/keyvault); created on first use. */
  keyvault?: KeyVaultState;
  /** Mailboxes and the log of the mail simulation (src/sandbox/mail); created on first send. */
  mail?: MailState;
}

/** Sections and collections the diff treats as volatile bookkeeping. */
export const VOLATILE_COLLECTIONS = new Set([
  'identity.tokens',
  'identity.secretHashes',
  // Message trace is a log the mail simulation appends to, not configuration a rollback restores.
  'exchange.messageTraces',
  // Remote actions append to the NinjaOne activity log; it is history, not configuration.
  'ninjaone.activities',
  ...DNS_VOLATILE_COLLECTIONS,
  ...PROOFPOINT_VOLATILE_COLLECTIONS,
  ...KEY_VAULT_VOLATILE_COLLECTIONS,
  ...MAIL_VOLATILE_COLLECTIONS,
]);
export const SIGN_IN_COLLECTION = 'directory.signIns';
