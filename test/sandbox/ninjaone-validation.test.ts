// The NinjaOne emulator checks every request against the vendor's OpenAPI description before
// handling it: parameter types, enums and bounds, undeclared parameters, and the script/run body.
// Each refusal is sent over real HTTP. The committed facts must equal what the description says.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { NINJAONE_FACTS } from '../../src/services/ninjaone/emulator/openapi-facts.ts';
import { operationsFromSpec } from '../../src/services/ninjaone/emulator/openapi-model.ts';
import { reference } from '../support/reference.ts';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  sb = await startSandbox({ seed: 4242 });
  const res = await fetch(`${sb.ninjaone.baseUrl}/ws/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sb.ninjaone.clientId,
      client_secret: sb.ninjaone.clientSecret,
      scope: 'monitoring management control',
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.close());

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; message: string }> {
  const res = await fetch(`${sb.ninjaone.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as { errorMessage?: string });
  return { status: res.status, message: parsed.errorMessage ?? '' };
}

describe('sandbox NinjaOne refuses what its OpenAPI description does not allow', () => {
  it('accepts declared parameters of the right types', async () => {
    expect((await call('GET', '/v2/devices?pageSize=2&after=0&df=org%20%3D%201')).status).toBe(200);
  });

  it.each([
    ['GET', '/v2/organizations?pageSize=ten', /'pageSize' must be an integer/],
    ['GET', '/v2/organizations?pagesize=10', /Unknown query parameter 'pagesize'/],
    ['GET', '/v2/devices?after=99999999999', /'after' is outside int32/],
    ['GET', '/v2/device/301/activities?pageSize=5', /'pageSize' must be >= 10/],
    [
      'GET',
      '/v2/organization/1/location/1/installer/WINDOWS_EXE',
      /'installer_type' must be one of WINDOWS_MSI/,
    ],
  ])('%s %s -> 400', async (method, path, words) => {
    const answer = await call(method, path);
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(words);
  });

  it.each([
    [
      { type: 'PROGRAM', uid: 'e7c1b0f2-8a6e-4f0e-b1c5-2f1d7a9e6c3b' },
      /'body.type' must be one of ACTION, SCRIPT/,
    ],
    [{ type: 'ACTION', uid: 'flush-dns' }, /'body.uid' must be a UUID/],
    [{ type: 'SCRIPT', id: '12' }, /'body.id' must be an integer/],
    [{ type: 'ACTION', uid: 'e7c1b0f2-8a6e-4f0e-b1c5-2f1d7a9e6c3b', runAS: 'system' }, /no property 'runAS'/],
  ])('POST script/run %j -> 400', async (body, words) => {
    const answer = await call('POST', '/v2/device/301/script/run', body);
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(words);
  });
});

const openapi = reference('ninjaone/openapi-v2.yaml', 'the committed NinjaOne facts against openapi-v2.yaml');
describe.skipIf(!openapi.present)(openapi.title, () => {
  it('equal what scripts/generate-ninjaone-facts.ts cuts from the description (regenerate if not)', () => {
    const spec = parse(readFileSync(openapi.path, 'utf8')) as Record<string, unknown>;
    expect(NINJAONE_FACTS).toEqual(operationsFromSpec(spec));
  });
});
