// The Cloudflare look-alike refuses record bodies with fields or field types its API schema does
// not have, and keeps to the documented page sizes (zones at most 50 a page), over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sb: Sandbox;
let zoneId: string;

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sb.endpoints.dnsApi}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${sb.dns.cloudflareToken}`, 'content-type': 'application/json' },
  });

beforeAll(async () => {
  sb = await startSandbox({ seed: 1111 });
  const zones = (await (await api('/zones?name=contoso.example')).json()) as {
    result: Array<{ id: string }>;
  };
  zoneId = zones.result[0]?.id ?? '';
});
afterAll(() => sb.close());

describe('Cloudflare record bodies and paging', () => {
  const txt = { type: 'TXT', name: 'probe.contoso.example', content: 'v=probe', ttl: 300 };

  it('accepts a documented body', async () => {
    const res = await api(`/zones/${zoneId}/dns_records`, { method: 'POST', body: JSON.stringify(txt) });
    expect(res.status).toBe(200);
  });

  it.each([
    [{ ...txt, contnet: 'typo' }, /unknown field 'contnet'/],
    [{ ...txt, proxied: 'no' }, /'proxied' must be of type boolean/],
    [{ ...txt, ttl: '300' }, /'ttl' must be of type number/],
    [{ ...txt, tags: 'a:b' }, /'tags' must be of type string\[\]/],
    [{ ...txt, priority: 10 }, /'priority' applies to MX/],
  ])('refuses %j with 400 in the v4 envelope', async (body, words) => {
    const res = await api(`/zones/${zoneId}/dns_records`, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const answer = (await res.json()) as {
      success: boolean;
      errors: Array<{ code: number; message: string }>;
    };
    expect(answer.success).toBe(false);
    expect(answer.errors[0]?.code).toBe(9207);
    expect(answer.errors[0]?.message).toMatch(words);
  });

  it('pages zones by 20 unless asked, and by at most 50', async () => {
    const info = async (query: string) =>
      ((await (await api(`/zones${query}`)).json()) as { result_info: { per_page: number } }).result_info
        .per_page;
    expect(await info('')).toBe(20);
    expect(await info('?per_page=100')).toBe(50);
  });
});
