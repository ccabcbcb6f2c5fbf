/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- tests read JSON answers freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { connect, GRAPH_APP_ID, type GraphCaller } from './helpers.ts';

let sandbox: Sandbox;
let graph: GraphCaller;
let graphSp: { id: string; appRoles: Array<{ id: string; value: string }> };
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 6033 });
  graph = await connect(sandbox);
  graphSp = (await graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,appRoles`)).body;
});
afterAll(async () => sandbox.close());

const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const GROUP_READ_ALL = '5b567255-7703-4780-807c-7be8301ae99b';

async function newClient(name: string) {
  const app = (await graph('POST', '/applications', { displayName: name })).body;
  const sp = (await graph('POST', '/servicePrincipals', { appId: app.appId })).body;
  return { app, sp };
}

describe('first-party service principals', () => {
  it('seeds Microsoft Graph and Exchange Online with their real app roles', async () => {
    const values = graphSp.appRoles.map((r) => r.value);
    expect(values).toEqual(
      expect.arrayContaining([
        'User.Read.All',
        'Group.Read.All',
        'Directory.Read.All',
        'Mail.ReadWrite',
        'AuditLog.Read.All',
        'ExchangeMessageTrace.Read.All',
      ]),
    );
    expect(graphSp.appRoles.find((r) => r.value === 'User.Read.All')?.id).toBe(USER_READ_ALL);
    const exo = await graph(
      'GET',
      "/servicePrincipals?$filter=appId eq '00000002-0000-0ff1-ce00-000000000000'",
    );
    expect(exo.body.value).toHaveLength(1);
    expect(exo.body.value[0].appRoles).toEqual([
      expect.objectContaining({
        id: 'dc50a0fb-09a3-484d-be87-e023b12c6440',
        value: 'Exchange.ManageAsApp',
        allowedMemberTypes: ['Application'],
        isEnabled: true,
      }),
    ]);
  });
});

describe('servicePrincipals', () => {
  it('creates from an appId, refuses a second one (409) and an unknown appId (400)', async () => {
    const { app, sp } = await newClient('Directory Sync Client');
    expect(sp).toMatchObject({
      appId: app.appId,
      displayName: 'Directory Sync Client',
      servicePrincipalType: 'Application',
    });
    expect(sp.appOwnerOrganizationId).toBe(sandbox.tenantId);
    expect((await graph('POST', '/servicePrincipals', { appId: app.appId })).status).toBe(409);
    expect(
      (await graph('POST', '/servicePrincipals', { appId: '0a1b2c3d-0000-4000-8000-00000000abcd' })).status,
    ).toBe(400);
    const byName = await graph('GET', "/servicePrincipals?$filter=displayName eq 'Directory Sync Client'");
    expect(byName.body.value.map((s: { id: string }) => s.id)).toEqual([sp.id]);
  });

  it('upserts by appId with Prefer: create-if-missing (201, then 204) and 404s without it', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'Upserted Principal' })).body;
    const path = `/servicePrincipals(appId='${app.appId}')`;
    expect((await graph('PATCH', path, { notes: 'a' })).status).toBe(404);
    expect((await graph('PATCH', path, { notes: 'a' }, { prefer: 'create-if-missing' })).status).toBe(201);
    expect((await graph('PATCH', path, { notes: 'b' }, { prefer: 'create-if-missing' })).status).toBe(204);
    expect((await graph('GET', path)).body.notes).toBe('b');
    expect((await graph('DELETE', path)).status).toBe(204);
    expect((await graph('GET', path)).status).toBe(404);
  });
});

describe('app role assignments (admin consent)', () => {
  it('creates, lists from both sides, rejects duplicates and unknown roles, deletes', async () => {
    const { sp } = await newClient('Consent Target');
    const path = `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`;
    const created = await graph('POST', path, {
      principalId: sp.id,
      resourceId: graphSp.id,
      appRoleId: USER_READ_ALL,
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      principalDisplayName: 'Consent Target',
      resourceDisplayName: 'Microsoft Graph',
      principalType: 'ServicePrincipal',
    });

    const duplicate = await graph('POST', path, {
      principalId: sp.id,
      resourceId: graphSp.id,
      appRoleId: USER_READ_ALL,
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: 'Permission being assigned already exists on the object',
    });

    const unknownRole = await graph('POST', path, {
      principalId: sp.id,
      resourceId: graphSp.id,
      appRoleId: 'dc50a0fb-09a3-484d-be87-e023b12c6440',
    });
    expect(unknownRole.status).toBe(400);

    const clientSide = await graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignments`, {
      principalId: sp.id,
      resourceId: graphSp.id,
      appRoleId: GROUP_READ_ALL,
    });
    expect(clientSide.status).toBe(201);

    const mine = await graph('GET', `/servicePrincipals/${sp.id}/appRoleAssignments`);
    expect(mine.body.value.map((a: { appRoleId: string }) => a.appRoleId).sort()).toEqual(
      [GROUP_READ_ALL, USER_READ_ALL].sort(),
    );
    const onGraph = await graph('GET', `${path}?$filter=principalId eq '${sp.id}'`);
    expect(onGraph.body.value).toHaveLength(2);

    expect((await graph('DELETE', `${path}/${created.body.id}`)).status).toBe(204);
    expect((await graph('DELETE', `${path}/${created.body.id}`)).status).toBe(404);
    expect(
      (await graph('DELETE', `/servicePrincipals/${sp.id}/appRoleAssignments/${clientSide.body.id}`)).status,
    ).toBe(204);
    expect((await graph('GET', `/servicePrincipals/${sp.id}/appRoleAssignments`)).body.value).toEqual([]);
  });

  it('grants show up in tokens issued afterwards', async () => {
    const { app, sp } = await newClient('Token Roles');
    await graph('POST', `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
      principalId: sp.id,
      resourceId: graphSp.id,
      appRoleId: USER_READ_ALL,
    });
    const secret = (await graph('POST', `/applications/${app.id}/addPassword`, {})).body.secretText as string;
    const res = await fetch(`${sandbox.url}/login/${sandbox.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.appId,
        client_secret: secret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    const users = await fetch(`${sandbox.url}/graph/v1.0/users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(users.status).toBe(200);
  });
});

describe('directory roles, groups, users, sign-ins', () => {
  it('lists role definitions and assigns Exchange Administrator once', async () => {
    const defs = await graph(
      'GET',
      "/roleManagement/directory/roleDefinitions?$filter=displayName eq 'Exchange Administrator'",
    );
    expect(defs.body.value).toEqual([
      expect.objectContaining({
        id: '29232cdf-9323-42fd-ade2-1d097af3e4de',
        templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
        isBuiltIn: true,
      }),
    ]);
    const { sp } = await newClient('Exchange Automation');
    const body = {
      '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
      principalId: sp.id,
      roleDefinitionId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
      directoryScopeId: '/',
    };
    const created = await graph('POST', '/roleManagement/directory/roleAssignments', body);
    expect(created.status).toBe(201);
    expect((await graph('POST', '/roleManagement/directory/roleAssignments', body)).status).toBe(400);
    const mine = await graph(
      'GET',
      `/roleManagement/directory/roleAssignments?$filter=principalId eq '${sp.id}'`,
    );
    expect(mine.body.value.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    expect(
      (await graph('DELETE', `/roleManagement/directory/roleAssignments/${created.body.id}`)).status,
    ).toBe(204);
    expect(
      (await graph('GET', `/roleManagement/directory/roleAssignments?$filter=principalId eq '${sp.id}'`)).body
        .value,
    ).toEqual([]);
  });

  it('finds the NinjaOne device group by name and by id, and seeded users by UPN', async () => {
    const groups = await graph('GET', "/groups?$filter=displayName eq 'NinjaOne Rollout Devices'");
    expect(groups.body.value).toHaveLength(1);
    const group = groups.body.value[0];
    expect(group).toMatchObject({ securityEnabled: true, mailEnabled: false });
    expect((await graph('GET', `/groups/${group.id}`)).body.displayName).toBe('NinjaOne Rollout Devices');
    const users = await graph('GET', '/users');
    expect(users.body.value.length).toBeGreaterThanOrEqual(5);
    const upn = users.body.value[0].userPrincipalName as string;
    expect(upn).toMatch(/@contoso\.example$/);
    expect((await graph('GET', `/users/${upn}`)).body.userPrincipalName).toBe(upn);
    const org = await graph('GET', '/organization');
    expect(org.body.value[0].verifiedDomains.map((d: { name: string }) => d.name)).toEqual(
      expect.arrayContaining(['contoso.example', 'fabrikam.example']),
    );
  });

  it('lists client-credential sign-ins only on beta with signInEventTypes, never on v1.0', async () => {
    const { app } = await newClient('Proofpoint-Directory-Sync');
    const beta = (query: string) =>
      graph('GET', `${sandbox.url}/graph/beta/auditLogs/signIns?$filter=${query}`);
    const spFilter = `signInEventTypes/any(t: t eq 'servicePrincipal') and appId eq '${app.appId}'`;
    expect((await beta(spFilter)).body.value).toEqual([]);
    const res = await fetch(`${sandbox.url}/_sandbox/signins`, {
      method: 'POST',
      body: JSON.stringify({ appId: app.appId }),
    });
    expect(res.status).toBe(201);
    const some = await beta(spFilter);
    expect(some.body.value).toEqual([
      expect.objectContaining({
        appId: app.appId,
        appDisplayName: 'Proofpoint-Directory-Sync',
        servicePrincipalName: 'Proofpoint-Directory-Sync',
        signInEventTypes: ['servicePrincipal'],
        status: { errorCode: 0, failureReason: null, additionalDetails: null },
      }),
    ]);
    // Learn "List signIns": v1.0 lists user sign-ins; beta without the event-type filter does too.
    expect((await graph('GET', `/auditLogs/signIns?$filter=appId eq '${app.appId}'`)).body.value).toEqual([]);
    expect((await beta(`appId eq '${app.appId}'`)).body.value).toEqual([]);
    const v1WithTypes = await graph('GET', `/auditLogs/signIns?$filter=${spFilter}`);
    expect(v1WithTypes.status).toBe(400);
    // The server-side time filter: nothing after now.
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await beta(`${spFilter} and createdDateTime ge ${later}`)).body.value).toEqual([]);
    const automation = await beta(
      `signInEventTypes/any(t: t eq 'servicePrincipal') and appId eq '${sandbox.credentials.clientId}'`,
    );
    expect(automation.body.value.length).toBeGreaterThanOrEqual(1);
  });
});
