// dns.spf against the sandbox's Cloudflare-style API and authoritative server: the mechanism goes
// before `all`, verify reads TXT at the authoritative server, re-run is noop, undo restores the
// previous record exactly; a domain without SPF gets one (and undo removes it); two SPF records stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { dnsSpfStep as spf, lookupCount, withMechanism } from '../../src/services/dns/steps/dns-spf/index.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 6262 });
});
afterAll(async () => {
  await sb.close();
});

const ctx = () => exchangeStepContext(sb, 'spf');
const provider = async () => (await sandboxServices(sb, new Redactor()).dns()).provider;
const MECHANISM = 'include:spf-00a1b2c3.pphosted.com';
const MICROSOFT_SPF = 'v=spf1 include:spf.protection.outlook.com -all';

async function authoritativeTxt(domain: string): Promise<string[]> {
  const dns = await sandboxServices(sb, new Redactor()).dns();
  const view = await dns.authoritative.query(domain, domain, 'TXT');
  return view.answers.flatMap((a) => a.records.map((r) => (r.type === 'TXT' ? r.text : '')));
}

describe('dns.spf', () => {
  it('puts the mechanism before the all term once, and counts DNS lookups', () => {
    expect(withMechanism(MICROSOFT_SPF, MECHANISM)).toBe(
      `v=spf1 include:spf.protection.outlook.com ${MECHANISM} -all`,
    );
    expect(withMechanism(`v=spf1 ${MECHANISM} ~all`, MECHANISM)).toBe(`v=spf1 ${MECHANISM} ~all`);
    expect(withMechanism('v=spf1 ip4:192.0.2.1', MECHANISM)).toBe(`v=spf1 ip4:192.0.2.1 ${MECHANISM}`);
    expect(lookupCount(`v=spf1 a mx include:a.example ip4:192.0.2.1 -all`)).toBe(3);
    expect(
      spf.params.safeParse({ domains: ['fabrikam.example'], mechanism: 'spf-001.pphosted.com' }).success,
    ).toBe(false);
  });

  it('plans update before -> after, sets it, verifies at the authoritative server, re-plans noop, undo restores', async () => {
    const params = spf.params.parse({ domains: ['fabrikam.example'], mechanism: MECHANISM });
    const start = sb.snapshot();
    const plan = await spf.plan(ctx(), params);
    expect(plan.action).toBe('update');
    const after = `v=spf1 include:spf.protection.outlook.com ${MECHANISM} -all`;
    expect(plan.changes).toEqual([{ path: 'fabrikam.example TXT (SPF)', before: MICROSOFT_SPF, after }]);
    expect(plan.details).toContain(`fabrikam.example SPF: ${after} (2 of 10 DNS lookups)`);

    const applied = await spf.apply(ctx(), params, plan);
    expect(applied.outputs.records).toEqual({ 'fabrikam.example': after });
    // Receivers may cache the replaced record for its TTL (3600 s) from now.
    const cachedFor = Date.parse(applied.outputs.oldSpfCachedUntil as string) - Date.now();
    expect(cachedFor).toBeGreaterThan(3_590_000);
    expect(cachedFor).toBeLessThanOrEqual(3_600_000);
    expect(await authoritativeTxt('fabrikam.example')).toEqual([after]);
    const verified = await spf.verify(ctx(), params, applied.outputs);
    expect(verified.ok).toBe(true);
    expect(verified.checks[0]).toBe(`ok: fabrikam.example SPF at ns1.fabrikam.example: ${after}`);
    const replanned = await spf.plan(ctx(), params);
    expect(replanned.action).toBe('noop');
    expect((await spf.apply(ctx(), params, replanned)).undo).toBeNull();

    await spf.undo!(ctx(), applied.undo!);
    expect(await authoritativeTxt('fabrikam.example')).toEqual([MICROSOFT_SPF]);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('creates an SPF record from the base record when there is none; undo deletes it', async () => {
    await (await provider()).replaceTxt('contoso.example', '@', MICROSOFT_SPF, undefined, 3600);
    const start = sb.snapshot();
    const params = spf.params.parse({
      domains: ['contoso.example'],
      mechanism: MECHANISM,
      baseRecord: 'v=spf1 include:spf.protection.outlook.com ~all',
    });
    const plan = await spf.plan(ctx(), params);
    expect(plan.action).toBe('create');
    expect(plan.changes[0]).toEqual({
      path: 'contoso.example TXT (SPF)',
      before: null,
      after: `v=spf1 include:spf.protection.outlook.com ${MECHANISM} ~all`,
    });
    const applied = await spf.apply(ctx(), params, plan);
    expect(await authoritativeTxt('contoso.example')).toEqual([
      `v=spf1 include:spf.protection.outlook.com ${MECHANISM} ~all`,
    ]);
    await spf.undo!(ctx(), applied.undo!);
    expect(await authoritativeTxt('contoso.example')).toEqual([]);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('refuses a domain with two SPF records (receivers ignore both) before writing', async () => {
    await (await provider()).replaceTxt('fabrikam.example', '@', undefined, 'v=spf1 mx -all', 3600);
    const writes = sb.requests.filter((r) => r.service === 'dns' && r.method !== 'GET').length;
    const params = spf.params.parse({ domains: ['fabrikam.example'], mechanism: MECHANISM });
    const error = await spf.plan(ctx(), params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      'fabrikam.example has 2 SPF records; receivers ignore all of them',
    );
    expect(sb.requests.filter((r) => r.service === 'dns' && r.method !== 'GET').length).toBe(writes);
  });
});
