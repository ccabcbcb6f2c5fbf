// The sandbox's Azure-Blob-compatible upload endpoint: SAS signature and expiry, block id rules,
// Put Block List assembling blocks in the listed order, Azure's XML errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { sasSignature } from '../../src/services/graph/emulator/intune/blob-store.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 3141 });
});
afterAll(() => sb.close());

const FILE = '0f0e0d0c-0b0a-4909-8807-060504030201';
// The signature only depends on the seed, the file and the expiry: sign like the sandbox does.
function sasUrl(expiry: string, sig?: string): string {
  const ctx = { store: { state: { seed: 3141 } } } as Parameters<typeof sasSignature>[0];
  const query = new URLSearchParams({
    sv: '2021-08-06',
    se: expiry,
    sr: 'b',
    sp: 'cw',
    sig: sig ?? sasSignature(ctx, FILE, expiry),
  });
  return `${sb.url}/blob/intunecontent/${FILE}.bin?${query.toString()}`;
}
const put = (url: string, extra: Record<string, string>, body: string | Uint8Array) => {
  const u = new URL(url);
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return fetch(u, { method: 'PUT', body, headers: { 'x-ms-blob-type': 'BlockBlob' } });
};
const id = (n: number, width = 4) => Buffer.from(String(n).padStart(width, '0')).toString('base64');

describe('sandbox blob upload endpoint', () => {
  it('accepts blocks and a block list; refuses mixed id lengths and unknown blocks', async () => {
    const url = sasUrl(new Date(Date.now() + 60_000).toISOString());
    expect((await put(url, { comp: 'block', blockid: id(0) }, new Uint8Array([1, 2, 3]))).status).toBe(201);
    expect((await put(url, { comp: 'block', blockid: id(1) }, new Uint8Array([4, 5]))).status).toBe(201);
    const mixed = await put(url, { comp: 'block', blockid: id(2, 6) }, 'x');
    expect(mixed.status).toBe(400);
    expect(await mixed.text()).toContain('<Code>InvalidBlobOrBlock</Code>');
    const unknown = await put(url, { comp: 'blocklist' }, `<BlockList><Latest>${id(7)}</Latest></BlockList>`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('InvalidBlockList');
    const list = await put(
      url,
      { comp: 'blocklist' },
      `<?xml version="1.0"?><BlockList><Latest>${id(0)}</Latest><Latest>${id(1)}</Latest></BlockList>`,
    );
    expect(list.status).toBe(201);
  });

  it('refuses an expired or forged SAS with 403 AuthenticationFailed', async () => {
    const expired = await put(
      sasUrl(new Date(Date.now() - 1000).toISOString()),
      { comp: 'block', blockid: id(0) },
      'x',
    );
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(
      /<Code>AuthenticationFailed<\/Code><Message>Signature not valid in the specified time frame/,
    );
    const forged = await put(
      sasUrl(new Date(Date.now() + 60_000).toISOString(), 'Zm9yZ2Vk'),
      { comp: 'block', blockid: id(0) },
      'x',
    );
    expect(forged.status).toBe(403);
  });
});
