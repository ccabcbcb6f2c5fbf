/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON answers freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, graphCaller, requestToken, tokenFor } from './helpers.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 4211 });
});
afterAll(async () => sandbox.close());

const form = (over: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: sandbox.credentials.clientId,
  client_secret: sandbox.credentials.clientSecret,
  scope: GRAPH_SCOPE,
  ...over,
});

describe('token endpoint', () => {
  it('issues an opaque bearer token for the Graph scope', async () => {
    const answer = await requestToken(sandbox, form());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(answer.body.access_token).toMatch(/^sbx\.[A-Za-z0-9_-]{40,}$/);
    expect(sandbox.issuedSecrets()).toContain(answer.body.access_token);
  });

  it('accepts the tenant by verified domain name too', async () => {
    expect((await requestToken(sandbox, form(), 'contoso.example')).status).toBe(200);
  });

  it('answers a bad secret with 401 invalid_client AADSTS7000215', async () => {
    const answer = await requestToken(sandbox, form({ client_secret: 'not-the-secret' }));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(answer.body.error_codes).toEqual([7000215]);
    expect(answer.body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    expect(answer.body).toHaveProperty('trace_id');
    expect(answer.body).toHaveProperty('correlation_id');
  });

  it('answers an unknown client with 400 unauthorized_client AADSTS700016', async () => {
    const answer = await requestToken(sandbox, form({ client_id: '6f1e0a52-1111-4c3b-9d2e-0f0e0d0c0b0a' }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('unauthorized_client');
    expect(answer.body.error_codes).toEqual([700016]);
    expect(answer.body.error_description).toContain("'6f1e0a52-1111-4c3b-9d2e-0f0e0d0c0b0a'");
  });

  it('rejects a scope without /.default (AADSTS1002012) and an unknown resource (AADSTS500011)', async () => {
    const noDefault = await requestToken(
      sandbox,
      form({ scope: 'https://graph.microsoft.com/User.Read.All' }),
    );
    expect(noDefault.status).toBe(400);
    expect(noDefault.body.error).toBe('invalid_scope');
    expect(noDefault.body.error_codes).toEqual([1002012]);
    const unknown = await requestToken(sandbox, form({ scope: 'https://api.unknown.example/.default' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_resource');
    expect(unknown.body.error_codes).toEqual([500011]);
  });

  it('rejects an unknown tenant and another grant type', async () => {
    expect((await requestToken(sandbox, form(), 'nowhere.example')).body.error_codes).toEqual([90002]);
    const grant = await requestToken(sandbox, form({ grant_type: 'password' }));
    expect(grant.body.error).toBe('unsupported_grant_type');
  });

  it('never logs the client secret or the issued token', async () => {
    const answer = await requestToken(sandbox, form());
    const log = JSON.stringify(sandbox.requests);
    expect(log).not.toContain(sandbox.credentials.clientSecret);
    expect(log).not.toContain(answer.body.access_token);
  });
});

describe('Graph authentication and authorisation', () => {
  it('401 InvalidAuthenticationToken without a token, with a bad one, and with an Exchange token', async () => {
    const exchangeToken = await tokenFor(sandbox, EXCHANGE_SCOPE);
    for (const token of [undefined, 'sbx.forged', exchangeToken]) {
      const answer = await graphCaller(sandbox, token)('GET', '/applications');
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('InvalidAuthenticationToken');
      expect(answer.body.error.innerError).toHaveProperty('request-id');
      expect(answer.body.error.innerError).toHaveProperty('client-request-id');
      expect(answer.body.error.innerError).toHaveProperty('date');
      expect(answer.headers.get('request-id')).toBe(answer.body.error.innerError['request-id']);
    }
  });

  it('401 once a token has expired', async () => {
    const other = await startSandbox({ seed: 4212 });
    try {
      const call = graphCaller(other, await tokenFor(other));
      expect((await call('GET', '/groups')).status).toBe(200);
      other.expireTokens();
      const answer = await call('GET', '/groups');
      expect(answer.status).toBe(401);
      expect(answer.body.error.message).toMatch(/expired/);
    } finally {
      await other.close();
    }
  });

  it('403 Authorization_RequestDenied when the app lacks the role for the route', async () => {
    // A freshly registered app granted only Group.Read.All may read groups but not applications.
    const admin = graphCaller(sandbox, await tokenFor(sandbox));
    const app = (await admin('POST', '/applications', { displayName: 'Reader With Groups Only' })).body;
    const sp = (await admin('POST', '/servicePrincipals', { appId: app.appId })).body;
    const graphSp = (await admin('GET', "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')"))
      .body;
    await admin('POST', `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
      principalId: sp.id,
      resourceId: graphSp.id,
      appRoleId: '5b567255-7703-4780-807c-7be8301ae99b',
    });
    const secret = (
      await admin('POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'k' } })
    ).body;
    const reader = graphCaller(
      sandbox,
      await tokenFor(sandbox, GRAPH_SCOPE, { clientId: app.appId, clientSecret: secret.secretText }),
    );
    expect((await reader('GET', '/groups')).status).toBe(200);
    const denied = await reader('GET', '/applications');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('Authorization_RequestDenied');
  });
});
