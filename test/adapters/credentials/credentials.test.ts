import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { createCredential } from '../../../src/adapters/credentials/index.ts';
import { fastPolicy } from '../support/sandbox-services.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const tokenRequests = () =>
  sb.requests.filter((r) => r.service === 'login' && r.path.endsWith('/oauth2/v2.0/token')).length;
const scope = 'https://graph.microsoft.com/.default';

describe('sandbox credential (OAuth2 client credentials)', () => {
  it('gets a token, caches it, and refreshes it five minutes before expiry', async () => {
    let clock = Date.now();
    const redactor = new Redactor();
    const credential = createCredential(
      {
        kind: 'sandbox',
        tenantId: sb.tenantId,
        clientId: sb.credentials.clientId,
        clientSecret: sb.credentials.clientSecret,
      },
      sb.endpoints,
      { redactor, policy: fastPolicy({ now: () => new Date(clock) }) },
    );
    const before = tokenRequests();
    const first = await credential.getToken(scope);
    expect(first?.token.length).toBeGreaterThan(10);
    expect(await credential.getToken(scope)).toEqual(first);
    expect(tokenRequests() - before).toBe(1);
    expect(redactor.text(`token ${first!.token}`)).toBe('token [REDACTED]');
    expect(redactor.text(sb.credentials.clientSecret)).toBe('[REDACTED]');

    clock = first!.expiresOnTimestamp - 4 * 60_000; // inside the 5-minute margin
    await credential.getToken(scope);
    expect(tokenRequests() - before).toBe(2);
  });

  it('maps a wrong client secret to an auth error that says to check the credential', async () => {
    const credential = createCredential(
      {
        kind: 'sandbox',
        tenantId: sb.tenantId,
        clientId: sb.credentials.clientId,
        clientSecret: 'not-the-right-secret',
      },
      sb.endpoints,
      { redactor: new Redactor(), policy: fastPolicy() },
    );
    const error = await credential.getToken(scope).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).kind).toBe('auth');
    expect((error as ServiceError).hint).toContain('client secret');
    expect((error as ServiceError).message).not.toContain('not-the-right-secret');
  });
});

describe('createCredential config checks', () => {
  const endpoints = {
    login: 'https://login.example',
    graph: 'https://graph.example',
    exchange: 'https://exo.example',
  };
  it.each([
    [{ kind: 'client-secret', tenantId: 't1', clientId: 'c1' }, 'clientSecret'],
    [{ kind: 'client-certificate', tenantId: 't1', clientId: 'c1' }, 'certificatePath'],
    [{ kind: 'sandbox', tenantId: 't1', clientSecret: 's-123456' }, 'clientId'],
  ] as const)('refuses %o without %s, before anything is called', (config, field) => {
    expect(() => createCredential(config, endpoints, { redactor: new Redactor() })).toThrow(InputError);
    expect(() => createCredential(config, endpoints, { redactor: new Redactor() })).toThrow(field);
  });

  it('registers a configured client secret with the redactor at once', () => {
    const redactor = new Redactor();
    createCredential(
      { kind: 'client-secret', tenantId: 't1', clientId: 'c1', clientSecret: 'cfg-secret-991' },
      endpoints,
      { redactor },
    );
    expect(redactor.text('cfg-secret-991')).toBe('[REDACTED]');
  });
});
