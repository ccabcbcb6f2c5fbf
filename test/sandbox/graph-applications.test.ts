/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- tests read JSON answers freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { connect, type GraphCaller } from './helpers.ts';

let sandbox: Sandbox;
let graph: GraphCaller;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5120 });
  graph = await connect(sandbox);
});
afterAll(async () => sandbox.close());

describe('applications', () => {
  it('creates with POST and finds by displayName and appId with $select', async () => {
    const created = await graph('POST', '/applications', {
      displayName: 'Ledger Export',
      signInAudience: 'AzureADMyOrg',
    });
    expect(created.status).toBe(201);
    expect(created.body['@odata.context']).toBe(`${sandbox.url}/graph/v1.0/$metadata#applications/$entity`);
    expect(created.body.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.appId).not.toBe(created.body.id);

    const byName = await graph(
      'GET',
      "/applications?$filter=displayName eq 'Ledger Export'&$select=id,appId",
    );
    expect(byName.status).toBe(200);
    expect(byName.body.value).toEqual([{ id: created.body.id, appId: created.body.appId }]);
    const byAppId = await graph('GET', `/applications?$filter=appId eq '${created.body.appId}'`);
    expect(byAppId.body.value.map((a: { displayName: string }) => a.displayName)).toEqual(['Ledger Export']);
    expect((await graph('GET', `/applications(appId='${created.body.appId}')`)).body.id).toBe(
      created.body.id,
    );
    expect((await graph('GET', `/applications/${created.body.id}`)).body.displayName).toBe('Ledger Export');
  });

  it('pages with $top and @odata.nextLink', async () => {
    for (const n of [1, 2, 3, 4])
      await graph('POST', '/applications', { displayName: `Paged ${n}`, tags: ['paged'] });
    const seen: string[] = [];
    let next: string | undefined = '/applications?$top=2';
    let pages = 0;
    while (next !== undefined) {
      const page = await graph('GET', next);
      expect(page.status).toBe(200);
      expect(page.body.value.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.value.map((a: { displayName: string }) => a.displayName));
      next = page.body['@odata.nextLink'];
      if (next !== undefined)
        expect(next).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graph\/v1\.0\/applications\?.*%24skiptoken=/);
      pages += 1;
    }
    const all = await graph('GET', '/applications');
    expect(seen).toEqual(all.body.value.map((a: { displayName: string }) => a.displayName));
    expect(pages).toBe(Math.ceil(all.body.value.length / 2));
    expect(seen).toEqual(expect.arrayContaining(['Paged 1', 'Paged 4']));
  });

  it('upserts by uniqueName: 404 without Prefer, 201 create, then 204 update', async () => {
    const path = "/applications(uniqueName='proofpoint-trap')";
    const body = { displayName: 'Proofpoint-TRAP' };
    expect((await graph('PATCH', path, body)).status).toBe(404);
    expect((await graph('GET', path)).body.error.code).toBe('Request_ResourceNotFound');
    const created = await graph('PATCH', path, body, { prefer: 'create-if-missing' });
    expect(created.status).toBe(201);
    expect(created.body.uniqueName).toBe('proofpoint-trap');
    const updated = await graph(
      'PATCH',
      path,
      { ...body, notes: 'security reviewed' },
      { prefer: 'create-if-missing' },
    );
    expect(updated.status).toBe(204);
    expect(updated.body).toBeUndefined();
    const read = await graph('GET', path);
    expect(read.body).toMatchObject({ id: created.body.id, notes: 'security reviewed' });
  });

  it('PATCH by id updates requiredResourceAccess; a bad GUID is a 400', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'Permissions Holder' })).body;
    const rra = [
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }],
      },
    ];
    expect((await graph('PATCH', `/applications/${app.id}`, { requiredResourceAccess: rra })).status).toBe(
      204,
    );
    expect(
      (await graph('GET', `/applications/${app.id}?$select=requiredResourceAccess`)).body
        .requiredResourceAccess,
    ).toEqual(rra);
    const bad = await graph('PATCH', `/applications/${app.id}`, {
      requiredResourceAccess: [{ resourceAppId: 'x', resourceAccess: [{ id: 'not-a-guid', type: 'Role' }] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('Request_BadRequest');
  });

  it('rejects unknown properties in bodies and $select with Graph-shaped 400s', async () => {
    const body = await graph('POST', '/applications', { displayName: 'Typo', dispalyName: 'x' });
    expect(body.status).toBe(400);
    expect(body.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Property 'dispalyName' does not exist as a declared property or extension property.",
    });
    const nested = await graph('POST', '/applications', {
      displayName: 'Nested',
      requiredResourceAccess: [{ resourceAppId: 'a', resourceAccess: [], scope: 'x' }],
    });
    expect(nested.body.error.message).toContain("'scope'");
    const select = await graph('GET', '/applications?$select=id,secret');
    expect(select.status).toBe(400);
    expect(select.body.error.code).toBe('Request_UnsupportedQuery');
  });

  it('refuses passwordCredentials in a body: secrets come only from addPassword', async () => {
    const answer = await graph('POST', '/applications', {
      displayName: 'Sneaky',
      passwordCredentials: [{ displayName: 'x' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(
      'New password credentials must be generated using service actions.',
    );
  });

  it('DELETE moves the app and its service principal to deleted items; restore brings the app back only', async () => {
    const app = (
      await graph('POST', '/applications', { displayName: 'Short Lived', uniqueName: 'short-lived' })
    ).body;
    const sp = (await graph('POST', '/servicePrincipals', { appId: app.appId })).body;
    expect((await graph('DELETE', `/applications/${app.id}`)).status).toBe(204);
    expect((await graph('GET', `/applications/${app.id}`)).status).toBe(404);
    expect((await graph('GET', `/servicePrincipals/${sp.id}`)).status).toBe(404);

    const deleted = await graph('GET', '/directory/deletedItems/microsoft.graph.application');
    const entry = deleted.body.value.find((a: { id: string }) => a.id === app.id);
    expect(entry.deletedDateTime).toMatch(/^\d{4}-/);
    const deletedSps = await graph('GET', '/directory/deletedItems/microsoft.graph.servicePrincipal');
    expect(deletedSps.body.value.map((s: { id: string }) => s.id)).toContain(sp.id);
    // uniqueName stays taken while the app is in deleted items
    const clash = await graph(
      'PATCH',
      "/applications(uniqueName='short-lived')",
      { displayName: 'Again' },
      { prefer: 'create-if-missing' },
    );
    expect(clash.status).toBe(400);

    const restored = await graph('POST', `/directory/deletedItems/${app.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      '@odata.type': '#microsoft.graph.application',
      id: app.id,
      deletedDateTime: null,
    });
    expect((await graph('GET', `/applications/${app.id}`)).status).toBe(200);
    expect((await graph('GET', `/servicePrincipals/${sp.id}`)).status).toBe(404);
    expect((await graph('POST', `/directory/deletedItems/${sp.id}/restore`)).status).toBe(200);
    expect((await graph('GET', `/servicePrincipals/${sp.id}`)).status).toBe(200);
  });

  it('purges a deleted item for good', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'Purge Me', uniqueName: 'purge-me' }))
      .body;
    await graph('DELETE', `/applications/${app.id}`);
    expect((await graph('DELETE', `/directory/deletedItems/${app.id}`)).status).toBe(204);
    expect((await graph('GET', `/directory/deletedItems/${app.id}`)).status).toBe(404);
    expect((await graph('POST', `/directory/deletedItems/${app.id}/restore`)).status).toBe(404);
    const again = await graph(
      'PATCH',
      "/applications(uniqueName='purge-me')",
      { displayName: 'Purge Me' },
      { prefer: 'create-if-missing' },
    );
    expect(again.status).toBe(201);
  });
});

describe('addPassword / removePassword', () => {
  it('returns secretText once; later reads show the hint only', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'Secret Holder' })).body;
    const added = await graph('POST', `/applications/${app.id}/addPassword`, {
      passwordCredential: { displayName: 'rotation-2026', endDateTime: '2027-03-01T00:00:00Z' },
    });
    expect(added.status).toBe(200);
    const secret: string = added.body.secretText;
    expect(secret).toMatch(/^.{3}8Q~.{34}$/);
    expect(added.body).toMatchObject({
      displayName: 'rotation-2026',
      endDateTime: '2027-03-01T00:00:00Z',
      hint: secret.slice(0, 3),
    });
    expect(sandbox.issuedSecrets()).toContain(secret);

    const read = await graph('GET', `/applications/${app.id}`);
    expect(read.body.passwordCredentials).toEqual([
      expect.objectContaining({ keyId: added.body.keyId, hint: secret.slice(0, 3), secretText: null }),
    ]);
    expect(JSON.stringify(read.body)).not.toContain(secret);
    expect(JSON.stringify(sandbox.snapshot())).not.toContain(secret);
    expect(JSON.stringify(sandbox.requests)).not.toContain(secret);

    expect(
      (await graph('POST', `/applications/${app.id}/removePassword`, { keyId: added.body.keyId })).status,
    ).toBe(204);
    expect((await graph('GET', `/applications/${app.id}`)).body.passwordCredentials).toEqual([]);
    expect(
      (await graph('POST', `/applications/${app.id}/removePassword`, { keyId: added.body.keyId })).status,
    ).toBe(400);
  });

  it('defaults endDateTime to two years and rejects an end before the start', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'Default Expiry' })).body;
    const added = (await graph('POST', `/applications(appId='${app.appId}')/addPassword`, {})).body;
    const years =
      (Date.parse(added.endDateTime) - Date.parse(added.startDateTime)) / (365 * 24 * 3600 * 1000);
    expect(years).toBeCloseTo(2, 1);
    const bad = await graph('POST', `/applications/${app.id}/addPassword`, {
      passwordCredential: { startDateTime: '2027-01-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' },
    });
    expect(bad.status).toBe(400);
  });
});
