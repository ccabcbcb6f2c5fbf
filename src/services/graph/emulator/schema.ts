// The Graph v1.0 types the sandbox serves, written down as facts (property name -> Edm type) from
// the service's $metadata. The sandbox validates request bodies and $select against this; its
// tests check every entry against ../shared/reference/graph/v1.0-metadata.xml.

export interface GraphTypeSchema {
  kind: 'entity' | 'complex';
  baseType?: string;
  properties: Record<string, string>;
  /** Server-managed: accepted in a body (SDKs echo them back) but never written. */
  readOnly?: string[];
}

const G = 'microsoft.graph.';
const str = 'Edm.String';
const bool = 'Edm.Boolean';
const guid = 'Edm.Guid';
const time = 'Edm.DateTimeOffset';
const strings = 'Collection(Edm.String)';

export const GRAPH_TYPES: Record<string, GraphTypeSchema> = {
  [`${G}entity`]: { kind: 'entity', properties: { id: str }, readOnly: ['id'] },
  [`${G}directoryObject`]: {
    kind: 'entity',
    baseType: `${G}entity`,
    properties: { deletedDateTime: time },
    readOnly: ['deletedDateTime'],
  },
  [`${G}application`]: {
    kind: 'entity',
    baseType: `${G}directoryObject`,
    properties: {
      appId: str,
      appRoles: `Collection(${G}appRole)`,
      createdDateTime: time,
      description: str,
      displayName: str,
      identifierUris: strings,
      keyCredentials: `Collection(${G}keyCredential)`,
      notes: str,
      passwordCredentials: `Collection(${G}passwordCredential)`,
      publisherDomain: str,
      requiredResourceAccess: `Collection(${G}requiredResourceAccess)`,
      serviceManagementReference: str,
      signInAudience: str,
      tags: strings,
      uniqueName: str,
    },
    readOnly: ['appId', 'createdDateTime', 'publisherDomain'],
  },
  [`${G}servicePrincipal`]: {
    kind: 'entity',
    baseType: `${G}directoryObject`,
    properties: {
      accountEnabled: bool,
      appDescription: str,
      appDisplayName: str,
      appId: str,
      appOwnerOrganizationId: guid,
      appRoleAssignmentRequired: bool,
      appRoles: `Collection(${G}appRole)`,
      description: str,
      displayName: str,
      keyCredentials: `Collection(${G}keyCredential)`,
      notes: str,
      passwordCredentials: `Collection(${G}passwordCredential)`,
      servicePrincipalNames: strings,
      servicePrincipalType: str,
      signInAudience: str,
      tags: strings,
    },
    readOnly: ['appDisplayName', 'appOwnerOrganizationId', 'servicePrincipalType', 'signInAudience'],
  },
  [`${G}appRoleAssignment`]: {
    kind: 'entity',
    baseType: `${G}directoryObject`,
    properties: {
      appRoleId: guid,
      createdDateTime: time,
      principalDisplayName: str,
      principalId: guid,
      principalType: str,
      resourceDisplayName: str,
      resourceId: guid,
    },
    readOnly: ['createdDateTime', 'principalDisplayName', 'principalType', 'resourceDisplayName'],
  },
  [`${G}unifiedRoleAssignment`]: {
    kind: 'entity',
    baseType: `${G}entity`,
    properties: {
      appScopeId: str,
      condition: str,
      directoryScopeId: str,
      principalId: str,
      roleDefinitionId: str,
    },
  },
  [`${G}unifiedRoleDefinition`]: {
    kind: 'entity',
    baseType: `${G}entity`,
    properties: {
      description: str,
      displayName: str,
      isBuiltIn: bool,
      isEnabled: bool,
      resourceScopes: strings,
      rolePermissions: `Collection(${G}unifiedRolePermission)`,
      templateId: str,
      version: str,
    },
  },
  [`${G}group`]: {
    kind: 'entity',
    baseType: `${G}directoryObject`,
    properties: {
      createdDateTime: time,
      description: str,
      displayName: str,
      groupTypes: strings,
      isAssignableToRole: bool,
      mail: str,
      mailEnabled: bool,
      mailNickname: str,
      securityEnabled: bool,
      visibility: str,
    },
  },
  [`${G}user`]: {
    kind: 'entity',
    baseType: `${G}directoryObject`,
    properties: {
      accountEnabled: bool,
      department: str,
      displayName: str,
      givenName: str,
      jobTitle: str,
      mail: str,
      surname: str,
      userPrincipalName: str,
      userType: str,
    },
  },
  [`${G}organization`]: {
    kind: 'entity',
    baseType: `${G}directoryObject`,
    properties: { displayName: str, verifiedDomains: `Collection(${G}verifiedDomain)` },
  },
  [`${G}signIn`]: {
    kind: 'entity',
    baseType: `${G}entity`,
    properties: {
      appDisplayName: str,
      appId: str,
      clientAppUsed: str,
      correlationId: str,
      createdDateTime: time,
      ipAddress: str,
      isInteractive: bool,
      resourceDisplayName: str,
      resourceId: str,
      servicePrincipalId: str,
      status: `${G}signInStatus`,
    },
  },
  // Intune app categories (src/services/graph/emulator/intune/routes-categories.ts).
  [`${G}mobileAppCategory`]: {
    kind: 'entity',
    baseType: `${G}entity`,
    properties: { displayName: str, lastModifiedDateTime: time },
    readOnly: ['lastModifiedDateTime'],
  },
  [`${G}signInStatus`]: {
    kind: 'complex',
    properties: { additionalDetails: str, errorCode: 'Edm.Int32', failureReason: str },
  },
  [`${G}passwordCredential`]: {
    kind: 'complex',
    properties: {
      customKeyIdentifier: 'Edm.Binary',
      displayName: str,
      endDateTime: time,
      hint: str,
      keyId: guid,
      secretText: str,
      startDateTime: time,
    },
  },
  [`${G}keyCredential`]: {
    kind: 'complex',
    properties: {
      customKeyIdentifier: 'Edm.Binary',
      displayName: str,
      endDateTime: time,
      key: 'Edm.Binary',
      keyId: guid,
      startDateTime: time,
      type: str,
      usage: str,
    },
  },
  [`${G}appRole`]: {
    kind: 'complex',
    properties: {
      allowedMemberTypes: strings,
      description: str,
      displayName: str,
      id: guid,
      isEnabled: bool,
      origin: str,
      value: str,
    },
  },
  [`${G}requiredResourceAccess`]: {
    kind: 'complex',
    properties: { resourceAccess: `Collection(${G}resourceAccess)`, resourceAppId: str },
  },
  [`${G}resourceAccess`]: { kind: 'complex', properties: { id: guid, type: str } },
  [`${G}unifiedRolePermission`]: {
    kind: 'complex',
    properties: { allowedResourceActions: strings, condition: str },
  },
  [`${G}verifiedDomain`]: {
    kind: 'complex',
    properties: { capabilities: str, isDefault: bool, isInitial: bool, name: str, type: str },
  },
};

export interface GraphActionSchema {
  name: string;
  bindingType: string;
  parameters: Record<string, string>;
}

/** Bound actions the sandbox implements. */
export const GRAPH_ACTIONS: GraphActionSchema[] = [
  {
    name: 'addPassword',
    bindingType: `${G}application`,
    parameters: { passwordCredential: `${G}passwordCredential` },
  },
  { name: 'removePassword', bindingType: `${G}application`, parameters: { keyId: guid } },
  {
    name: 'restore',
    bindingType: `${G}directoryObject`,
    // Both only matter for users; the sandbox accepts and ignores them.
    parameters: { autoReconcileProxyConflict: bool, newUserPrincipalName: str },
  },
];

/** Every property of a type, including inherited ones. */
export function propertiesOf(typeName: string): Record<string, string> {
  const type = GRAPH_TYPES[typeName];
  if (!type) return {};
  return { ...(type.baseType === undefined ? {} : propertiesOf(type.baseType)), ...type.properties };
}

export function readOnlyOf(typeName: string): Set<string> {
  const type = GRAPH_TYPES[typeName];
  if (!type) return new Set();
  const inherited = type.baseType === undefined ? new Set<string>() : readOnlyOf(type.baseType);
  for (const name of type.readOnly ?? []) inherited.add(name);
  return inherited;
}

/** 'microsoft.graph.application' -> 'Application', the resource name Graph uses in messages. */
export function resourceName(typeName: string): string {
  const short = typeName.replace(/^microsoft\.graph\./, '');
  return short.charAt(0).toUpperCase() + short.slice(1);
}
