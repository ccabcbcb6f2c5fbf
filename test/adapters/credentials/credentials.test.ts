// @azure/identity's own credentials, unchanged, against the sandbox's HTTPS authority: the path
// every real user takes (MSAL reads the tenant's OpenID metadata, then posts to the token endpoint).
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { createCredential } from '../../../src/core/credentials/index.ts';
import { fastPolicy } from '../support/sandbox-services.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 5151 });
});
afterAll(async () => {
  await sb.close();
});

const tokenRequests = () =>
  sb.requests.filter((r) => r.service === 'login' && r.path.endsWith('/oauth2/v2.0/token'));
const scope = 'https://graph.microsoft.com/.default';

function secretCredential(redactor: Redactor, clientSecret = sb.credentials.clientSecret) {
  return createCredential(
    { kind: 'client-secret', tenantId: sb.tenantId, clientId: sb.credentials.clientId, clientSecret },
    sb.endpoints,
    { redactor },
  );
}

/** A self-signed certificate and its key in one PEM file, as ClientCertificateCredential reads it. */
function certificateFile(): { file: string; der: Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'sop-integrate automation' }]);
  cert.setIssuer([{ name: 'commonName', value: 'sop-integrate automation' }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sop-cert-')), 'automation.pem');
  writeFileSync(file, `${privateKey}${pem}`, { mode: 0o600 });
  return { file, der: Buffer.from(new X509Certificate(pem).raw) };
}

/** Upload a certificate to the automation app as an admin would (Graph: PATCH keyCredentials). */
async function registerCertificate(der: Buffer): Promise<void> {
  const redactor = new Redactor();
  const token = await secretCredential(redactor).getToken(scope);
  const apps = await fetch(
    `${sb.endpoints.graph}/v1.0/applications?$filter=appId eq '${sb.credentials.clientId}'`,
    { headers: { authorization: `Bearer ${token?.token ?? ''}` } },
  );
  const { value } = (await apps.json()) as { value: Array<{ id: string }> };
  const response = await fetch(`${sb.endpoints.graph}/v1.0/applications/${value[0]!.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token?.token ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      keyCredentials: [
        {
          type: 'AsymmetricX509Cert',
          usage: 'Verify',
          key: der.toString('base64'),
          displayName: 'CN=sop-integrate automation',
        },
      ],
    }),
  });
  expect(response.status, await response.text()).toBe(204);
}

describe('ClientSecretCredential against the sandbox authority', () => {
  it('signs in over HTTPS: OpenID metadata first, then the token endpoint; the token is cached and redacted', async () => {
    const redactor = new Redactor();
    const credential = secretCredential(redactor);
    const before = tokenRequests().length;
    const first = await credential.getToken(scope);
    expect(first?.token.length).toBeGreaterThan(10);
    expect((await credential.getToken(scope))?.token).toBe(first?.token);
    expect(tokenRequests().length - before).toBe(1);
    expect(redactor.text(`token ${first!.token}`)).toBe('token [REDACTED]');
    expect(redactor.text(sb.credentials.clientSecret)).toBe('[REDACTED]');
    expect(sb.url.startsWith('https://127.0.0.1:')).toBe(true);
    expect(
      sb.requests.some((r) => r.path === `/login/${sb.tenantId}/v2.0/.well-known/openid-configuration`),
    ).toBe(true);
    const logged = tokenRequests().at(-1)?.requestBody as Record<string, string>;
    expect(logged.client_secret).toBe('[REDACTED]');
  });

  it('maps a wrong client secret (AADSTS7000215) to an auth error that says to check the credential', async () => {
    const error = await secretCredential(new Redactor(), 'not-the-right-secret')
      .getToken(scope)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ service: 'login', kind: 'auth', details: { status: 401 } });
    expect((error as ServiceError).message).toContain('AADSTS7000215');
    expect((error as ServiceError).hint).toContain('client secret');
    expect((error as ServiceError).message).not.toContain('not-the-right-secret');
  });

  it('answers faults with the real AADSTS body, and MSAL honours a 429 Retry-After as against a real tenant', async () => {
    const id = sb.faults.add({
      service: 'login',
      path: 'oauth2/v2.0/token',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const before = tokenRequests().length;
    const started = Date.now();
    const token = await secretCredential(new Redactor()).getToken(scope);
    sb.faults.remove(id);
    expect(token?.token.length).toBeGreaterThan(10);
    const seen = tokenRequests().slice(before);
    expect(seen.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const body = seen[0]!.responseBody as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining([
        'error',
        'error_description',
        'error_codes',
        'timestamp',
        'trace_id',
        'correlation_id',
      ]),
    );
  });

  it('gives up on a token request the endpoint never answers and asks again; after the last attempt, a timeout error', async () => {
    const id = sb.faults.add({ service: 'login', path: 'oauth2/v2.0/token', kind: 'timeout', times: 1 });
    const credential = createCredential(
      {
        kind: 'client-secret',
        tenantId: sb.tenantId,
        clientId: sb.credentials.clientId,
        clientSecret: sb.credentials.clientSecret,
      },
      sb.endpoints,
      { redactor: new Redactor(), policy: fastPolicy({ timeoutMs: 800 }) },
    );
    const before = tokenRequests().length;
    expect((await credential.getToken(scope))?.token.length).toBeGreaterThan(10);
    expect(
      tokenRequests()
        .slice(before)
        .map((r) => r.fault ?? r.status),
    ).toEqual(['timeout', 200]);
    sb.faults.remove(id);

    const always = sb.faults.add({ service: 'login', path: 'oauth2/v2.0/token', kind: 'timeout' });
    const error = await createCredential(
      {
        kind: 'client-secret',
        tenantId: sb.tenantId,
        clientId: sb.credentials.clientId,
        clientSecret: sb.credentials.clientSecret,
      },
      sb.endpoints,
      { redactor: new Redactor(), policy: fastPolicy({ timeoutMs: 300, retry: { maxAttempts: 2 } }) },
    )
      .getToken('https://outlook.office365.com/.default')
      .catch((e: unknown) => e);
    sb.faults.remove(always);
    expect(error).toMatchObject({ service: 'login', kind: 'timeout' });
  });

  it('serves the tenant OpenID configuration and instance discovery as Entra does', async () => {
    const meta = (await (
      await fetch(`${sb.endpoints.login}/${sb.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(meta.token_endpoint).toBe(`${sb.endpoints.login}/${sb.tenantId}/oauth2/v2.0/token`);
    expect(meta.issuer).toBe(`${sb.endpoints.login}/${sb.tenantId}/v2.0`);
    const unknown = await fetch(
      `${sb.endpoints.login}/no-such-tenant.example/v2.0/.well-known/openid-configuration`,
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
    const discovery = (await (
      await fetch(
        `${sb.endpoints.login}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${sb.endpoints.login}/${sb.tenantId}/oauth2/v2.0/authorize`)}`,
      )
    ).json()) as { tenant_discovery_endpoint: string };
    expect(discovery.tenant_discovery_endpoint).toBe(
      `${sb.endpoints.login}/${sb.tenantId}/v2.0/.well-known/openid-configuration`,
    );
  });
});

describe('ClientCertificateCredential against the sandbox authority', () => {
  it('is refused while the certificate is not registered on the app, and signs in once it is', async () => {
    const { file, der } = certificateFile();
    const config = {
      kind: 'client-certificate',
      tenantId: sb.tenantId,
      clientId: sb.credentials.clientId,
      certificatePath: file,
    } as const;
    const refused = await createCredential(config, sb.endpoints, { redactor: new Redactor() })
      .getToken(scope)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ service: 'login', kind: 'auth' });
    expect((refused as ServiceError).message).toContain('AADSTS700027');

    await registerCertificate(der);
    const token = await createCredential(config, sb.endpoints, { redactor: new Redactor() }).getToken(scope);
    expect(token?.token.length).toBeGreaterThan(10);
    const logged = tokenRequests().at(-1)?.requestBody as Record<string, string>;
    expect(logged.client_assertion).toBe('[REDACTED]');
    expect(logged.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  });

  it('refuses an assertion signed with another certificate than the registered one', async () => {
    const other = certificateFile();
    const error = await createCredential(
      {
        kind: 'client-certificate',
        tenantId: sb.tenantId,
        clientId: sb.credentials.clientId,
        certificatePath: other.file,
      },
      sb.endpoints,
      { redactor: new Redactor() },
    )
      .getToken(scope)
      .catch((e: unknown) => e);
    expect((error as ServiceError).message).toContain('AADSTS700027');
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
    [{ kind: 'client-secret', tenantId: 't1', clientSecret: 's-123456' }, 'clientId'],
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
