// The pure diff between params and observed state, which plan and apply share.
import { describe, expect, it } from 'vitest';
import type { Observed } from '../../src/services/graph/steps/entra-app-registration/observe.ts';
import { computeDrift, hasChanges } from '../../src/services/graph/steps/entra-app-registration/drift.ts';
import {
  EntraAppRegistrationParams,
  kebabCase,
} from '../../src/services/graph/steps/entra-app-registration/params.ts';

const RES = '00000003-0000-0000-c000-000000000000';
const role = (id: string, value: string) => ({
  id,
  value,
  displayName: value,
  description: `means ${value}`,
  allowedMemberTypes: ['Application'],
  isEnabled: true,
});
const resource = {
  id: 'res-sp',
  appId: RES,
  displayName: 'Microsoft Graph',
  notes: null,
  appRoles: [
    role('r-user', 'User.Read.All'),
    role('r-group', 'Group.Read.All'),
    role('r-mail', 'Mail.ReadWrite'),
  ],
};

function observed(overrides: Partial<Observed>): Observed {
  return {
    resource,
    permissions: [],
    app: undefined,
    foundBy: undefined,
    warnings: [],
    servicePrincipal: undefined,
    assignments: [],
    secret: undefined,
    roleDefinitionId: undefined,
    roleAssignment: undefined,
    ...overrides,
  };
}

const app = (
  roles: string[],
  extra: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[] = [],
) => ({
  id: 'obj-1',
  appId: 'app-1',
  displayName: 'Sync',
  uniqueName: 'sync',
  notes: null,
  passwordCredentials: [],
  requiredResourceAccess: [
    ...extra,
    {
      resourceAppId: RES,
      resourceAccess: [{ id: 'scope-1', type: 'Scope' }, ...roles.map((id) => ({ id, type: 'Role' }))],
    },
  ],
});

describe('computeDrift', () => {
  const params = EntraAppRegistrationParams.parse({
    displayName: 'Sync',
    applicationPermissions: ['User.Read.All', 'Mail.ReadWrite'],
  });
  const permissions = [
    { name: 'User.Read.All', appRoleId: 'r-user', meaning: 'x' },
    { name: 'Mail.ReadWrite', appRoleId: 'r-mail', meaning: 'y' },
  ];

  it('adds and removes Role entries, keeps delegated scopes and other resources', () => {
    const other = { resourceAppId: 'other-api', resourceAccess: [{ id: 'o1', type: 'Role' }] };
    const drift = computeDrift(
      params,
      observed({
        permissions,
        app: app(['r-user', 'r-group'], [other]),
        servicePrincipal: { ...resource, id: 'sp-1', appId: 'app-1' },
      }),
    );
    expect(drift.addedPermissions.map((p) => p.name)).toEqual(['Mail.ReadWrite']);
    expect(drift.removedPermissions).toEqual([{ appRoleId: 'r-group', name: 'Group.Read.All' }]);
    expect(drift.desiredAccess).toEqual([
      other,
      {
        resourceAppId: RES,
        resourceAccess: [
          { id: 'scope-1', type: 'Scope' },
          { id: 'r-user', type: 'Role' },
          { id: 'r-mail', type: 'Role' },
        ],
      },
    ]);
    expect(drift.grants.map((g) => g.name)).toEqual(['User.Read.All', 'Mail.ReadWrite']);
  });

  it('revokes consent for permissions no longer requested, and none when adminConsent is false', () => {
    const assignments = [
      { id: 'as-1', principalId: 'sp-1', resourceId: 'res-sp', appRoleId: 'r-user' },
      { id: 'as-2', principalId: 'sp-1', resourceId: 'res-sp', appRoleId: 'r-group' },
    ];
    const state = observed({
      permissions,
      app: app(['r-user', 'r-mail']),
      servicePrincipal: { ...resource, id: 'sp-1', appId: 'app-1' },
      assignments,
    });
    expect(computeDrift(params, state).revokes.map((a) => a.id)).toEqual(['as-2']);
    const noConsent = EntraAppRegistrationParams.parse({
      displayName: 'Sync',
      applicationPermissions: ['User.Read.All', 'Mail.ReadWrite'],
      adminConsent: false,
    });
    expect(computeDrift(noConsent, state)).toMatchObject({ grants: [], revokes: [] });
  });

  it('is noop when everything matches, and wants a new secret when the stored value is gone', () => {
    const assignments = permissions.map((p, i) => ({
      id: `as-${i}`,
      principalId: 'sp-1',
      resourceId: 'res-sp',
      appRoleId: p.appRoleId,
    }));
    const base = {
      permissions,
      app: app(['r-user', 'r-mail']),
      servicePrincipal: { ...resource, id: 'sp-1', appId: 'app-1' },
      assignments,
    };
    expect(hasChanges(computeDrift(params, observed(base)))).toBe(false);
    const withSecret = EntraAppRegistrationParams.parse({
      displayName: 'Sync',
      applicationPermissions: ['User.Read.All', 'Mail.ReadWrite'],
      secret: { name: 's1' },
    });
    expect(
      computeDrift(withSecret, observed({ ...base, secret: { keyId: 'k1', valid: true, inStore: true } }))
        .newSecret,
    ).toBe(false);
    expect(
      computeDrift(withSecret, observed({ ...base, secret: { keyId: 'k1', valid: true, inStore: false } }))
        .newSecret,
    ).toBe(true);
    expect(
      computeDrift(
        withSecret,
        observed({ ...base, secret: { keyId: undefined, valid: false, inStore: true } }),
      ).newSecret,
    ).toBe(true);
  });
});

describe('params', () => {
  it('kebab-cases display names for uniqueName', () => {
    expect(kebabCase('Proofpoint-TRAP')).toBe('proofpoint-trap');
    expect(kebabCase('NinjaOne Device Sync v2')).toBe('ninja-one-device-sync-v2');
  });
  it('defaults secret expiry to 180 days and refuses more than 730 and duplicate permissions', () => {
    expect(
      EntraAppRegistrationParams.parse({ displayName: 'A', secret: { name: 'a' } }).secret?.expiresInDays,
    ).toBe(180);
    expect(
      EntraAppRegistrationParams.safeParse({ displayName: 'A', secret: { name: 'a', expiresInDays: 731 } })
        .success,
    ).toBe(false);
    expect(
      EntraAppRegistrationParams.safeParse({ displayName: 'A', applicationPermissions: ['X', 'X'] }).success,
    ).toBe(false);
  });
});
