// One contract for every writable DNS provider, each over real HTTP against its sandbox emulation:
// what the MX cutover steps rely on (reads, TTL-only changes, MX swaps, single TXT swaps) and that
// the undo the steps record restores the zone exactly. Built through the adapter registry, so the
// config-to-provider wiring is under test too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsClient, DnsProviderKind } from '../../../src/services/dns/client/index.ts';
import { Redactor } from '../../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox, type SandboxSnapshot } from '../../../src/sandbox/index.ts';
import { fastPolicy, sandboxServices } from '../support/sandbox-services.ts';

const PROOFPOINT_MX = [
  { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
  { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
];
const SEEDED_MX = [{ exchange: 'contoso-example.mail.protection.outlook.com', preference: 0 }];
const SEEDED_SPF = 'v=spf1 include:spf.protection.outlook.com -all';
const PROOFPOINT_SPF = 'v=spf1 include:spf.protection.outlook.com a:dispatch-us.ppe-hosted.com -all';
const VERIFICATION = 'ms=ms71823645';
const WRITABLE: DnsProviderKind[] = ['cloudflare', 'azure', 'route53'];

describe.each(WRITABLE)('the %s provider', (kind) => {
  let sandbox: Sandbox;
  let dns: DnsClient;
  let baseline: SandboxSnapshot;

  beforeAll(async () => {
    sandbox = await startSandbox({ dns: { mxTtl: 1800, minTtl: 1 } });
    dns = await sandboxServices(sandbox, new Redactor(), fastPolicy(), undefined, kind).dns();
    baseline = sandbox.snapshot();
  });
  afterAll(() => sandbox.close());

  const mxAtEveryServer = async () => {
    const view = await dns.authoritative.query('contoso.example', 'contoso.example', 'MX');
    return view.answers.map((answer) =>
      answer.records.map((r) => ('exchange' in r ? `${r.ttl} ${r.preference} ${r.exchange}` : '')).sort(),
    );
  };

  it('is the provider the config asked for, and writable', () => {
    expect(dns.provider.kind).toBe(kind);
    expect(dns.provider.writable).toBe(true);
  });

  it('reads the MX set with its TTL and the TXT values as the zone holds them', async () => {
    expect(await dns.provider.getMx('contoso.example', '@')).toEqual({ ttl: 1800, records: SEEDED_MX });
    expect(await dns.provider.getTxt('contoso.example', 'contoso.example')).toEqual({
      ttl: 1800,
      values: [SEEDED_SPF],
    });
    expect(await dns.provider.getMx('contoso.example', 'www.contoso.example')).toEqual({
      ttl: undefined,
      records: [],
    });
  });

  it('lowers only the TTL, and every authoritative server answers with it', async () => {
    await dns.provider.setMxTtl('contoso.example', '@', 300);
    expect(await dns.provider.getMx('contoso.example', '@')).toEqual({ ttl: 300, records: SEEDED_MX });
    expect(await mxAtEveryServer()).toEqual([['300 0 contoso-example.mail.protection.outlook.com']]);
  });

  it('swaps the MX set in one go and the authoritative answer follows', async () => {
    await dns.provider.setMx('contoso.example', '@', PROOFPOINT_MX, 300);
    expect(await dns.provider.getMx('contoso.example', 'contoso.example')).toEqual({
      ttl: 300,
      records: [PROOFPOINT_MX[1], PROOFPOINT_MX[0]],
    });
    expect(await mxAtEveryServer()).toEqual([
      ['300 10 mx1-us1.ppe-hosted.com', '300 20 mx2-us1.ppe-hosted.com'],
    ]);
  });

  it('swaps one TXT value and leaves the others of the name alone', async () => {
    await dns.provider.replaceTxt('contoso.example', '@', undefined, VERIFICATION, 1800);
    await dns.provider.replaceTxt('contoso.example', '@', SEEDED_SPF, PROOFPOINT_SPF, 1800);
    expect((await dns.provider.getTxt('contoso.example', '@')).values).toEqual(
      [PROOFPOINT_SPF, VERIFICATION].sort(),
    );
    await dns.provider.replaceTxt('contoso.example', '@', VERIFICATION, undefined, 1800);
    expect((await dns.provider.getTxt('contoso.example', '@')).values).toEqual([PROOFPOINT_SPF]);
  });

  it('the undo the steps record (old records, old TTL, old SPF) leaves the zone as it was', async () => {
    await dns.provider.replaceTxt('contoso.example', '@', PROOFPOINT_SPF, SEEDED_SPF, 1800);
    await dns.provider.setMx('contoso.example', '@', SEEDED_MX, 1800);
    const diff = sandbox.diff(baseline, sandbox.snapshot());
    expect(diff).toEqual({ created: [], changed: [], deleted: [] });
    expect(isEmptyDiff(diff)).toBe(true);
    expect(await mxAtEveryServer()).toEqual([['1800 0 contoso-example.mail.protection.outlook.com']]);
  });

  it('names a zone the account does not hold as bad input', async () => {
    await expect(dns.provider.getMx('nothere.example', '@')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
