// The Graph adapter over real HTTP against the sandbox: 200, 401, 403, 404, 409, 429 (with
// Retry-After measured), 5xx, reset and timeout. Malformed 200s: malformed-body.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { GRAPH_APP_ID, startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import type { GraphClient } from '../../../src/services/graph/client/index.ts';
import { fastPolicy, sandboxServices } from '../support/sandbox-services.ts';

let sb: Sandbox;
let graph: GraphClient;
let redactor: Redactor;

beforeAll(async () => {
  sb = await startSandbox();
  redactor = new Redactor();
  graph = await sandboxServices(sb, redactor).graph();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.faults.clear();
});

const graphCalls = (method: string, pathPart: string) =>
  sb.requests.filter(
    (r) => r.service === 'graph' && r.method === method && r.path.includes(pathPart) && !r.batchItemOf,
  );
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
};

describe('graph adapter against the sandbox', () => {
  it('200/201: creates an app by uniqueName, then finds it by uniqueName and displayName', async () => {
    const { application, created } = await graph.upsertApplicationByUniqueName('matrix-create-1', {
      displayName: 'Matrix Create One',
      requiredResourceAccess: [
        {
          resourceAppId: GRAPH_APP_ID,
          resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }],
        },
      ],
    });
    expect(created).toBe(true);
    const again = await graph.upsertApplicationByUniqueName('matrix-create-1', {
      displayName: 'Matrix Create One',
    });
    expect(again).toMatchObject({ created: false, application: { id: application.id } });
    expect((await graph.findApplicationByUniqueName('matrix-create-1'))?.appId).toBe(application.appId);
    expect((await graph.findApplicationsByDisplayName('Matrix Create One')).map((a) => a.id)).toEqual([
      application.id,
    ]);
    const graphSp = await graph.getServicePrincipalByAppId(GRAPH_APP_ID);
    expect(graphSp?.appRoles.find((r) => r.value === 'User.Read.All')?.id).toBe(
      'df021288-bdef-4463-88db-98f22de89214',
    );
  });

  it('404: a missing app is undefined; deleting a missing id is a not-found error', async () => {
    expect(await graph.findApplicationByUniqueName('matrix-never-created')).toBeUndefined();
    const error = await failure(graph.deleteApplication('00000000-0000-0000-0000-0000000000aa'));
    expect(error.kind).toBe('not-found');
    expect(error.details.status).toBe(404);
    expect(error.details.requestId).toBeTruthy();
  });

  it('401: an expired token is a credential problem and is not retried', async () => {
    const before = sb.requests.length;
    sb.expireTokens();
    // The credential still caches the token it thinks is valid, so Graph sees the expired one.
    const error = await failure(graph.findApplicationsByDisplayName('Anything'));
    expect(error.kind).toBe('auth');
    expect(error.hint).toContain('credential');
    expect(sb.requests.slice(before).filter((r) => r.service === 'graph')).toHaveLength(1);
  });

  it('403: names the permission the operation needs', async () => {
    const fresh = await sandboxServices(sb, redactor).graph();
    sb.faults.add({
      service: 'graph',
      method: 'GET',
      path: '/roleManagement/directory/roleAssignments',
      kind: 'status',
      status: 403,
    });
    const error = await failure(fresh.listRoleAssignments('11111111-2222-3333-4444-555555555555'));
    expect(error.kind).toBe('forbidden');
    expect(error.hint).toContain('RoleManagement.Read.Directory');
    graph = fresh;
  });

  it("409: a conflict is reported as such, with Graph's code", async () => {
    sb.faults.add({ service: 'graph', method: 'PATCH', path: '/applications', kind: 'status', status: 409 });
    const error = await failure(
      graph.upsertApplicationByUniqueName('matrix-conflict', { displayName: 'Matrix Conflict' }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.details.vendorCode).toBeTruthy();
  });

  it('429: waits the Retry-After seconds, then succeeds', async () => {
    sb.faults.add({
      service: 'graph',
      method: 'GET',
      path: '/applications',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      nth: 1,
    });
    const start = performance.now();
    const found = await graph.findApplicationsByDisplayName('Matrix Create One');
    const waited = performance.now() - start;
    expect(found).toHaveLength(1);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(4_000);
  });

  it('429 that persists: throttled after the configured attempts, with a try-later hint', async () => {
    const twoTries = await sandboxServices(
      sb,
      redactor,
      fastPolicy({ retry: { maxAttempts: 2, maxPacedAttempts: 2 } }),
    ).graph();
    sb.faults.add({
      service: 'graph',
      method: 'GET',
      path: '/groups',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
    });
    const before = graphCalls('GET', '/groups').length;
    const error = await failure(twoTries.findGroupByDisplayName('Devices'));
    expect(error.kind).toBe('throttled');
    expect(error.hint).toContain('lower concurrency');
    expect(graphCalls('GET', '/groups').length - before).toBe(2);
  });

  it("reads Microsoft Graph's service principal once per client, the tenant's own SPs every time", async () => {
    const client = await sandboxServices(sb, redactor).graph();
    const graphSpReads = () => graphCalls('GET', `appId='${GRAPH_APP_ID}'`).length;
    const before = graphSpReads();
    const [first, second] = await Promise.all([
      client.getServicePrincipalByAppId(GRAPH_APP_ID),
      client.getServicePrincipalByAppId(GRAPH_APP_ID),
    ]);
    expect(await client.getServicePrincipalByAppId(GRAPH_APP_ID)).toBe(first);
    expect(second).toBe(first);
    expect(graphSpReads() - before).toBe(1);

    const app = await client.findApplicationByUniqueName('matrix-create-1');
    const ownSpReads = () => graphCalls('GET', `appId='${app!.appId}'`).length;
    const ownBefore = ownSpReads();
    expect(await client.getServicePrincipalByAppId(app!.appId)).toBeUndefined();
    const { servicePrincipal } = await client.createServicePrincipal(app!.appId);
    expect((await client.getServicePrincipalByAppId(app!.appId))?.id).toBe(servicePrincipal.id);
    expect(ownSpReads() - ownBefore).toBe(2);
    await client.deleteServicePrincipal(servicePrincipal.id);
  });

  it('5xx: a GET is retried; a POST that creates a secret is not', async () => {
    sb.faults.add({
      service: 'graph',
      method: 'GET',
      path: '/servicePrincipals',
      kind: 'status',
      status: 500,
      nth: 1,
    });
    // A fresh client: this one already holds Graph's service principal (read once per client).
    const fresh = await sandboxServices(sb, redactor).graph();
    const spReads = graphCalls('GET', '/servicePrincipals').length;
    expect((await fresh.getServicePrincipalByAppId(GRAPH_APP_ID))?.appId).toBe(GRAPH_APP_ID);
    expect(graphCalls('GET', '/servicePrincipals').length - spReads).toBe(2);

    const app = await graph.findApplicationByUniqueName('matrix-create-1');
    sb.faults.clear();
    sb.faults.add({ service: 'graph', method: 'POST', path: '/addPassword', kind: 'status', status: 502 });
    const before = graphCalls('POST', '/addPassword').length;
    const error = await failure(
      graph.addPassword(app!.id, { displayName: 'matrix', endDateTime: '2027-06-01T00:00:00Z' }),
    );
    expect(error.kind).toBe('unavailable');
    expect(graphCalls('POST', '/addPassword').length - before).toBe(1);
  });

  it('reset: a GET is retried; a grant POST is not (the server may have acted)', async () => {
    sb.faults.add({ service: 'graph', method: 'GET', path: '/applications', kind: 'reset', nth: 1 });
    expect(await graph.findApplicationsByDisplayName('Matrix Create One')).toHaveLength(1);

    sb.faults.clear();
    sb.faults.add({ service: 'graph', method: 'POST', path: '/appRoleAssignedTo', kind: 'reset' });
    const graphSp = await graph.getServicePrincipalByAppId(GRAPH_APP_ID);
    const error = await failure(
      graph.grantAppRole({
        principalId: graphSp!.id,
        resourceId: graphSp!.id,
        appRoleId: 'df021288-bdef-4463-88db-98f22de89214',
      }),
    );
    expect(error.kind).toBe('network');
  });

  it('timeout: a hung answer fails as a timeout after the retries', async () => {
    const quick = await sandboxServices(
      sb,
      redactor,
      fastPolicy({ timeoutMs: 300, retry: { maxAttempts: 2 } }),
    ).graph();
    sb.faults.add({ service: 'graph', method: 'GET', path: '/auditLogs', kind: 'timeout' });
    const error = await failure(quick.listServicePrincipalSignIns('abc', new Date()));
    expect(error.kind).toBe('timeout');
  });

  it('$batch: splits 23 requests into 20 + 3 and retries items Graph throttled inside the batch', async () => {
    const before = graphCalls('POST', '/$batch').length;
    const requests = Array.from({ length: 23 }, (_, i) => ({
      id: `r${i}`,
      method: 'GET' as const,
      url: `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id`,
    }));
    const responses = await graph.batch(requests);
    expect(responses.map((r) => r.status)).toEqual(Array(23).fill(200));
    expect(graphCalls('POST', '/$batch').length - before).toBe(2);
  });

  it('never puts a token or the client secret into an error message', async () => {
    sb.faults.add({ service: 'graph', kind: 'status', status: 400 });
    const error = await failure(graph.findApplicationsByDisplayName('x'));
    const text = `${error.message} ${error.hint ?? ''}`;
    for (const secret of sb.issuedSecrets()) expect(text).not.toContain(secret);
  });
});
