// The mail simulation follows the current MX, connectors and transport rules: before the cutover
// mail bypasses Proofpoint; after it, Proofpoint logs and relays it, Exchange's connector accepts
// it, message trace shows the route, and TRAP pulls a delivered test threat from the inbox.
import { describe, expect, it } from 'vitest';
import { isEmptyDiff, sendMail } from '../../src/sandbox/index.ts';
import { diffStates } from '../../src/sandbox/state/diff.ts';
import { SIMULATED_IPS } from '../../src/sandbox/mail/index.ts';
import {
  addInboundConnector,
  addProofpointDomain,
  connectTrap,
  cutOver,
  freshState,
  pointMx,
  PP_MX,
  setSpf,
} from './mail-fixture.ts';

const AT = new Date('2026-11-27T21:15:00Z');
const external = 'Pat.Sender@external.example';
const adele = 'adele.vance@contoso.example';

describe('inbound mail', () => {
  it('with MX still at Microsoft, bypasses Proofpoint and is traced from the sender IP', () => {
    const state = freshState();
    const sent = sendMail(state, { from: external, to: adele, subject: 'before cutover' }, AT);
    expect(sent).toMatchObject({
      direction: 'inbound',
      route: 'direct',
      status: 'Delivered',
      connector: null,
    });
    expect(sent.mx?.hosts).toEqual(['contoso-example.mail.protection.outlook.com']);
    expect(Object.values(state.proofpoint?.messages ?? {})).toEqual([]);
    const trace = state.exchange.messageTraces[sent.traceId!]!;
    expect(trace).toMatchObject({
      SenderAddress: 'pat.sender@external.example',
      RecipientAddress: adele,
      Subject: 'before cutover',
      Status: 'Delivered',
      FromIP: SIMULATED_IPS.externalSender,
      MessageId: sent.messageId,
      Received: AT.toISOString(),
    });
    expect(state.mail?.mailboxes[adele]?.inbox).toEqual([sent.messageId]);
  });

  it('after the cutover, Proofpoint logs and relays it through the inbound connector', () => {
    const state = freshState();
    cutOver(state);
    const sent = sendMail(state, { from: external, to: adele, subject: 'after cutover' }, AT);
    expect(sent).toMatchObject({
      route: 'proofpoint',
      status: 'Delivered',
      connector: 'Inbound from Proofpoint',
    });
    const logged = Object.values(state.proofpoint!.messages);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      GUID: sent.proofpointGuid,
      direction: 'inbound',
      subject: 'after cutover',
      recipient: [adele],
      relayedTo: 'contoso-example.mail.protection.outlook.com',
      threat: null,
    });
    const trace = state.exchange.messageTraces[sent.traceId!]!;
    expect(trace.FromIP).toBe(SIMULATED_IPS.proofpointInboundRelay);
    expect(trace.Connector).toBe('Inbound from Proofpoint');
    expect(trace.Events[0]?.description).toMatch(/using inbound connector "Inbound from Proofpoint"/);
    expect(sent.hops.join('\n')).toMatch(/MX contoso\.example: mx1-us1\.ppe-hosted\.com, mx2-us1/);
  });

  it('is refused by Proofpoint for a domain the organisation has not added', () => {
    const state = freshState();
    pointMx(state, 'contoso.example', PP_MX);
    const sent = sendMail(state, { from: external, to: adele }, AT);
    expect(sent).toMatchObject({ route: 'rejected', status: 'Failed', traceId: null });
    expect(sent.rejectedReason).toMatch(/contoso\.example is not a domain of this Proofpoint organisation/);
    expect(state.mail?.mailboxes[adele]).toBeUndefined();
  });

  it('sent straight to Exchange once the connector restricts to Proofpoint IPs, is rejected (5.7.51)', () => {
    const state = freshState();
    addProofpointDomain(state, 'contoso.example');
    addInboundConnector(state, ['148.163.129.0/24']);
    const sent = sendMail(state, { from: external, to: adele }, AT);
    expect(sent.status).toBe('Failed');
    expect(sent.rejectedReason).toMatch(/550 5\.7\.51 203\.0\.113\.25 is not in SenderIPAddresses/);
    expect(state.exchange.messageTraces[sent.traceId!]?.Status).toBe('Failed');
  });
});

describe('outbound mail', () => {
  it('without the rule leaves Exchange directly; with it, goes via the Proofpoint smart host', () => {
    const state = freshState();
    const direct = sendMail(state, { from: adele, to: external, subject: 'out 1' }, AT);
    expect(direct).toMatchObject({ direction: 'outbound', route: 'direct', connector: null });
    expect(state.exchange.messageTraces[direct.traceId!]?.ToIP).toBe(SIMULATED_IPS.externalMx);

    cutOver(state);
    const routed = sendMail(state, { from: adele, to: external, subject: 'out 2' }, AT);
    expect(routed).toMatchObject({
      route: 'proofpoint',
      status: 'Delivered',
      connector: 'Outbound to Proofpoint',
    });
    expect(routed.hops.join('\n')).toMatch(
      /rule "Route Outbound via Proofpoint"\) to smart host outbound-us1/,
    );
    const trace = state.exchange.messageTraces[routed.traceId!]!;
    expect(trace.ToIP).toBe(SIMULATED_IPS.proofpointOutbound);
    expect(trace.Events.map((e) => e.description).join('\n')).toMatch(
      /outbound connector "Outbound to Proofpoint"/,
    );
    const logged = Object.values(state.proofpoint!.messages).find((m) => m.GUID === routed.proofpointGuid);
    expect(logged).toMatchObject({ direction: 'outbound', sender: adele, subject: 'out 2' });
  });

  it('mail inside the tenant reaches the mailbox without leaving', () => {
    const state = freshState();
    cutOver(state);
    const sent = sendMail(state, { from: adele, to: 'megan.bowen@contoso.example' }, AT);
    expect(sent).toMatchObject({ direction: 'internal', status: 'Delivered', route: 'direct' });
    expect(state.mail?.mailboxes['megan.bowen@contoso.example']?.inbox).toEqual([sent.messageId]);
  });

  it('rejects an address that is not one, changing nothing', () => {
    const state = freshState();
    const before = structuredClone(state);
    expect(() => sendMail(state, { from: 'nobody', to: adele }, AT)).toThrow(
      /from: "nobody" is not an email address/,
    );
    expect(state).toEqual(before);
  });
});

describe('test threats and TRAP', () => {
  it('a delivered threat is pulled from the inbox when TRAP is connected with Mail.ReadWrite', () => {
    const state = freshState();
    cutOver(state);
    const appId = connectTrap(state, { consented: true });
    const kept = sendMail(state, { from: external, to: adele, subject: 'clean' }, AT);
    const threat = sendMail(state, { from: external, to: adele, subject: 'test threat', threat: true }, AT);
    expect(threat.trapPull).toMatchObject({
      result: 'quarantined',
      appId,
      messageId: threat.messageId,
      recipient: adele,
    });
    expect(state.mail?.mailboxes[adele]?.inbox).toEqual([kept.messageId]);
    expect(Object.values(state.proofpoint!.trapPulls!)).toHaveLength(1);
    expect(state.mail?.messages[threat.messageId]?.pulledAt).toBe(AT.toISOString());
    const logged = Object.values(state.proofpoint!.messages).find((m) => m.GUID === threat.proofpointGuid);
    expect(logged?.threat).toMatchObject({ threatType: 'url', classification: 'phish' });
  });

  it('stays in the inbox when TRAP is not connected, or its app lacks consent', () => {
    const state = freshState();
    cutOver(state);
    const unconnected = sendMail(state, { from: external, to: adele, threat: true }, AT);
    expect(unconnected.trapPull).toBeNull();
    connectTrap(state, { consented: false });
    const unconsented = sendMail(state, { from: external, to: adele, threat: true }, AT);
    expect(unconsented.trapPull).toMatchObject({ result: 'failed' });
    expect(unconsented.trapPull?.reason).toMatch(/no admin-consented Mail\.ReadWrite/);
    expect(state.mail?.mailboxes[adele]?.inbox).toEqual([unconnected.messageId, unconsented.messageId]);
  });

  it('bypassing Proofpoint, TAP never sees the threat and TRAP cannot pull it', () => {
    const state = freshState();
    connectTrap(state, { consented: true });
    const sent = sendMail(state, { from: external, to: adele, threat: true }, AT);
    expect(sent).toMatchObject({ route: 'direct', trapPull: null });
    expect(sent.hops.at(-1)).toMatch(/TAP never saw the message/);
  });

  it('mail leaves no configuration behind: the state diff stays empty', () => {
    const state = freshState();
    cutOver(state);
    connectTrap(state, { consented: true });
    const before = structuredClone(state);
    sendMail(state, { from: external, to: adele, threat: true }, AT);
    sendMail(state, { from: adele, to: external }, AT);
    expect(isEmptyDiff(diffStates(before, state))).toBe(true);
  });
});

describe('what senders and receivers see after a DNS change (resolver caches)', () => {
  it('after an MX change made through the Cloudflare API, cached senders keep the old MX for its TTL', async () => {
    const { startSandbox } = await import('../../src/sandbox/index.ts');
    const sb = await startSandbox({ seed: 5150, dns: { mxTtl: 120, minTtl: 1 } });
    try {
      const zone = await fetch(`${sb.endpoints.dnsApi}/zones?name=contoso.example`, {
        headers: { authorization: `Bearer ${sb.dns.cloudflareToken}` },
      }).then((r) => r.json() as Promise<{ result: Array<{ id: string }> }>);
      const zoneId = zone.result[0]!.id;
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${sb.endpoints.dnsApi}/zones/${zoneId}${path}`, {
          method,
          headers: { authorization: `Bearer ${sb.dns.cloudflareToken}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }).then((r) => r.json() as Promise<{ result: Array<{ id: string }> & { id: string } }>);
      const old = await call('GET', '/dns_records?type=MX&name=contoso.example');
      await call('POST', '/dns_records', {
        type: 'MX',
        name: 'contoso.example',
        content: PP_MX[0],
        priority: 10,
        ttl: 300,
      });
      await call('DELETE', `/dns_records/${old.result[0]!.id}`);
      const cached = sb.sendMail({ from: external, to: adele, subject: 'cached' });
      expect(cached.mx).toMatchObject({ source: 'cached', owner: 'microsoft' });
      expect(cached.route).toBe('direct');
      const fresh = sb.sendMail({ from: external, to: adele, subject: 'fresh', resolver: 'fresh' });
      expect(fresh.mx).toMatchObject({ source: 'authoritative', owner: 'proofpoint' });
      // Proofpoint does not know the domain yet: a fresh sender's message is refused there.
      expect(fresh.status).toBe('Failed');
    } finally {
      await sb.close();
    }
  });

  it('receivers fail SPF for mail routed through Proofpoint before SPF authorises it', () => {
    const state = freshState();
    cutOver(state);
    setSpf(state, 'contoso.example', 'v=spf1 include:spf.protection.outlook.com -all');
    const sent = sendMail(state, { from: adele, to: external, subject: 'no spf' }, AT);
    expect(sent).toMatchObject({ status: 'Failed', route: 'rejected' });
    expect(sent.rejectedReason).toMatch(/550 5\.7\.23 SPF fail/);
  });

  it('a locked-down connector with SenderDomains * refuses plaintext mail sent straight to Exchange', () => {
    const state = freshState();
    addInboundConnector(state, ['148.163.129.0/24']);
    const connector = Object.values(state.exchange.inboundConnectors)[0]!;
    connector.RestrictDomainsToIPAddresses = false;
    connector.RequireTls = true;
    const withTls = sendMail(state, { from: external, to: adele, subject: 'tls' }, AT);
    expect(withTls.status).toBe('Delivered');
    const plain = sendMail(state, { from: external, to: adele, subject: 'plain', tls: false }, AT);
    expect(plain.status).toBe('Failed');
    expect(plain.rejectedReason).toMatch(/requires TLS \(RequireTls\)/);
  });
});

describe("Proofpoint relays to the domain's destination", () => {
  it("delivers when it is the tenant's Exchange Online host, loses the mail when it is not", () => {
    const state = freshState();
    cutOver(state);
    const domain = Object.values(state.proofpoint!.essentialsDomains)[0]!;
    domain.destination = 'contoso-example.mail.protection.outlook.com';
    expect(sendMail(state, { from: external, to: adele, subject: 'to EOP' }, AT).status).toBe('Delivered');
    domain.destination = 'mail.old-gateway.example';
    const lost = sendMail(state, { from: external, to: adele, subject: 'elsewhere' }, AT);
    expect(lost.status).toBe('Failed');
    expect(lost.rejectedReason).toMatch(/relayed it to mail\.old-gateway\.example/);
  });
});
