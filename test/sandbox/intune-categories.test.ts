/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- tests read JSON answers freely */
// The sandbox's Intune app categories over real HTTP: the seeded built-in categories, custom ones,
// and an app's `categories` written by reference, refusing what Graph refuses (a reference to no
// category, a malformed @odata.id, the same reference twice, removing one that is not there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { BUILT_IN_APP_CATEGORIES } from '../../src/services/graph/emulator/intune/index.ts';
import { connect, type GraphCaller } from './helpers.ts';

let sb: Sandbox;
let graph: GraphCaller;
let appId: string;
const CATEGORIES = '/deviceAppManagement/mobileAppCategories';
const ref = (categoryId: string) => ({
  '@odata.id': `https://graph.microsoft.com/v1.0${CATEGORIES}/${categoryId}`,
});

beforeAll(async () => {
  sb = await startSandbox({ seed: 2718 });
  graph = await connect(sb);
  appId = (
    await graph('POST', '/deviceAppManagement/mobileApps', {
      '@odata.type': '#microsoft.graph.win32LobApp',
      displayName: 'Category Probe',
      publisher: 'Contoso IT',
      fileName: 'probe.intunewin',
      setupFilePath: 'probe.msi',
      installCommandLine: 'msiexec /i probe.msi /qn',
      uninstallCommandLine: 'msiexec /x {0} /qn',
      rules: [
        {
          '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
          ruleType: 'detection',
          productCode: '{11111111-2222-3333-4444-555555555555}',
          productVersionOperator: 'notConfigured',
          productVersion: null,
        },
      ],
    })
  ).body.id as string;
});
afterAll(() => sb.close());

async function categoryId(name: string): Promise<string> {
  const list = await graph('GET', `${CATEGORIES}?$filter=displayName eq '${name.replaceAll("'", "''")}'`);
  expect(list.status).toBe(200);
  return list.body.value[0].id as string;
}

describe('sandbox Intune app categories', () => {
  it('seeds the built-in categories with ids derived from the seed', async () => {
    const list = await graph('GET', CATEGORIES);
    expect(list.status).toBe(200);
    const names = list.body.value.map((c: { displayName: string }) => c.displayName);
    expect([...names].sort()).toEqual([...BUILT_IN_APP_CATEGORIES].sort());
    expect(names).toContain('Computer management');
    const other = await startSandbox({ seed: 2719 });
    try {
      const otherIds = (await (await connect(other))('GET', CATEGORIES)).body.value.map(
        (c: { id: string }) => c.id,
      );
      const ids = list.body.value.map((c: { id: string }) => c.id);
      expect(otherIds.filter((id: string) => ids.includes(id))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('puts an app in a category by reference, lists it, refuses a duplicate, and removes it', async () => {
    const id = await categoryId('Computer management');
    const added = await graph('POST', `/deviceAppManagement/mobileApps/${appId}/categories/$ref`, ref(id));
    expect(added.status).toBe(204);
    const listed = await graph('GET', `/deviceAppManagement/mobileApps/${appId}/categories`);
    expect(listed.body.value).toEqual([expect.objectContaining({ id, displayName: 'Computer management' })]);

    const again = await graph('POST', `/deviceAppManagement/mobileApps/${appId}/categories/$ref`, ref(id));
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/already exist/);

    const removed = await graph('DELETE', `/deviceAppManagement/mobileApps/${appId}/categories/${id}/$ref`);
    expect(removed.status).toBe(204);
    expect((await graph('GET', `/deviceAppManagement/mobileApps/${appId}/categories`)).body.value).toEqual(
      [],
    );
    const gone = await graph('DELETE', `/deviceAppManagement/mobileApps/${appId}/categories/${id}/$ref`);
    expect(gone.status).toBe(404);
    expect(Object.keys(gone.body.error).sort()).toEqual(['code', 'innerError', 'message']);
  });

  it('refuses a reference to no category (404) and a malformed body (400)', async () => {
    const path = `/deviceAppManagement/mobileApps/${appId}/categories/$ref`;
    const missing = await graph('POST', path, ref('0badc0de-0000-4000-8000-000000000000'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    const id = await categoryId('Productivity');
    const wrongKind = await graph('POST', path, {
      '@odata.id': `https://graph.microsoft.com/v1.0/groups/${id}`,
    });
    expect(wrongKind.status).toBe(400);
    expect((await graph('POST', path, { id })).status).toBe(400);
    expect((await graph('POST', path, {})).status).toBe(400);
    expect((await graph('POST', path, { ...ref(id), extra: 1 })).status).toBe(400);
  });

  it('creates and deletes a custom category; deleting it drops the apps’ references', async () => {
    const created = await graph('POST', CATEGORIES, {
      '@odata.type': '#microsoft.graph.mobileAppCategory',
      displayName: 'RMM Agents (Contoso)',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'RMM Agents (Contoso)' });
    expect(Date.parse(created.body.lastModifiedDateTime)).not.toBeNaN();
    expect((await graph('POST', CATEGORIES, { displayName: 'x', colour: 'red' })).status).toBe(400);
    expect((await graph('POST', CATEGORIES, {})).status).toBe(400);

    const id = created.body.id as string;
    // The sandbox's own address works as the reference's root, like Graph's.
    const local = { '@odata.id': `${sb.url}/graph/v1.0${CATEGORIES}/${id}` };
    expect(
      (await graph('POST', `/deviceAppManagement/mobileApps/${appId}/categories/$ref`, local)).status,
    ).toBe(204);
    expect((await graph('DELETE', `${CATEGORIES}/${id}`)).status).toBe(204);
    expect((await graph('GET', `${CATEGORIES}/${id}`)).status).toBe(404);
    expect((await graph('GET', `/deviceAppManagement/mobileApps/${appId}/categories`)).body.value).toEqual(
      [],
    );
  });

  it('deleting the app drops its category references', async () => {
    const id = await categoryId('Business');
    await graph('POST', `/deviceAppManagement/mobileApps/${appId}/categories/$ref`, ref(id));
    const before = sb.snapshot();
    expect(Object.values(before.intune?.appCategoryLinks ?? {})).toHaveLength(1);
    expect((await graph('DELETE', `/deviceAppManagement/mobileApps/${appId}`)).status).toBe(204);
    expect(sb.snapshot().intune?.appCategoryLinks).toEqual({});
  });
});
