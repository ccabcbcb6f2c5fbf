// The NinjaOne adapter against the sandbox over real HTTP: OAuth, organizations and locations by
// name or id, the installer (sha256 recorded, a real MSI), device pages with df filters, device
// detail, a built-in action with its result; and the failure statuses mapped to ServiceError.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNinjaOneClient,
  ninjaOneBaseUrl,
  type NinjaOneClient,
} from '../../../src/services/ninjaone/client/index.ts';
import { ServiceError, VendorResponseError } from '../../../src/errors.ts';
import { readMsiInfo } from '../../../src/intunewin/index.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { fastPolicy } from '../support/sandbox-services.ts';

let sb: Sandbox;
let client: NinjaOneClient;
const redactor = new Redactor();

beforeAll(async () => {
  sb = await startSandbox({ seed: 4242 });
  client = createNinjaOneClient({
    region: sb.ninjaone.baseUrl,
    clientId: sb.ninjaone.clientId,
    clientSecret: sb.ninjaone.clientSecret,
    policy: fastPolicy(),
    redactor,
  });
});
afterAll(() => sb.close());

const collect = async (pages: AsyncIterable<{ id: number }[]>) => {
  const ids: number[][] = [];
  for await (const page of pages) ids.push(page.map((d) => d.id));
  return ids;
};

describe('NinjaOne adapter', () => {
  it('resolves every region key and refuses plain http off loopback', () => {
    expect(ninjaOneBaseUrl('eu')).toBe('https://eu.ninjarmm.com');
    expect(ninjaOneBaseUrl('FED')).toBe('https://fed.ninjarmm.com');
    expect(ninjaOneBaseUrl('https://acme.rmmservice.example/')).toBe('https://acme.rmmservice.example');
    expect(() => ninjaOneBaseUrl('mars')).toThrow(/Unknown NinjaOne region/);
    expect(() => ninjaOneBaseUrl('http://ninja.example.com')).toThrow(/https/);
  });

  it('finds organizations and locations by name or id', async () => {
    const org = await client.findOrganization('Contoso Ltd');
    expect(org?.id).toBe(41);
    expect((await client.findOrganization('58'))?.name).toBe('Fabrikam Inc');
    expect(await client.findOrganization('Nobody Inc')).toBeUndefined();
    expect((await client.findLocation(41, 'Remote Workers'))?.id).toBe(12);
    expect((await client.findLocation(41, 7))?.name).toBe('Head Office');
    await expect(client.listLocations(999)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('downloads the location installer, records its sha256, and it is a real MSI', async () => {
    const url = await client.installerLink(41, 7);
    expect(redactor.text(url)).not.toContain('/installer/');
    const dir = mkdtempSync(path.join(tmpdir(), 'ninja-dl-'));
    const file = await client.downloadInstaller(url, dir, 'NinjaOneAgent-x86.msi');
    const bytes = readFileSync(file.path);
    expect(file.size).toBe(bytes.length);
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const info = await readMsiInfo(file.path);
    expect(info.productVersion).toBe('5.9.9352');
    expect(info.manufacturer).toBe('NinjaRMM LLC');
    expect(info.productCode).toMatch(/^\{[0-9A-F-]{36}\}$/);
  });

  it('pages devices by cursor and applies df filters', async () => {
    const all = await collect(client.devicePages('devices', { pageSize: 2 }));
    expect(all).toEqual([
      [301, 302],
      [303, 304],
      [306, 401],
    ]);
    const contoso = await collect(
      client.devicePages('devices-detailed', { df: 'org = 41 AND class eq WINDOWS_WORKSTATION' }),
    );
    expect(contoso.flat()).toEqual([301, 302, 303, 304]);
    const servers = await collect(client.devicePages('devices', { df: 'class in (WINDOWS_SERVER,MAC)' }));
    expect(servers.flat()).toEqual([306]);
    await expect(collect(client.devicePages('devices', { df: 'colour = blue' }))).rejects.toBeInstanceOf(
      ServiceError,
    );
  });

  it('reads device detail with OS, hardware and last contact', async () => {
    const device = await client.getDevice(303);
    expect(device?.system?.serialNumber).toBe('5CG1230AB3');
    expect(device?.os?.name).toBe('Windows 11 Enterprise');
    expect(device?.locationId).toBe(12);
    expect(device?.lastContact).toBeGreaterThan(1_767_600_000);
    expect(await client.getDevice(999)).toBeUndefined();
  });

  it('finds actions and scripts by name in the scripting options, runs them and waits for their activity', async () => {
    const options = await client.scriptingOptions(302);
    const inventory = options.find((o) => o.name === 'Refresh device inventory');
    const script = options.find((o) => o.type === 'SCRIPT');
    expect(inventory?.type).toBe('ACTION');
    expect(inventory?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(script?.type).toBe('SCRIPT');
    expect(typeof script?.id).toBe('number');
    const wait = {
      timeoutMs: 2_000,
      intervalMs: 10,
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
      now: () => new Date(),
    };
    const activity = await client.runAndWait(
      302,
      { type: 'ACTION', uid: inventory?.uid ?? '' },
      { name: 'Refresh device inventory' },
      wait,
    );
    expect(activity).toMatchObject({
      statusCode: 'COMPLETED',
      activityResult: 'SUCCESS',
      deviceId: 302,
      activityType: 'ACTION',
    });
    // A library script's activity is matched by its name (its id is an int32, not a uuid).
    const scripted = await client.runAndWait(
      302,
      { type: 'SCRIPT', id: script?.id ?? 0 },
      { name: script?.name ?? '' },
      wait,
    );
    expect(scripted).toMatchObject({
      activityType: 'SCRIPTING',
      sourceName: script?.name,
      activityResult: 'SUCCESS',
    });
    expect(scripted.id).toBeGreaterThan(activity.id);
    await expect(
      client.runAndWait(
        302,
        { type: 'ACTION', uid: '00000000-0000-4000-8000-000000000000' },
        { name: 'Not an action' },
        { ...wait, timeoutMs: 100 },
      ),
    ).rejects.toMatchObject({ kind: 'bad-request' });
  });

  it('maps 401 (wrong secret), 429 and 5xx, and never leaks the client secret', async () => {
    const wrong = createNinjaOneClient({
      region: sb.ninjaone.baseUrl,
      clientId: sb.ninjaone.clientId,
      clientSecret: 'not-the-secret-123',
      policy: fastPolicy(),
      redactor: new Redactor(),
    });
    const error = await wrong.listOrganizations().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', service: 'ninjaone' });
    expect(String((error as Error).message)).not.toContain('not-the-secret-123');

    const id = sb.faults.add({
      service: 'ninjaone',
      path: 'v2/organizations',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
    });
    expect((await client.listOrganizations()).length).toBe(2);
    sb.faults.remove(id);
    sb.faults.add({ service: 'ninjaone', path: 'v2/device/301', kind: 'status', status: 503, times: 5 });
    await expect(client.getDevice(301)).rejects.toMatchObject({ kind: 'unavailable' });
    sb.faults.clear();
  });

  it('rejects a malformed 200 as a vendor response error', async () => {
    sb.faults.clear();
    const broken = createNinjaOneClient({
      region: `${sb.url}/graph`,
      clientId: 'x',
      clientSecret: 'y-secret',
      policy: fastPolicy(),
      redactor: new Redactor(),
    });
    // The Graph emulator answers the token path with a JSON error, not a NinjaOne token.
    await expect(broken.listOrganizations()).rejects.toSatisfy(
      (e: unknown) => e instanceof ServiceError || e instanceof VendorResponseError,
    );
  });
});
