// The Route 53 provider over real HTTP against the sandbox's Route 53 emulation (SigV4-checked,
// REST-XML), whose writes land in the same zone data the loopback authoritative server answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthoritativeResolver } from '../../../src/services/dns/client/authoritative.ts';
import type { DnsProvider } from '../../../src/services/dns/client/provider.ts';
import {
  createRoute53Provider,
  type Route53ProviderOptions,
} from '../../../src/services/dns/client/route53.ts';
import { Route53Api } from '../../../src/services/dns/client/route53-api.ts';
import { InputError, RefusedError, ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';

let sandbox: Sandbox;

function options(overrides: Partial<Route53ProviderOptions> = {}): Route53ProviderOptions {
  const { accessKeyId, secretAccessKey, region } = sandbox.dns.route53;
  return {
    region,
    endpoint: sandbox.endpoints.route53!,
    credentials: { accessKeyId, secretAccessKey },
    pollIntervalMs: 40,
    maxWaitSeconds: 10,
    redactor: new Redactor(),
    ...overrides,
  };
}

const route53Calls = (from: number) => sandbox.requests.slice(from).filter((r) => r.service === 'route53');
const authoritative = () =>
  createAuthoritativeResolver({ nameserver: sandbox.dns.nameserver, timeoutMs: 2000 });

/** The ChangeInfo of a logged GetChange or ChangeResourceRecordSets reply. */
function changeInfoOf(body: unknown): { Id: string; Status: string } {
  const reply = body as Record<string, { ChangeInfo: { Id: string; Status: string } }>;
  return Object.values(reply)[0]!.ChangeInfo;
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 4242, dns: { mxTtl: 2400, route53ChangeDelayMs: 250 } });
});
afterAll(() => sandbox.close());

describe('Route 53 provider', () => {
  it('finds the public hosted zone by name and reads MX and TXT with their TTLs', async () => {
    const provider = createRoute53Provider(options());
    const from = sandbox.requests.length;
    expect(await provider.getMx('contoso.example', '@')).toEqual({
      ttl: 2400,
      records: [{ exchange: 'contoso-example.mail.protection.outlook.com', preference: 0 }],
    });
    expect(await provider.getTxt('contoso.example', '')).toEqual({
      ttl: 2400,
      values: ['v=spf1 include:spf.protection.outlook.com -all'],
    });
    const calls = route53Calls(from);
    expect(calls.filter((c) => c.path.endsWith('/hostedzonesbyname'))).toHaveLength(1); // then cached
    expect(calls.find((c) => c.path.endsWith('/rrset'))?.query).toMatchObject({
      name: 'contoso.example.',
      type: 'MX',
    });
  });

  it('swaps the MX set in one batch, returns only once GetChange says INSYNC, and DNS follows', async () => {
    const provider = createRoute53Provider(options({ hostedZoneIds: sandbox.dns.route53.hostedZoneIds }));
    const from = sandbox.requests.length;
    await provider.setMx(
      'contoso.example',
      '@',
      [
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
        { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
      ],
      600,
    );
    const calls = route53Calls(from);
    expect(calls.some((c) => c.path.endsWith('/hostedzonesbyname'))).toBe(false); // configured id used
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(String(posts[0]?.requestBody)).toMatch(/<Action>DELETE<\/Action>[\s\S]*<Action>CREATE<\/Action>/);
    const polls = calls.filter((c) => c.path.includes('/change/'));
    const statuses = polls.map((c) => changeInfoOf(c.responseBody).Status);
    expect(statuses.at(0)).toBe('PENDING');
    expect(statuses.at(-1)).toBe('INSYNC');
    expect(calls.at(-1)?.path).toContain('/change/'); // nothing after the INSYNC answer: it returned

    const view = await authoritative().query('contoso.example', 'contoso.example', 'MX');
    expect(
      view.answers[0]?.records.map((r) => (r.type === 'MX' ? [r.preference, r.exchange, r.ttl] : [])),
    ).toEqual([
      [10, 'mx1-us1.ppe-hosted.com', 600],
      [20, 'mx2-us1.ppe-hosted.com', 600],
    ]);
  });

  it('changes only the MX TTL, and a repeated write submits nothing', async () => {
    const provider = createRoute53Provider(options());
    await provider.setMxTtl('contoso.example', '@', 120);
    expect(await provider.getMx('contoso.example', '@')).toEqual({
      ttl: 120,
      records: [
        { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
      ],
    });
    const view = await authoritative().query('contoso.example', 'contoso.example', 'MX');
    expect(view.answers[0]?.records.map((r) => r.ttl)).toEqual([120, 120]);
    const from = sandbox.requests.length;
    await provider.setMxTtl('contoso.example', '@', 120);
    await provider.setMx(
      'contoso.example',
      '@',
      [
        { exchange: 'MX1-US1.ppe-hosted.com.', preference: 10 },
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
      ],
      120,
    );
    expect(route53Calls(from).filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('replaces one TXT value, keeps the others, handles >255 characters and quotes, deletes the last', async () => {
    const provider = createRoute53Provider(options());
    const spf = 'v=spf1 include:spf.protection.outlook.com -all';
    const longValue = `v=DKIM1; k=rsa; p=${'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A'.repeat(12)}`;
    const quoted = 'note="quoted \\ value"';
    const from = sandbox.requests.length;
    await provider.replaceTxt('fabrikam.example', '@', undefined, longValue, 900);
    // Sent as two quoted character-strings: 255 characters, then the rest.
    const body = String(route53Calls(from).find((c) => c.method === 'POST')?.requestBody);
    expect(body).toContain(`&quot;${longValue.slice(0, 255)}&quot; &quot;${longValue.slice(255)}&quot;`);
    await provider.replaceTxt('fabrikam.example', '@', undefined, quoted, 900);
    expect(await provider.getTxt('fabrikam.example', '@')).toEqual({
      ttl: 900,
      values: [quoted, spf, longValue].sort(),
    });
    const view = await authoritative().query('fabrikam.example', 'fabrikam.example', 'TXT');
    expect(view.answers[0]?.records.map((r) => (r.type === 'TXT' ? r.text : '')).sort()).toEqual(
      [quoted, spf, longValue].sort(),
    );

    const newSpf = 'v=spf1 a:dispatch-us.ppe-hosted.com include:spf.protection.outlook.com -all';
    await provider.replaceTxt('fabrikam.example', '@', spf, newSpf, 900);
    expect((await provider.getTxt('fabrikam.example', '@')).values).toEqual(
      [quoted, newSpf, longValue].sort(),
    );

    for (const value of [quoted, newSpf, longValue])
      await provider.replaceTxt('fabrikam.example', '@', value, undefined, 900);
    expect(await provider.getTxt('fabrikam.example', '@')).toEqual({ ttl: undefined, values: [] });
    const gone = await authoritative().query('fabrikam.example', 'fabrikam.example', 'TXT');
    expect(gone.answers[0]?.records).toEqual([]);
  });

  it('refuses, rather than overwrites, a set that changed between its read and the write', async () => {
    const provider = createRoute53Provider(options());
    // Hold the change batch at the door; meanwhile another client edits the same MX set.
    sandbox.faults.add({ service: 'route53', method: 'POST', kind: 'latency', ms: 400, times: 1 });
    const write = thrown(
      provider.setMx('contoso.example', '@', [{ exchange: 'mx9.example.net', preference: 5 }], 300),
    );
    while (!sandbox.faults.list().some((f) => f.kind === 'latency' && f.fired === 1))
      await new Promise((resolve) => setTimeout(resolve, 5));
    const other = createRoute53Provider(options());
    await other.setMx('contoso.example', '@', [{ exchange: 'mx-other.example.org', preference: 15 }], 300);
    const error = await write;
    sandbox.faults.clear();
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).code).toBe('REFUSED_CHANGED');
    expect((error as RefusedError).message).toContain('changed while sop-integrate was editing it');
    expect((error as RefusedError).hint).toMatch(/re-run to re-plan/);
    expect((await provider.getMx('contoso.example', '@')).records).toEqual([
      { exchange: 'mx-other.example.org', preference: 15 },
    ]);
  });

  it('reports a wrong secret as a credential problem without the secret in it', async () => {
    const secret = 'wRoNgSeCrEt+wRoNgSeCrEt/wRoNgSeCrEt1234';
    const provider = createRoute53Provider(
      options({ credentials: { accessKeyId: sandbox.dns.route53.accessKeyId, secretAccessKey: secret } }),
    );
    const error = await thrown(provider.getMx('contoso.example', '@'));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      kind: 'auth',
      details: { status: 403, vendorCode: 'SignatureDoesNotMatch' },
    });
    expect((error as ServiceError).hint).toMatch(/SOP_INTEGRATE_DNS_AWS_ACCESS_KEY_ID/);
    const everything = JSON.stringify({
      ...(error as ServiceError),
      message: (error as Error).message,
      stack: (error as Error).stack,
    });
    for (const value of [secret, sandbox.dns.route53.secretAccessKey])
      expect(everything).not.toContain(value);
    expect((error as Error).cause).toBeUndefined();
  });

  it('names the Route 53 permissions when access is denied', async () => {
    sandbox.faults.add({ service: 'route53', method: 'POST', kind: 'status', status: 403, times: 1 });
    const provider = createRoute53Provider(options());
    const error = await thrown(provider.setMxTtl('contoso.example', '@', 240));
    expect(error).toMatchObject({ kind: 'forbidden', details: { vendorCode: 'AccessDenied' } });
    for (const action of [
      'ChangeResourceRecordSets',
      'ListResourceRecordSets',
      'GetChange',
      'ListHostedZonesByName',
    ])
      expect((error as ServiceError).hint).toContain(`route53:${action}`);
  });

  it('turns a missing zone or a wrong hosted zone id into an input error with a hint', async () => {
    const missing = await thrown(createRoute53Provider(options()).getMx('northwind.example', '@'));
    expect(missing).toBeInstanceOf(InputError);
    expect((missing as InputError).message).toContain('northwind.example');
    expect((missing as InputError).hint).toMatch(/hostedZoneIds/);
    const wrongId = await thrown(
      createRoute53Provider(options({ hostedZoneIds: { 'contoso.example': 'Z0000000000000000BAD' } })).getMx(
        'contoso.example',
        '@',
      ),
    );
    expect(wrongId).toBeInstanceOf(InputError);
    expect((wrongId as InputError).message).toContain('Z0000000000000000BAD');
  });

  it('retries throttling within a bounded number of attempts', async () => {
    const provider = createRoute53Provider(options());
    await provider.getTxt('contoso.example', '@'); // zone id cached
    sandbox.faults.add({ service: 'route53', path: '/rrset', kind: 'status', status: 429, times: 1 });
    let from = sandbox.requests.length;
    expect((await provider.getTxt('contoso.example', '@')).values).toHaveLength(1);
    expect(route53Calls(from).map((c) => c.status)).toEqual([400, 200]);
    sandbox.faults.clear();
    sandbox.faults.add({ service: 'route53', path: '/rrset', kind: 'status', status: 429 });
    from = sandbox.requests.length;
    const error = await thrown(provider.getTxt('contoso.example', '@'));
    sandbox.faults.clear();
    expect(error).toMatchObject({ kind: 'throttled', details: { vendorCode: 'Throttling' } });
    expect(route53Calls(from)).toHaveLength(4);
  }, 15_000);

  it('pages through ListResourceRecordSets in Route 53 order', async () => {
    const api = new Route53Api(options({ pageSize: 2 }));
    const zoneId = await api.hostedZoneId('contoso.example');
    const from = sandbox.requests.length;
    const paged: string[] = [];
    for await (const set of api.recordSets(zoneId)) paged.push(`${set.Name} ${set.Type}`);
    const pages = route53Calls(from);
    expect(pages.length).toBe(Math.ceil(paged.length / 2));
    expect(pages.every((p) => p.query.maxitems === '2')).toBe(true);
    expect(pages[1]?.query).toMatchObject({ name: 'contoso.example.', type: 'SOA' });
    expect(paged).toEqual([
      'contoso.example. MX',
      'contoso.example. NS',
      'contoso.example. SOA',
      'contoso.example. TXT',
      'ns1.contoso.example. A',
      'ns2.contoso.example. A',
      'www.contoso.example. A',
    ]);
  });
});

describe('Route 53 provider with a slow change', () => {
  let slow: Sandbox;
  beforeAll(async () => {
    slow = await startSandbox({ seed: 4343, dns: { route53ChangeDelayMs: 60_000 } });
  });
  afterAll(() => slow.close());

  it('says the change was submitted, and its id, when it is still PENDING after maxWaitSeconds', async () => {
    const { accessKeyId, secretAccessKey, region } = slow.dns.route53;
    const provider: DnsProvider = createRoute53Provider({
      region,
      endpoint: slow.endpoints.route53!,
      credentials: { accessKeyId, secretAccessKey },
      pollIntervalMs: 50,
      maxWaitSeconds: 0.3,
      redactor: new Redactor(),
    });
    const error = await thrown(provider.setMxTtl('contoso.example', '@', 300));
    const changeId = changeInfoOf(slow.requests.find((r) => r.method === 'POST')?.responseBody).Id;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toContain(changeId.replace('/change/', ''));
    expect((error as Error).message).toMatch(/was submitted but is still PENDING after 0.3 s/);
    expect((await provider.getMx('contoso.example', '@')).ttl).toBe(300); // applied, only not yet INSYNC
  });
});
