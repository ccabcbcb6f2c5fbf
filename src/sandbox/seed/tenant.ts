// The seeded tenant: a believable small company whose ids all derive from the seed.
import { seededClientSecret, seededOpaqueId, seededUuid, sha256Hex } from '../ids.ts';
import type {
  AppRoleAssignmentRecord,
  ApplicationRecord,
  GroupRecord,
  SandboxState,
  ServicePrincipalRecord,
  UserRecord,
} from '../state/model.ts';
import {
  AUTOMATION_EXCHANGE_ROLES,
  AUTOMATION_GRAPH_ROLES,
  EXCHANGE_APP_ID,
  EXCHANGE_APP_ROLES,
  GRAPH_APP_ID,
  GRAPH_APP_ROLES,
} from './first-party-roles.ts';
import { EXCHANGE_ADMINISTRATOR_ID, ROLE_TEMPLATES } from './role-templates.ts';
import { seedExchange } from '../../services/exchange/emulator/seed.ts';

export const DEFAULT_DOMAIN = 'contoso.example';
export const AUTOMATION_APP_NAME = 'sop-integrate automation (sandbox)';
/** First-party apps live in Microsoft's own tenant. */
const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const SEEDED_AT = '2026-01-05T09:30:00Z';

const PEOPLE: Array<[given: string, surname: string, jobTitle: string, department: string]> = [
  ['Priya', 'Raman', 'IT Director', 'IT'],
  ['Tomasz', 'Kowalczyk', 'Systems Engineer', 'IT'],
  ['Amara', 'Okafor', 'Security Analyst', 'Security'],
  ['Henrik', 'Lund', 'CTO', 'Leadership'],
  ['Sofia', 'Marquez', 'Office Manager', 'Operations'],
  ['Jun', 'Watanabe', 'Help Desk Technician', 'IT'],
];

const GROUPS: Array<[name: string, description: string, security: boolean, unified: boolean]> = [
  ['NinjaOne Rollout Devices', 'Devices that receive the NinjaOne agent through Intune.', true, false],
  ['IT Operations', 'IT staff who run change windows.', true, false],
  ['Security Team', 'Reviewers of permission grants.', true, false],
  ['All Staff', 'Everyone in the company.', false, true],
];

function users(seed: number): UserRecord[] {
  return PEOPLE.map(([given, surname, jobTitle, department]) => {
    const upn = `${given}.${surname}@${DEFAULT_DOMAIN}`.toLowerCase();
    return {
      id: seededUuid(seed, `user:${upn}`),
      deletedDateTime: null,
      accountEnabled: true,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      jobTitle,
      department,
      mail: upn,
      userPrincipalName: upn,
      userType: 'Member',
    };
  });
}

function groups(seed: number): GroupRecord[] {
  return GROUPS.map(([name, description, security, unified]) => {
    const nick = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      id: seededUuid(seed, `group:${name}`),
      deletedDateTime: null,
      createdDateTime: SEEDED_AT,
      description,
      displayName: name,
      groupTypes: unified ? ['Unified'] : [],
      isAssignableToRole: false,
      mail: unified ? `${nick}@${DEFAULT_DOMAIN}` : null,
      mailEnabled: unified,
      mailNickname: nick,
      securityEnabled: security,
      visibility: unified ? 'Private' : null,
    };
  });
}

function firstPartyPrincipal(
  seed: number,
  appId: string,
  displayName: string,
  roles: ServicePrincipalRecord['appRoles'],
  extraNames: string[],
): ServicePrincipalRecord {
  return {
    id: seededUuid(seed, `sp:${appId}`),
    deletedDateTime: null,
    accountEnabled: true,
    appId,
    appDisplayName: displayName,
    appDescription: null,
    appOwnerOrganizationId: MICROSOFT_TENANT_ID,
    appRoleAssignmentRequired: false,
    appRoles: roles,
    description: null,
    displayName,
    notes: null,
    passwordCredentials: [],
    keyCredentials: [],
    servicePrincipalNames: [appId, ...extraNames],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    tags: [],
  };
}

function automationApp(seed: number, tenantId: string): [ApplicationRecord, ServicePrincipalRecord] {
  const appId = seededUuid(seed, 'automation-app-id');
  const app: ApplicationRecord = {
    id: seededUuid(seed, 'automation-app'),
    deletedDateTime: null,
    appId,
    createdDateTime: SEEDED_AT,
    displayName: AUTOMATION_APP_NAME,
    description: 'Identity sop-integrate uses to call Microsoft Graph and Exchange Online.',
    uniqueName: 'sop-integrate-automation',
    signInAudience: 'AzureADMyOrg',
    publisherDomain: DEFAULT_DOMAIN,
    identifierUris: [],
    tags: [],
    notes: null,
    appRoles: [],
    requiredResourceAccess: [],
    keyCredentials: [],
    passwordCredentials: [
      {
        customKeyIdentifier: null,
        displayName: 'sandbox automation secret',
        endDateTime: '2099-01-01T00:00:00Z',
        hint: seededClientSecret(seed).slice(0, 3),
        keyId: seededUuid(seed, 'automation-secret-key'),
        secretText: null,
        startDateTime: SEEDED_AT,
      },
    ],
  };
  const sp: ServicePrincipalRecord = {
    ...firstPartyPrincipal(seed, appId, AUTOMATION_APP_NAME, [], []),
    id: seededUuid(seed, 'automation-sp'),
    appOwnerOrganizationId: tenantId,
    signInAudience: 'AzureADMyOrg',
  };
  return [app, sp];
}

function grant(
  seed: number,
  principal: ServicePrincipalRecord,
  resource: ServicePrincipalRecord,
  value: string,
): AppRoleAssignmentRecord {
  const appRole = resource.appRoles.find((r) => r.value === value);
  if (!appRole) throw new RangeError(`seed: ${resource.displayName} has no app role ${value}`);
  return {
    id: seededOpaqueId(seed, `grant:${principal.id}:${appRole.id}`),
    deletedDateTime: null,
    appRoleId: appRole.id,
    createdDateTime: SEEDED_AT,
    principalDisplayName: principal.displayName,
    principalId: principal.id,
    principalType: 'ServicePrincipal',
    resourceDisplayName: resource.displayName,
    resourceId: resource.id,
  };
}

function byId<T extends { id: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.id, item]));
}

export function seedTenant(seed: number): SandboxState {
  const tenantId = seededUuid(seed, 'tenant');
  const graph = firstPartyPrincipal(seed, GRAPH_APP_ID, 'Microsoft Graph', GRAPH_APP_ROLES, [
    'https://graph.microsoft.com',
  ]);
  const exchange = firstPartyPrincipal(
    seed,
    EXCHANGE_APP_ID,
    'Office 365 Exchange Online',
    EXCHANGE_APP_ROLES,
    ['https://outlook.office365.com'],
  );
  const [app, sp] = automationApp(seed, tenantId);
  const grants = [
    ...AUTOMATION_GRAPH_ROLES.map((value) => grant(seed, sp, graph, value)),
    ...AUTOMATION_EXCHANGE_ROLES.map((value) => grant(seed, sp, exchange, value)),
  ];
  const exchangeAdmin = {
    id: seededOpaqueId(seed, `role:${sp.id}:${EXCHANGE_ADMINISTRATOR_ID}`),
    appScopeId: null,
    condition: null,
    directoryScopeId: '/',
    principalId: sp.id,
    roleDefinitionId: EXCHANGE_ADMINISTRATOR_ID,
  };
  const verifiedDomains: SandboxState['tenant']['verifiedDomains'] = [
    {
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: true,
      isInitial: false,
      name: DEFAULT_DOMAIN,
      type: 'Managed',
    },
    {
      capabilities: 'Email',
      isDefault: false,
      isInitial: false,
      name: 'fabrikam.example',
      type: 'Managed',
    },
    {
      capabilities: 'Email',
      isDefault: false,
      isInitial: true,
      name: 'contosoexample.onmicrosoft.com',
      type: 'Managed',
    },
  ];
  return {
    version: 1,
    seed,
    meta: { idCounter: 0 },
    tenant: {
      id: tenantId,
      displayName: 'Contoso Example Ltd',
      verifiedDomains,
      automationAppId: app.appId,
    },
    directory: {
      users: byId(users(seed)),
      groups: byId(groups(seed)),
      applications: byId([app]),
      servicePrincipals: byId([graph, exchange, sp]),
      appRoleAssignments: byId(grants),
      roleDefinitions: byId(ROLE_TEMPLATES.map((r) => structuredClone(r))),
      roleAssignments: byId([exchangeAdmin]),
      deletedItems: {},
      signIns: {},
    },
    identity: {
      secretHashes: {
        [seededUuid(seed, 'automation-secret-key')]: {
          applicationId: app.id,
          sha256: sha256Hex(seededClientSecret(seed)),
        },
      },
      tokens: {},
    },
    exchange: seedExchange(seed, verifiedDomains),
  };
}
