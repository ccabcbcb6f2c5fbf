// exchange.inbound-connector and exchange.outbound-connector over real HTTP against the sandbox:
// plan create -> apply -> verify -> re-plan noop -> out-of-band change -> plan update (before ->
// after) -> apply -> undo restores exactly; bad ranges are refused before any request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { ApplyResult, StepPlan } from '../../src/steps/contract.ts';
import { exchangeInboundConnectorStep as inbound } from '../../src/services/exchange/steps/exchange-inbound-connector/index.ts';
import { exchangeOutboundConnectorStep as outbound } from '../../src/services/exchange/steps/exchange-outbound-connector/index.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';
import {
  cmdletParametersFromNotes,
  notesAvailable,
  sentCmdlets,
} from '../adapters/exchange/cmdlet-parameters.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 4242 });
});
afterAll(async () => {
  await sb.close();
});

const exchange = () => sandboxServices(sb, new Redactor()).exchange();
const exchangeRequests = () => sb.requests.filter((r) => r.service === 'exchange').length;

const inboundWith = {
  name: 'Inbound from PP (test)',
  senderIpAddresses: ['198.51.100.0/22', '203.0.113.77/26'],
  senderDomains: ['*'],
  requireTls: true,
  restrictDomainsToIPAddresses: true,
};

describe('exchange.inbound-connector', () => {
  const params = inbound.params.parse(inboundWith);
  const ctx = () => exchangeStepContext(sb, 'inbound-connector');
  let start: ReturnType<Sandbox['snapshot']>;
  let created: ApplyResult;

  it('splits a /22 into four /24s and normalises a /26; rejects IPv6, junk and over-wide ranges in params', () => {
    expect(params.enhancedFiltering).toBe('skip-ips');
    for (const bad of [['2001:db8::/48'], ['10.0.0.0/8'], ['not-an-ip'], ['300.1.1.1']]) {
      const parsed = inbound.params.safeParse({ senderIpAddresses: bad });
      expect(parsed.success, bad[0]).toBe(false);
    }
    const ipv6 = inbound.params.safeParse({ senderIpAddresses: ['2001:db8::/48'] });
    expect(ipv6.error?.issues[0]?.message).toContain('IPv6');
    expect(inbound.params.safeParse({ ...inboundWith, colour: 'red' }).success).toBe(false);
  });

  it('refuses a bad range with an InputError before any request, even when params skip the schema', async () => {
    const before = exchangeRequests();
    const error = await inbound.plan(ctx(), { ...params, senderIpAddresses: ['2001:db8::1'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('IPv6');
    expect(exchangeRequests()).toBe(before);
  });

  let createPlan: StepPlan;
  it('plans create with every managed setting and the exact New- call, changing nothing', async () => {
    start = sb.snapshot();
    createPlan = await inbound.plan(ctx(), params);
    expect(createPlan.action).toBe('create');
    const change = (path: string) => createPlan.changes.find((c) => c.path === path);
    expect(change('SenderIPAddresses')?.after).toEqual([
      '198.51.100.0/24',
      '198.51.101.0/24',
      '198.51.102.0/24',
      '198.51.103.0/24',
      '203.0.113.64/26',
    ]);
    expect(change('EFSkipIPs')?.after).toEqual(['198.51.100.0/22', '203.0.113.64/26']);
    expect(change('EFSkipLastIP')?.after).toBe(false);
    expect(createPlan.calls).toHaveLength(1);
    expect(createPlan.calls[0]).toMatchObject({ service: 'exchange', method: 'New-InboundConnector' });
    expect(createPlan.calls[0]!.target).toContain('-RestrictDomainsToIPAddresses true');
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('applies, verifies by reading back, and re-plans as noop with known outputs', async () => {
    created = await inbound.apply(ctx(), params, createPlan);
    expect(created.outputs).toMatchObject({
      name: 'Inbound from PP (test)',
      identity: 'Inbound from PP (test)',
    });
    expect(created.undo).toMatchObject({ created: true, noun: 'InboundConnector' });
    const diff = sb.diff(start, sb.snapshot());
    expect(diff.created.map((e) => e.collection)).toEqual(['exchange.inboundConnectors']);
    expect(diff.created[0]!.after).toMatchObject({ SenderDomains: ['smtp:*;1'], RequireTls: true });

    const verified = await inbound.verify(ctx(), params, created.outputs);
    expect(verified.ok).toBe(true);
    expect(verified.checks.some((c) => c.startsWith('ok: SenderIPAddresses'))).toBe(true);

    const again = await inbound.plan(ctx(), params);
    expect(again.action).toBe('noop');
    expect(again.knownOutputs).toEqual(created.outputs);
  });

  it('after an out-of-band change, plans an update with before -> after, applies only that, and undo restores it', async () => {
    const ex = await exchange();
    await ex.inboundConnectors.update('Inbound from PP (test)', { RequireTls: false, EFSkipIPs: [] });
    const beforeUpdate = sb.snapshot();
    const update = await inbound.plan(ctx(), params);
    expect(update.action).toBe('update');
    expect(update.changes).toEqual([
      { path: 'RequireTls', before: false, after: true },
      { path: 'EFSkipIPs', before: [], after: ['198.51.100.0/22', '203.0.113.64/26'] },
    ]);
    expect(update.calls[0]!.method).toBe('Set-InboundConnector');
    expect(update.calls[0]!.target).not.toContain('SenderIPAddresses');

    const applied = await inbound.apply(ctx(), params, update);
    expect(applied.undo).toMatchObject({ created: false, previous: { RequireTls: false, EFSkipIPs: [] } });
    expect((await inbound.verify(ctx(), params, applied.outputs)).ok).toBe(true);

    await inbound.undo!(ctx(), applied.undo!);
    expect(isEmptyDiff(sb.diff(beforeUpdate, sb.snapshot()))).toBe(true);
  });

  it('undo of the create removes the connector: the sandbox equals the snapshot before apply', async () => {
    await inbound.undo!(ctx(), created.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
    await inbound.undo!(ctx(), created.undo!); // twice is harmless
  });
});

describe('exchange.outbound-connector', () => {
  const params = outbound.params.parse({
    name: 'Outbound to PP (test)',
    smartHosts: ['Outbound-US1.PPHosted.example'],
    tlsSettings: 'DomainValidation',
    tlsDomain: '*.pphosted.example',
  });
  const ctx = () => exchangeStepContext(sb, 'outbound-connector');

  it('rejects a smart host that is not a hostname and a tlsDomain without DomainValidation', () => {
    expect(outbound.params.safeParse({ smartHosts: ['not a host'] }).success).toBe(false);
    expect(outbound.params.safeParse({ smartHosts: ['a.example'], tlsDomain: 'a.example' }).success).toBe(
      false,
    );
    expect(outbound.params.safeParse({ smartHosts: ['a.example'], useMxRecord: true }).success).toBe(false);
  });

  it('create -> verify -> noop -> drift -> update -> undo both, back to the start', async () => {
    const start = sb.snapshot();
    const plan = await outbound.plan(ctx(), params);
    expect(plan.action).toBe('create');
    expect(plan.changes.find((c) => c.path === 'SmartHosts')?.after).toEqual([
      'outbound-us1.pphosted.example',
    ]);
    const created = await outbound.apply(ctx(), params, plan);
    expect((await outbound.verify(ctx(), params, created.outputs)).ok).toBe(true);
    expect((await outbound.plan(ctx(), params)).action).toBe('noop');

    const ex = await exchange();
    await ex.outboundConnectors.update('Outbound to PP (test)', {
      TlsSettings: 'EncryptionOnly',
      TlsDomain: null,
    });
    const drifted = sb.snapshot();
    const update = await outbound.plan(ctx(), params);
    expect(update.changes).toEqual([
      { path: 'TlsSettings', before: 'EncryptionOnly', after: 'DomainValidation' },
      { path: 'TlsDomain', before: null, after: '*.pphosted.example' },
    ]);
    const updated = await outbound.apply(ctx(), params, update);
    await outbound.undo!(ctx(), updated.undo!);
    expect(isEmptyDiff(sb.diff(drifted, sb.snapshot()))).toBe(true);
    await outbound.undo!(ctx(), created.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });
});

describe('request bodies', () => {
  it.skipIf(!notesAvailable)(
    'every Exchange parameter sent is in the cmdlet parameter lists of the reference notes',
    () => {
      const lists = cmdletParametersFromNotes();
      const sent = sentCmdlets(sb.requests);
      expect(sent.length).toBeGreaterThan(10);
      for (const { cmdlet, parameters } of sent) {
        const allowed = lists.get(cmdlet);
        expect(allowed, `${cmdlet} is not described in the notes`).toBeDefined();
        for (const parameter of parameters)
          expect([...allowed!], `${cmdlet} -${parameter}`).toContain(parameter);
      }
    },
  );
});
