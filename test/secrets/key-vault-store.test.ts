import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { ServiceError, type InputError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createSecretStore } from '../../src/secrets/create-secret-store.ts';
import { KeyVaultSecretStore } from '../../src/secrets/key-vault-store.ts';
import type { ToolConfig } from '../../src/config/types.ts';
import { tenantConfigPlan } from '../../src/fleet/tenant-config.ts';
import type { TenantEntry } from '../../src/fleet/tenants-schema.ts';
import { fastPolicy, sandboxConfig, sandboxCredential } from '../adapters/support/sandbox-services.ts';

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ seed: 4242 });
  token = (await credential().getToken('https://vault.azure.net/.default'))?.token ?? '';
});
afterAll(async () => sb?.close());

interface VaultBody {
  value?: string;
  id?: string;
  recoveryId?: string;
  scheduledPurgeDate?: unknown;
  tags?: Record<string, string>;
  attributes: Record<string, unknown>;
  error: { code: string; message: string; innererror?: { code: string } };
}

function credential(redactor = new Redactor()): TokenCredential {
  return sandboxCredential(sb, redactor);
}

function store(redactor = new Redactor()): KeyVaultSecretStore {
  return new KeyVaultSecretStore({
    vaultUrl: sb.keyVaultUrl,
    credential: credential(redactor),
    redactor,
    policy: fastPolicy(),
  });
}

async function vault(method: string, path: string, init: { auth?: boolean; body?: unknown } = {}) {
  const response = await fetch(`${sb.keyVaultUrl}/${path}`, {
    method,
    headers: {
      ...(init.auth === false ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as VaultBody) : undefined,
  };
}

describe('KeyVaultSecretStore against the sandbox vault', () => {
  it('round-trips a secret and leaves nothing after delete (soft delete purged)', async () => {
    const before = sb.snapshot();
    const redactor = new Redactor();
    const s = store(redactor);
    const value = 'kv~Fabrikam.Sync.Secret-8812';
    const ref = await s.put('fabrikam-sync', value, {
      expiresOn: new Date('2027-05-25T00:00:00Z'),
      description: 'Fabrikam sync',
    });
    expect(ref).toEqual({ store: 'keyvault', name: 'fabrikam-sync' });
    expect(redactor.text(`x ${value} y`)).toBe('x [REDACTED] y');
    expect(await s.get('fabrikam-sync')).toBe(value);
    expect(await s.get('FABRIKAM-SYNC')).toBe(value); // names are case-insensitive
    const bundle = await vault('GET', 'secrets/fabrikam-sync?api-version=7.4');
    expect(bundle.body?.id).toMatch(new RegExp(`^${sb.keyVaultUrl}/secrets/fabrikam-sync/[0-9a-f]{32}$`));
    expect(bundle.body).toMatchObject({
      value,
      attributes: {
        enabled: true,
        exp: Date.parse('2027-05-25T00:00:00Z') / 1000,
        recoveryLevel: 'Recoverable+Purgeable',
      },
      tags: { description: 'Fabrikam sync' },
    });
    expect(typeof bundle.body?.attributes.created).toBe('number');
    const created = sb.diff(before, sb.snapshot());
    expect(created.created.map((e) => e.collection)).toEqual(['keyvault.secrets']);
    expect(JSON.stringify(created)).not.toContain(value);

    await s.delete('fabrikam-sync');
    expect(await s.get('fabrikam-sync')).toBeUndefined();
    expect((await vault('GET', 'deletedsecrets/fabrikam-sync?api-version=7.4')).status).toBe(404);
    expect(isEmptyDiff(sb.diff(before, sb.snapshot()))).toBe(true);
    await s.delete('fabrikam-sync'); // deleting again is a no-op
  });

  it('goes through the SDK challenge: a fresh client is answered 401 with WWW-Authenticate, then signs in and repeats', async () => {
    const before = sb.requests.length;
    await store().put('challenge-check', 'challenge-value-4711', {});
    const vaultCalls = sb.requests.slice(before).filter((r) => r.service === 'keyvault');
    expect(vaultCalls.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 401', 'PUT 200']);
    // The first, unauthenticated request carries no body: the SDK holds it back until it has a token.
    expect(vaultCalls[0]?.requestBody).toBeUndefined();
    expect(vaultCalls.every((r) => r.query['api-version'] === '2026-04-01')).toBe(true);
    await store().delete('challenge-check');
  });

  it('writes over a soft-deleted secret of the same name by purging it first', async () => {
    const s = store();
    await s.put('contoso-trap', 'first-value-1234', {});
    const deleted = await vault('DELETE', 'secrets/contoso-trap?api-version=7.4');
    expect(deleted.body).toMatchObject({ recoveryId: `${sb.keyVaultUrl}/deletedsecrets/contoso-trap` });
    expect(typeof deleted.body?.scheduledPurgeDate).toBe('number');
    expect(deleted.body?.value).toBeUndefined();
    const conflict = await vault('PUT', 'secrets/contoso-trap?api-version=7.4', { body: { value: 'x' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body?.error).toMatchObject({
      code: 'Conflict',
      innererror: { code: 'ObjectIsDeletedButRecoverable' },
    });
    await s.put('contoso-trap', 'second-value-5678', {});
    expect(await s.get('contoso-trap')).toBe('second-value-5678');
    await s.delete('contoso-trap');
  });

  it('speaks the real error shapes: api-version required, bearer challenge, SecretNotFound', async () => {
    const missingVersion = await vault('GET', 'secrets/anything');
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body?.error.code).toBe('BadParameter');
    const anonymous = await vault('GET', 'secrets/anything?api-version=7.4', { auth: false });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('resource="https://vault.azure.net"');
    const missing = await vault('GET', 'secrets/not-there?api-version=7.4');
    expect(missing.status).toBe(404);
    expect(missing.body?.error.code).toBe('SecretNotFound');
    expect(missing.body?.error.message).toContain('not-there');
    const badName = await vault('PUT', 'secrets/bad_name?api-version=7.4', { body: { value: 'x' } });
    expect(badName.status).toBe(400);
  });

  it('refuses a Graph token and names a bad secret name before calling', async () => {
    const graphToken = (await credential().getToken('https://graph.microsoft.com/.default'))?.token ?? '';
    const response = await fetch(`${sb.keyVaultUrl}/secrets/x?api-version=7.4`, {
      headers: { authorization: `Bearer ${graphToken}` },
    });
    expect(response.status).toBe(401);
    const refused = await store()
      .put('not_allowed', 'v', {})
      .catch((e: unknown) => e);
    expect((refused as InputError).hint).toContain('letters, digits and dashes');
    const requests = sb.requests.length;
    await expect(store().get('no.dots')).rejects.toThrow(/not allowed in Key Vault/);
    expect(sb.requests.length).toBe(requests);
  });

  it('maps a vault outage to a ServiceError after retries', async () => {
    const id = sb.faults.add({ service: 'keyvault', kind: 'status', status: 503, times: 5 });
    const error = await store()
      .get('fabrikam-sync')
      .catch((e: unknown) => e);
    sb.faults.remove(id);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ service: 'keyvault', kind: 'unavailable' });
  });

  it('is chosen by createSecretStore for secretStore kind keyvault', () => {
    const chosen = createSecretStore({
      secretStore: { kind: 'keyvault', dir: '/unused', vaultUrl: sb.keyVaultUrl },
      credential: {
        kind: 'client-secret',
        tenantId: sb.tenantId,
        clientId: sb.credentials.clientId,
        clientSecret: sb.credentials.clientSecret,
      },
      endpoints: sb.endpoints,
    });
    expect(chosen.kind).toBe('keyvault');
    expect(chosen.describe('fabrikam-sync')).toBe(`keyvault:${sb.keyVaultUrl}/secrets/fabrikam-sync`);
    expect(() => createSecretStore({ secretStore: { kind: 'keyvault', dir: '/unused' } })).toThrow(
      /vaultUrl/,
    );
  });

  it("keeps fleet tenants sharing one vault apart: each tenant's names carry its prefix", async () => {
    const shared: ToolConfig = {
      ...sandboxConfig(sb),
      secretStore: { kind: 'keyvault', dir: '/unused', vaultUrl: sb.keyVaultUrl, namePrefix: 'msp' },
    };
    const storeOf = (name: string) => {
      const plan = tenantConfigPlan(
        { name, tenantId: sb.tenantId } satisfies TenantEntry,
        '/fleet/tenants.yaml',
      );
      return createSecretStore(plan.adjustConfig(shared), { redactor: new Redactor() });
    };
    const [contoso, fabrikam] = [storeOf('contoso.com'), storeOf('fabrikam_eu')];
    expect(contoso.describe('proofpoint-directory-sync')).toBe(
      `keyvault:${sb.keyVaultUrl}/secrets/msp-contoso-com-proofpoint-directory-sync`,
    );
    const ref = await contoso.put('proofpoint-directory-sync', 'contoso-value-81', {});
    expect(ref).toEqual({ store: 'keyvault', name: 'proofpoint-directory-sync' });
    await fabrikam.put('proofpoint-directory-sync', 'fabrikam-value-17', {});
    expect(await contoso.get('proofpoint-directory-sync')).toBe('contoso-value-81');
    expect(await fabrikam.get('proofpoint-directory-sync')).toBe('fabrikam-value-17');
    expect(await store().get('msp-fabrikam-eu-proofpoint-directory-sync')).toBe('fabrikam-value-17');
    await contoso.delete('proofpoint-directory-sync');
    expect(await contoso.get('proofpoint-directory-sync')).toBeUndefined();
    expect(await fabrikam.get('proofpoint-directory-sync')).toBe('fabrikam-value-17');
  });
});
