// dns.mx-inventory, dns.mx-ttl and dns.mx-records over real DNS (UDP/TCP on loopback) and the
// Cloudflare-style API of the sandbox: plan before -> after, apply, verify at the authoritative
// server, idempotent re-run, the old-TTL refusal, and undo restoring exactly (diff empty).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { dnsMxInventoryStep as inventory } from '../../src/services/dns/steps/dns-mx-inventory/index.ts';
import { dnsMxRecordsStep as records } from '../../src/services/dns/steps/dns-mx-records/index.ts';
import { dnsMxTtlStep as mxTtl } from '../../src/services/dns/steps/dns-mx-ttl/index.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 3131 });
});
afterAll(async () => {
  await sb.close();
});

const MICROSOFT_MX = '0 contoso-example.mail.protection.outlook.com';
const PROOFPOINT = ['mx1-us4.ppe-hosted.com', 'mx2-us4.ppe-hosted.com'];

function ctxAt(stepId: string, now: Date, firstAttemptAt?: Date): StepContext {
  return { ...exchangeStepContext(sb, stepId), now: () => now, firstAttemptAt };
}

async function authoritativeMx(domain: string): Promise<string[]> {
  const dns = await sandboxServices(sb, new Redactor()).dns();
  const view = await dns.authoritative.query(domain, domain, 'MX');
  return view.answers.flatMap((a) =>
    a.records.map((r) => (r.type === 'MX' ? `${r.preference} ${r.exchange} ttl=${r.ttl}` : '')),
  );
}

const dnsWrites = () => sb.requests.filter((r) => r.service === 'dns' && r.method !== 'GET').length;

describe('dns.mx-inventory', () => {
  it('reads MX with TTL and serial at the authoritative server and proposes the next off-hours slot', async () => {
    const params = inventory.params.parse({ domains: ['Contoso.Example.'], cutoverHourUtc: 21 });
    const plan = await inventory.plan(ctxAt('inventory', new Date('2026-03-10T09:15:00Z')), params);
    expect(plan.action).toBe('noop');
    expect(plan.knownOutputs).toMatchObject({
      maxTtl: 3600,
      earliestCutover: '2026-03-10T10:15:00.000Z',
      proposedCutover: '2026-03-10T21:00:00.000Z',
      domains: { 'contoso.example': { ttl: 3600, consistent: true } },
    });
    const servers = (
      plan.knownOutputs?.domains as Record<string, { servers: { mx: string[]; serial: number }[] }>
    )['contoso.example']?.servers;
    expect(servers?.[0]).toMatchObject({ mx: [MICROSOFT_MX], serial: 2026110101 });
    expect(plan.details?.join('\n')).toContain(`${MICROSOFT_MX}, TTL 3600 s`);
    // Past the slot: the next day.
    const late = await inventory.plan(ctxAt('inventory', new Date('2026-03-10T20:30:00Z')), params);
    expect(late.knownOutputs?.proposedCutover).toBe('2026-03-11T21:00:00.000Z');
    const verified = await inventory.verify(ctxAt('inventory', new Date()), params, plan.knownOutputs ?? {});
    expect(verified.ok).toBe(true);
  });
});

describe('dns.mx-ttl then dns.mx-records on contoso.example (MX TTL 3600)', () => {
  const ttlParams = mxTtl.params.parse({ domains: ['contoso.example'], ttl: 300, cutoverHosts: PROOFPOINT });
  const loweredAt = new Date('2026-03-10T20:00:00Z');
  let start: ReturnType<Sandbox['snapshot']>;
  let ttlUndo: Awaited<ReturnType<typeof mxTtl.apply>>['undo'];

  it('plans update 3600 -> 300, lowers it, verifies at the authoritative server, re-plans noop', async () => {
    start = sb.snapshot();
    const plan = await mxTtl.plan(ctxAt('lower-ttl', loweredAt), ttlParams);
    expect(plan.action).toBe('update');
    expect(plan.changes).toEqual([{ path: 'contoso.example MX TTL', before: 3600, after: 300 }]);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);

    const applied = await mxTtl.apply(ctxAt('lower-ttl', new Date(), loweredAt), ttlParams, plan);
    expect(applied.outputs).toEqual({
      oldTtl: 3600,
      ttl: 300,
      loweredAt: loweredAt.toISOString(),
      safeAfter: '2026-03-10T21:00:00.000Z',
    });
    ttlUndo = applied.undo;
    expect(ttlUndo).toEqual({ previousTtl: { 'contoso.example': 3600 } });
    expect(await authoritativeMx('contoso.example')).toEqual([`${MICROSOFT_MX} ttl=300`]);
    const verified = await mxTtl.verify(ctxAt('lower-ttl', new Date()), ttlParams, applied.outputs);
    expect(verified.ok).toBe(true);
    expect((await mxTtl.plan(ctxAt('lower-ttl', new Date()), ttlParams)).action).toBe('noop');

    // Idempotent: applying again (as planned now) changes nothing and records nothing to undo.
    const writes = dnsWrites();
    const replanned = await mxTtl.plan(ctxAt('lower-ttl', new Date()), ttlParams);
    const again = await mxTtl.apply(ctxAt('lower-ttl', new Date()), ttlParams, replanned);
    expect(again.undo).toBeNull();
    expect(dnsWrites()).toBe(writes);
  });

  const recordParams = () =>
    records.params.parse({
      domains: ['contoso.example'],
      hosts: PROOFPOINT,
      ttl: 300,
      ttlLoweredAt: loweredAt.toISOString(),
      oldTtl: 3600,
    });

  it('refuses the cutover before loweredAt + old TTL with a clear error, changing nothing', async () => {
    const before = sb.snapshot();
    const writes = dnsWrites();
    const early = new Date('2026-03-10T20:59:00Z');
    const plan = await records.plan(ctxAt('cut-over', early), recordParams());
    expect(plan.action).toBe('update');
    expect(plan.changes).toEqual([
      {
        path: 'contoso.example MX',
        before: MICROSOFT_MX,
        after: '10 mx1-us4.ppe-hosted.com, 20 mx2-us4.ppe-hosted.com',
      },
    ]);
    const error = await records
      .apply(ctxAt('cut-over', early), recordParams(), plan)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).code).toBe('REFUSED_WINDOW');
    expect((error as RefusedError).message).toContain('until 2026-03-10T21:00:00.000Z (60 s from now)');
    expect(dnsWrites()).toBe(writes);
    expect(isEmptyDiff(sb.diff(before, sb.snapshot()))).toBe(true);
    expect(await authoritativeMx('contoso.example')).toEqual([`${MICROSOFT_MX} ttl=300`]);
  });

  it('cuts over once the old TTL expired, verifies everywhere, re-plans noop; undo restores both steps exactly', async () => {
    const late = new Date('2026-03-10T21:00:01Z');
    const plan = await records.plan(ctxAt('cut-over', late), recordParams());
    const applied = await records.apply(ctxAt('cut-over', late), recordParams(), plan);
    expect(applied.outputs.mx).toBe('10 mx1-us4.ppe-hosted.com, 20 mx2-us4.ppe-hosted.com');
    expect(applied.undo).toEqual({
      previous: {
        'contoso.example': {
          ttl: 300,
          records: [{ exchange: 'contoso-example.mail.protection.outlook.com', preference: 0 }],
        },
      },
      // Resolvers may hold the new MX this long once undo put the old one back.
      replacedTtl: 300,
    });
    // Senders may still hold the replaced MX (TTL 300) until 300 s after the change.
    expect(applied.outputs.oldMxCachedUntil).toBe('2026-03-10T21:05:01.000Z');
    expect(await authoritativeMx('contoso.example')).toEqual([
      '10 mx1-us4.ppe-hosted.com ttl=300',
      '20 mx2-us4.ppe-hosted.com ttl=300',
    ]);
    const verified = await records.verify(ctxAt('cut-over', late), recordParams(), applied.outputs);
    expect(verified).toMatchObject({ ok: true });
    expect(verified.checks[0]).toMatch(/^ok: contoso\.example MX at ns1\.contoso\.example/);
    expect((await records.plan(ctxAt('cut-over', late), recordParams())).action).toBe('noop');
    // Once cut over, the TTL step has nothing to lower and nothing to wait for.
    const ttlAgain = await mxTtl.plan(ctxAt('lower-ttl', late), ttlParams);
    expect(ttlAgain.action).toBe('noop');
    expect(ttlAgain.knownOutputs?.safeAfter).toBe(late.toISOString());

    // Rollback order: newest first.
    // Undo waits out the Proofpoint MX's TTL (300 s) before later undos remove what accepts it.
    const slept: number[] = [];
    const sleepCounting = async (ms: number) => void slept.push(ms);
    await records.undo!({ ...ctxAt('cut-over', new Date()), sleep: sleepCounting }, applied.undo!);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(await authoritativeMx('contoso.example')).toEqual([`${MICROSOFT_MX} ttl=300`]);
    await mxTtl.undo!(ctxAt('lower-ttl', new Date()), ttlUndo!);
    expect(await authoritativeMx('contoso.example')).toEqual([`${MICROSOFT_MX} ttl=3600`]);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('rejects hosts and domains that are not names before any request', () => {
    expect(records.params.safeParse({ ...recordParams(), hosts: ['not a host'] }).success).toBe(false);
    expect(mxTtl.params.safeParse({ domains: ['contoso'] }).success).toBe(false);
    expect(mxTtl.params.safeParse({ domains: ['contoso.example'], ttl: 0 }).success).toBe(false);
  });
});
