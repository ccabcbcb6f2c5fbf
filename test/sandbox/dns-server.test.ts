// The sandbox's DNS over the wire: hand-built queries over real UDP and TCP to the loopback
// authoritative server (A, NS, MX, TXT, SOA with TTL, the AA flag, NXDOMAIN with the SOA, REFUSED
// outside its zones), the Cloudflare API envelope and auth errors, and the caching resolver view.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, type Message } from '../../src/services/dns/client/wire.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 4646, dns: { mxTtl: 2, minTtl: 1 } });
});
afterAll(async () => {
  await sb.close();
});

const TYPE = { A: 1, NS: 2, SOA: 6, MX: 15, TXT: 16 } as const;

/** An RFC 1035 query written byte by byte, independent of the adapter's encoder. */
function query(id: number, name: string, type: keyof typeof TYPE): Buffer {
  const labels = name.split('.').flatMap((l) => [Buffer.from([l.length]), Buffer.from(l, 'ascii')]);
  const header = Buffer.from([id >> 8, id & 0xff, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const tail = Buffer.from([0, 0, TYPE[type], 0, 1]);
  return Buffer.concat([header, ...labels, tail]);
}

function overUdp(packet: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('no UDP answer'));
    }, 2000);
    socket.once('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.send(packet, sb.dns.nameserver.port, sb.dns.nameserver.host);
  });
}

function overTcp(packet: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(sb.dns.nameserver.port, sb.dns.nameserver.host);
    let data = Buffer.alloc(0);
    socket.setTimeout(2000, () => socket.destroy(new Error('no TCP answer')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk as Buffer]);
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        socket.end();
        resolve(data.subarray(2, 2 + data.readUInt16BE(0)));
      }
    });
    const length = Buffer.alloc(2);
    length.writeUInt16BE(packet.length);
    socket.write(Buffer.concat([length, packet]));
  });
}

const aa = (raw: Buffer) => (raw[2]! & 0x04) !== 0;
const rcode = (raw: Buffer) => raw[3]! & 0x0f;
const idOf = (raw: Buffer) => raw.readUInt16BE(0);

function answers(message: Message): string[] {
  return message.answers.map((r) => {
    if (r.type === 'MX') return `MX ${r.preference} ${r.exchange} ${r.ttl}`;
    if (r.type === 'TXT') return `TXT ${r.text} ${r.ttl}`;
    if (r.type === 'A') return `A ${r.address} ${r.ttl}`;
    if (r.type === 'NS') return `NS ${r.host} ${r.ttl}`;
    return `${r.type} ${r.ttl}`;
  });
}

describe('authoritative DNS server on loopback', () => {
  it('answers MX, TXT, A and NS over UDP with TTLs and the AA flag, echoing the query id', async () => {
    const mx = await overUdp(query(0x5a17, 'contoso.example', 'MX'));
    expect(idOf(mx)).toBe(0x5a17);
    expect(aa(mx)).toBe(true);
    expect(rcode(mx)).toBe(0);
    expect(answers(decodeMessage(mx))).toEqual(['MX 0 contoso-example.mail.protection.outlook.com 2']);
    const txt = decodeMessage(await overUdp(query(2, 'contoso.example', 'TXT')));
    expect(answers(txt)).toEqual(['TXT v=spf1 include:spf.protection.outlook.com -all 2']);
    const a = decodeMessage(await overUdp(query(3, 'www.contoso.example', 'A')));
    expect(answers(a)).toEqual(['A 192.0.2.80 3600']);
    const ns = decodeMessage(await overUdp(query(4, 'fabrikam.example', 'NS')));
    expect(answers(ns).sort()).toEqual(['NS ns1.fabrikam.example 86400', 'NS ns2.fabrikam.example 86400']);
  });

  it('answers SOA over TCP with the zone serial, and the same MX as over UDP', async () => {
    const soaRaw = await overTcp(query(0x0b0b, 'contoso.example', 'SOA'));
    expect(idOf(soaRaw)).toBe(0x0b0b);
    expect(aa(soaRaw)).toBe(true);
    const soa = decodeMessage(soaRaw).answers[0];
    expect(soa).toMatchObject({ type: 'SOA', ttl: 3600 });
    expect(soa?.type === 'SOA' ? soa.soa.serial : 0).toBeGreaterThanOrEqual(2026110101);
    const mx = decodeMessage(await overTcp(query(6, 'contoso.example', 'MX')));
    expect(answers(mx)).toEqual(['MX 0 contoso-example.mail.protection.outlook.com 2']);
  });

  it('NXDOMAIN with the SOA (negative TTL) for a missing name, NODATA for a missing type, REFUSED outside', async () => {
    const missing = await overUdp(query(7, 'nothere.contoso.example', 'A'));
    expect(rcode(missing)).toBe(3);
    expect(aa(missing)).toBe(true);
    const negative = decodeMessage(missing);
    expect(negative.answers).toEqual([]);
    expect(negative.authorities[0]).toMatchObject({ type: 'SOA', ttl: 300, name: 'contoso.example' });
    const nodata = await overUdp(query(8, 'www.contoso.example', 'MX'));
    expect(rcode(nodata)).toBe(0);
    expect(decodeMessage(nodata).answers).toEqual([]);
    const outside = await overTcp(query(9, 'example.org', 'MX'));
    expect(rcode(outside)).toBe(5);
    expect(aa(outside)).toBe(false);
  });
});

const api = (path: string, init: RequestInit = {}, token: string | null = sb.dns.cloudflareToken) =>
  fetch(`${sb.endpoints.dnsApi}${path}`, {
    ...init,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      'content-type': 'application/json',
    },
  });

describe('Cloudflare-compatible API', () => {
  it('lists zones and records in the v4 envelope with result_info', async () => {
    const zones = (await (await api('/zones?name=contoso.example')).json()) as {
      success: boolean;
      result: Array<{ id: string; name: string; name_servers: string[] }>;
      result_info: { total_count: number };
    };
    expect(zones).toMatchObject({ success: true, errors: [], messages: [], result_info: { total_count: 1 } });
    expect(zones.result[0]?.name_servers).toEqual(['ns1.contoso.example', 'ns2.contoso.example']);
    const id = zones.result[0]?.id ?? '';
    const mx = (await (await api(`/zones/${id}/dns_records?type=MX`)).json()) as {
      result: Array<{ type: string; content: string; priority: number; ttl: number; zone_name: string }>;
    };
    expect(mx.result).toEqual([
      expect.objectContaining({
        type: 'MX',
        content: 'contoso-example.mail.protection.outlook.com',
        priority: 0,
        ttl: 2,
        zone_name: 'contoso.example',
      }),
    ]);
  });

  it('400 without a token, 403 with a wrong one, both in the error envelope; a bad record is a 400', async () => {
    const none = await api('/zones', {}, null);
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({
      success: false,
      errors: [{ code: 10001, message: 'Missing Authorization header' }],
      messages: [],
      result: null,
    });
    const wrong = await api('/zones', {}, 'cf-wrong-token');
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { errors: unknown[] }).errors).toEqual([
      { code: 10000, message: 'Authentication error' },
    ]);
    const zones = (await (await api('/zones?name=fabrikam.example')).json()) as {
      result: Array<{ id: string }>;
    };
    const bad = await api(`/zones/${zones.result[0]?.id}/dns_records`, {
      method: 'POST',
      body: JSON.stringify({
        type: 'MX',
        name: 'fabrikam.example',
        content: 'mx.example',
        priority: 10,
        ttl: 90000,
      }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { success: boolean }).success).toBe(false);
  });
});

describe('caching resolver view', () => {
  it('keeps the old MX until its TTL expires, while the authoritative server already has the new one', async () => {
    const resolve = async () =>
      (await (await fetch(`${sb.dns.resolverUrl}?name=contoso.example&type=MX`)).json()) as {
        source: string;
        ttlRemaining: number;
        records: Array<{ content: string; priority?: number }>;
      };
    const first = await resolve();
    expect(first).toMatchObject({
      source: 'authoritative',
      ttlRemaining: 2,
      records: [{ content: 'contoso-example.mail.protection.outlook.com', priority: 0 }],
    });
    const zones = (await (await api('/zones?name=contoso.example')).json()) as {
      result: Array<{ id: string }>;
    };
    const created = await api(`/zones/${zones.result[0]?.id}/dns_records`, {
      method: 'POST',
      body: JSON.stringify({
        type: 'MX',
        name: 'contoso.example',
        content: 'mx1-us1.ppe-hosted.com',
        priority: 10,
        ttl: 2,
      }),
    });
    expect(created.status).toBe(200);
    const authoritative = decodeMessage(await overUdp(query(10, 'contoso.example', 'MX')));
    expect(answers(authoritative)).toContain('MX 10 mx1-us1.ppe-hosted.com 2');
    const cached = await resolve();
    expect(cached.source).toBe('cache');
    expect(cached.records).toEqual(first.records);
    await new Promise((r) => setTimeout(r, 2100));
    const fresh = await resolve();
    expect(fresh.source).toBe('authoritative');
    expect(fresh.records.map((r) => r.content).sort()).toEqual([
      'contoso-example.mail.protection.outlook.com',
      'mx1-us1.ppe-hosted.com',
    ]);
  });
});
