// The Graph adapter's sign-in log: the beta request that lists client-credential sign-ins with a
// server-side time filter, and the two 403s that mean "this tenant or identity cannot read it".
// Plus the replication-lag classifier: exactly the documented answers, nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import { isReplicationLag } from '../../../src/services/graph/client/errors.ts';
import { signInLogDenial } from '../../../src/services/graph/client/sign-in-log.ts';
import { ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { sandboxServices } from '../support/sandbox-services.ts';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('service-principal sign-ins (beta)', () => {
  it('lists only the app’s client-credential sign-ins since the moment given, newest first', async () => {
    sb = await startSandbox({ seed: 5151 });
    const graph = await sandboxServices(sb, new Redactor()).graph();
    const before = new Date(Date.now() - 1000);
    // The adapter's own token request is a client-credential sign-in of the tool's app.
    const signIns = await graph.listServicePrincipalSignIns(sb.credentials.clientId, before);
    expect(signIns.length).toBeGreaterThanOrEqual(1);
    expect(signIns[0]).toMatchObject({
      appId: sb.credentials.clientId,
      signInEventTypes: ['servicePrincipal'],
      status: { errorCode: 0 },
    });
    expect(
      await graph.listServicePrincipalSignIns(sb.credentials.clientId, new Date(Date.now() + 60_000)),
    ).toEqual([]);
    const call = sb.requests.filter((r) => r.path.endsWith('/auditLogs/signIns')).at(0)!;
    expect(call.path).toBe('/graph/beta/auditLogs/signIns');
    expect(call.query.$filter).toBe(
      `signInEventTypes/any(t: t eq 'servicePrincipal') and appId eq '${sb.credentials.clientId}' and createdDateTime ge ${before.toISOString()}`,
    );
    expect(await graph.probeSignInLog(new Date())).toEqual({ readable: true });
  });

  it('probe: a tenant without Entra ID P1/P2 is told apart from a missing permission', async () => {
    sb = await startSandbox({ seed: 5152, entraIdPremium: false });
    const graph = await sandboxServices(sb, new Redactor()).graph();
    expect(await graph.probeSignInLog(new Date())).toMatchObject({ readable: false, reason: 'licence' });
    const denied = new ServiceError('graph', 'forbidden', 'x', {
      status: 403,
      vendorCode: 'Authorization_RequestDenied',
    });
    expect(signInLogDenial(denied)).toMatchObject({ readable: false, reason: 'permission' });
    // Anything else is not a denial: it fails the step as any service error does.
    expect(signInLogDenial(new ServiceError('graph', 'unavailable', 'x', { status: 503 }))).toBeUndefined();
  });
});

describe('isReplicationLag', () => {
  const graphError = (status: number, vendorCode: string, message: string) =>
    new ServiceError('graph', status === 404 ? 'not-found' : 'bad-request', message, { status, vendorCode });
  const upsert = { operation: 'servicePrincipals.upsert', appId: 'a1' } as const;
  const grant = { operation: 'appRoleAssignments.grant', principalId: 'Sp-1' } as const;

  it('matches the documented lag answers', () => {
    expect(
      isReplicationLag(
        graphError(
          400,
          'Request_BadRequest',
          "The appId 'a1' of the service principal does not reference a valid application object.",
        ),
        upsert,
      ),
    ).toBe(true);
    expect(
      isReplicationLag(graphError(400, 'Request_BadRequest', 'Not a valid reference update.'), grant),
    ).toBe(true);
    expect(
      isReplicationLag(
        graphError(
          404,
          'Request_ResourceNotFound',
          "Resource 'sp-1' does not exist or one of its queried reference-property objects are not present.",
        ),
        grant,
      ),
    ).toBe(true);
  });

  it('leaves every other 400/404 alone', () => {
    expect(
      isReplicationLag(graphError(400, 'Request_BadRequest', 'Not a valid reference update.'), upsert),
    ).toBe(false);
    expect(
      isReplicationLag(
        graphError(400, 'Request_BadRequest', 'Permission being assigned already exists on the object'),
        grant,
      ),
    ).toBe(false);
    expect(
      isReplicationLag(
        graphError(
          404,
          'Request_ResourceNotFound',
          "Resource 'other-resource' does not exist or one of its queried reference-property objects are not present.",
        ),
        grant,
      ),
    ).toBe(false);
    expect(isReplicationLag(new Error('Not a valid reference update.'), grant)).toBe(false);
  });
});
