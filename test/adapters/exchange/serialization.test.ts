// Multi-valued properties in both forms (audit finding 9) and no null-valued parameters (finding
// 10), over real HTTP: the sandbox answers at the requested X-SerializationLevel, and a tiny
// server plays Exchange to send the object form and shapes nobody knows.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VendorResponseError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { createHttpPolicy } from '../../../src/core/http/index.ts';
import { createExchangeClient, type ExchangeClient } from '../../../src/services/exchange/client/index.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { sandboxServices } from '../support/sandbox-services.ts';
import { EXCHANGE_SCOPE, tokenFor } from '../../sandbox/helpers.ts';

let sb: Sandbox;
let exchange: ExchangeClient;
beforeAll(async () => {
  sb = await startSandbox({ seed: 616 });
  exchange = await sandboxServices(sb, new Redactor()).exchange();
});
afterAll(async () => {
  await sb.close();
});

const inbound = {
  Name: 'Serialization inbound',
  ConnectorType: 'Partner' as const,
  SenderDomains: ['*'],
  SenderIPAddresses: ['148.163.128.0/24', '67.231.144.7'],
  RequireTls: true,
  RestrictDomainsToIPAddresses: false,
  EFSkipLastIP: false,
  EFSkipIPs: ['148.163.129.0/24'],
  Enabled: true,
  Comment: null,
};

async function rawGet(cmdlet: string, level?: string, parameters: Record<string, unknown> = {}) {
  const token = await tokenFor(sb, EXCHANGE_SCOPE);
  const res = await fetch(`${sb.url}/exchange/adminapi/beta/${sb.tenantId}/InvokeCommand`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-anchormailbox': `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${sb.tenantId}`,
      ...(level ? { 'x-serializationlevel': level } : {}),
    },
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  });
  const body = (await res.json()) as { value: Record<string, unknown>[]; error?: { message: string } };
  return body.error ? [{ status: res.status, error: body.error.message }] : body.value;
}

describe('multi-valued properties against the sandbox', () => {
  it('round-trips IP ranges, sender domains and smart hosts; New- carries no null parameter', async () => {
    const before = sb.requests.length;
    await exchange.inboundConnectors.create(inbound);
    await exchange.outboundConnectors.create({
      Name: 'Serialization outbound',
      ConnectorType: 'Partner',
      SmartHosts: ['outbound-us1.ppe-hosted.com'],
      UseMXRecord: false,
      IsTransportRuleScoped: true,
      TlsSettings: 'CertificateValidation',
      TlsDomain: null,
      Enabled: true,
      Comment: null,
    });
    const sent = sb.requests
      .slice(before)
      .filter((r) => r.service === 'exchange')
      .map((r) => (r.requestBody as { CmdletInput: { Parameters: Record<string, unknown> } }).CmdletInput);
    for (const input of sent) expect(Object.values(input.Parameters)).not.toContain(null);

    const read = await exchange.inboundConnectors.get('Serialization inbound');
    expect(read?.SenderIPAddresses).toEqual(['148.163.128.0/24', '67.231.144.7']);
    expect(read?.EFSkipIPs).toEqual(['148.163.129.0/24']);
    expect(read?.SenderDomains).toEqual(['*']);
    const out = await exchange.outboundConnectors.get('Serialization outbound');
    expect(out?.SmartHosts).toEqual(['outbound-us1.ppe-hosted.com']);
  });

  it('answers Partial with strings and any other level with the objects Exchange holds', async () => {
    const partial = (await rawGet('Get-InboundConnector', 'Partial')).find(
      (c) => c.Name === 'Serialization inbound',
    )!;
    expect(partial.SenderIPAddresses).toEqual(['148.163.128.0/24', '67.231.144.7']);
    expect(partial.SenderDomains).toEqual(['smtp:*;1']);
    const full = (await rawGet('Get-InboundConnector')).find((c) => c.Name === 'Serialization inbound')!;
    expect(full.SenderIPAddresses).toEqual([
      { LowerBound: '148.163.128.0', UpperBound: '148.163.128.255', CIDRLength: 24, RangeFormat: 'CIDR' },
      {
        LowerBound: '67.231.144.7',
        UpperBound: '67.231.144.7',
        CIDRLength: 32,
        RangeFormat: 'SingleAddress',
      },
    ]);
    expect(full.SenderDomains).toEqual([{ Type: 'smtp', Address: '*', Cost: 1 }]);
    const outbound = (await rawGet('Get-OutboundConnector', 'Full')).find(
      (c) => c.Name === 'Serialization outbound',
    )!;
    const accepted = await rawGet('Get-AcceptedDomain', 'Full');
    expect(accepted.map((d) => d.DomainName)).toContainEqual({
      Domain: 'fabrikam.example',
      IncludeSubDomains: false,
      Address: 'fabrikam.example',
    });
    expect(outbound.SmartHosts).toEqual([
      { Domain: 'outbound-us1.ppe-hosted.com', Address: null, IsIPAddress: false },
    ]);
  });
});

describe('null-valued parameters in the sandbox', () => {
  // PowerShell cannot bind $null to a Boolean, Int32 or enum parameter; a string or multi-valued
  // parameter takes $null as "clear". Whether InvokeCommand maps JSON null to $null is not
  // documented; the emulator assumes it does, and the client never sends null to New- anyway.
  it('refuses null for a Boolean or enum parameter with the binding error', async () => {
    const [bool] = await rawGet('New-OutboundConnector', 'Partial', {
      Name: 'Null bool',
      SmartHosts: ['relay.example'],
      UseMXRecord: false,
      Enabled: null,
    });
    expect(bool?.status).toBe(400);
    expect(bool?.error).toMatch(/System\.Boolean/);
    const [tls] = await rawGet('New-OutboundConnector', 'Partial', {
      Name: 'Null enum',
      SmartHosts: ['relay.example'],
      UseMXRecord: false,
      TlsSettings: null,
    });
    expect(tls).toMatchObject({ status: 400 });
  });
});

/** A server that plays Exchange: records each request's headers and answers the next body. */
async function withExchange(
  bodies: unknown[],
  run: (client: ExchangeClient, seen: IncomingHttpHeaders[]) => Promise<void>,
) {
  const seen: IncomingHttpHeaders[] = [];
  let i = 0;
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(bodies[i++]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = createExchangeClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      tenantId: 'tenant-under-test',
      credential: {
        getToken: async () => ({ token: 'fixture-token-6', expiresOnTimestamp: Date.now() + 60_000 }),
      },
      policy: createHttpPolicy({ retry: { maxAttempts: 1 } }),
      redactor: new Redactor(),
      graph: () => Promise.reject(new Error('unused')),
    });
    await run(client, seen);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const row = (extra: Record<string, unknown>) => ({ Identity: 'C', Name: 'C', Guid: 'g-1', ...extra });

describe('the object form and unknown shapes (a tiny server plays Exchange)', () => {
  it('sends X-SerializationLevel: Partial and reads the object form as strings', async () => {
    const objects = row({
      SenderIPAddresses: [
        { LowerBound: '192.0.2.0', UpperBound: '192.0.2.255', CIDRLength: 24, RangeFormat: 'CIDR' },
        { LowerBound: '192.0.2.9', UpperBound: '192.0.2.9', CIDRLength: 32, RangeFormat: 'SingleAddress' },
        { LowerBound: '192.0.2.1', UpperBound: '192.0.2.5', CIDRLength: 32, RangeFormat: 'LoHi' },
      ],
      SenderDomains: [{ Type: 'smtp', Address: '*.contoso.example', Cost: 1 }],
      EFSkipIPs: ['2001:db8::/64'],
    });
    const outbound = row({
      SmartHosts: [
        { Domain: 'relay.example', Address: null, IsIPAddress: false },
        { Domain: null, Address: '192.0.2.25', IsIPAddress: true },
      ],
      RecipientDomains: [{ Domain: 'fabrikam.example', IncludeSubDomains: true }],
      TlsDomain: { Domain: 'relay.example', IncludeSubDomains: false },
    });
    const accepted = {
      Name: 'fabrikam.example',
      DomainName: { Domain: 'fabrikam.example', IncludeSubDomains: false },
    };
    await withExchange(
      [{ value: [objects] }, { value: [outbound] }, { value: [accepted] }],
      async (client, seen) => {
        const [inboundRow] = await client.inboundConnectors.list();
        expect(seen[0]!['x-serializationlevel']).toBe('Partial');
        expect(inboundRow!.SenderIPAddresses).toEqual(['192.0.2.0/24', '192.0.2.9', '192.0.2.1-192.0.2.5']);
        expect(inboundRow!.SenderDomains).toEqual(['*.contoso.example']);
        expect(inboundRow!.EFSkipIPs).toEqual(['2001:db8::/64']);
        const [outboundRow] = await client.outboundConnectors.list();
        expect(outboundRow!.SmartHosts).toEqual(['relay.example', '192.0.2.25']);
        expect(outboundRow!.RecipientDomains).toEqual(['*.fabrikam.example']);
        expect(outboundRow!.TlsDomain).toBe('relay.example');
        expect((await client.listAcceptedDomains())[0]!.DomainName).toBe('fabrikam.example');
      },
    );
  });

  it.each([
    [
      'an IP range object of another shape',
      { SenderIPAddresses: [{ Start: '192.0.2.0', Prefix: 24 }] },
      'SenderIPAddresses.0',
    ],
    [
      'a multi-valued property that is not a list',
      { SenderIPAddresses: '192.0.2.0/24' },
      'SenderIPAddresses',
    ],
    [
      'a smart host object without its value',
      { SmartHosts: [{ IsIPAddress: true, Domain: 'x', Address: null }] },
      'SmartHosts.0',
    ],
    ['a boolean as text', { RequireTls: 'True' }, 'RequireTls'],
  ])('fails on %s with a typed error naming the property', async (_label, extra, path) => {
    await withExchange([{ value: [row(extra)] }], async (client) => {
      const read = 'SmartHosts' in extra ? client.outboundConnectors.list() : client.inboundConnectors.list();
      const error = await read.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(VendorResponseError);
      expect((error as VendorResponseError).message).toContain(`${path}:`);
      expect((error as VendorResponseError).message).toContain('unknown value shape');
    });
  });
});
