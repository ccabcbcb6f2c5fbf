/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON answers freely */
// The emulated Exchange admin API validates like the real cmdlets, keeps its parameter lists in
// step with the reference notes, and gives the mail simulation routing and message trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CMDLET_PARAMETERS } from '../../src/services/exchange/emulator/cmdlets.ts';
import { exchangeRouteFor, recordMessageTrace } from '../../src/services/exchange/emulator/index.ts';
import { getMessageTraceV2 } from '../../src/services/exchange/emulator/message-trace.ts';
import { seedTenant } from '../../src/sandbox/seed/tenant.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { cmdletParametersFromNotes, notesAvailable } from '../adapters/exchange/cmdlet-parameters.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, tokenFor } from './helpers.ts';

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ seed: 77 });
  token = await tokenFor(sb, EXCHANGE_SCOPE);
});
afterAll(async () => {
  await sb.close();
});

async function invoke(
  CmdletName: string,
  Parameters: Record<string, unknown>,
  bearer = token,
  anchor = true,
) {
  const res = await fetch(`${sb.url}/exchange/adminapi/beta/${sb.tenantId}/InvokeCommand`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      ...(anchor
        ? { 'x-anchormailbox': `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${sb.tenantId}` }
        : {}),
    },
    body: JSON.stringify({ CmdletInput: { CmdletName, Parameters } }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  return { status: res.status, body: (await res.json()) as any, type: res.headers.get('x-exceptiontype') };
}

const inbound = { Name: 'Sandbox inbound', SenderDomains: ['*'], ConnectorType: 'Partner' };

describe('InvokeCommand validation', () => {
  it.each([
    [
      'an unknown parameter',
      { ...inbound, Colour: 'red' },
      /parameter cannot be found that matches parameter name 'Colour'/,
    ],
    [
      'a /23 sender range',
      { ...inbound, SenderIPAddresses: ['192.0.2.0/23'] },
      /Valid subnet mask values are \/24 through \/32/,
    ],
    ['an IPv6 sender range', { ...inbound, SenderIPAddresses: ['2001:db8::/64'] }, /IPv6/],
    ['a name over 64 characters', { ...inbound, Name: 'n'.repeat(65) }, /less than or equal to "64"/],
    ['a bool given as text', { ...inbound, RequireTls: 'yes' }, /System\.Boolean/],
    ['an enum value the cmdlet does not have', { ...inbound, ConnectorType: 'Friendly' }, /enumerator names/],
    ['a list of numbers', { ...inbound, SenderDomains: [1] }, /MultiValuedProperty/],
    ['a missing mandatory parameter', { Name: 'No domains' }, /missing mandatory parameters: SenderDomains/],
  ])('refuses %s with the error shape of the admin API', async (_label, parameters, message) => {
    const answer = await invoke('New-InboundConnector', parameters);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].message).toMatch(/^Ex[0-9A-F]{6}\|[\w.]+\|/);
    expect(answer.body.error.details[0].message).toMatch(message);
    expect(answer.body.error.innererror.internalException.message).toMatch(message);
  });

  it('refuses duplicate names, a rule to a non-scoped connector, and removing a connector a rule uses', async () => {
    expect(
      (await invoke('New-InboundConnector', { ...inbound, SenderIPAddresses: ['192.0.2.0/24'] })).status,
    ).toBe(200);
    expect(
      (await invoke('New-InboundConnector', { ...inbound, Name: 'SANDBOX INBOUND' })).body.error.message,
    ).toMatch(/already exists/);
    const rule = {
      Name: 'Via partner',
      FromScope: 'InOrganization',
      RouteMessageOutboundConnector: 'Partner TLS to northwind.example',
    };
    expect((await invoke('New-TransportRule', rule)).body.error.message).toMatch(
      /isn't scoped to transport rules/,
    );
    const scoped = {
      Name: 'Scoped',
      SmartHosts: ['smart.example'],
      UseMXRecord: false,
      IsTransportRuleScoped: true,
    };
    expect((await invoke('New-OutboundConnector', scoped)).status).toBe(200);
    expect(
      (await invoke('New-TransportRule', { ...rule, RouteMessageOutboundConnector: 'Scoped' })).status,
    ).toBe(200);
    expect(
      (await invoke('Set-OutboundConnector', { Identity: 'Scoped', IsTransportRuleScoped: false })).status,
    ).toBe(400);
    expect((await invoke('Remove-OutboundConnector', { Identity: 'Scoped' })).body.error.message).toMatch(
      /routes messages/,
    );
  });

  it('answers a Graph token with 401 and a missing anchor with 400', async () => {
    const graphToken = await tokenFor(sb, GRAPH_SCOPE);
    expect((await invoke('Get-AcceptedDomain', {}, graphToken)).status).toBe(401);
    expect((await invoke('Get-AcceptedDomain', {}, token, false)).status).toBe(400);
    const missing = await invoke('Get-TransportRule', { Identity: 'Nope' });
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('ManagementObjectNotFoundException');
  });

  it.skipIf(!notesAvailable)('serves exactly the parameters the reference notes list per cmdlet', () => {
    const notes = cmdletParametersFromNotes();
    for (const [cmdlet, listed] of notes) {
      if (cmdlet === 'Get-AcceptedDomain') continue; // not in the notes; the sandbox knows Identity/ResultSize
      expect(Object.keys(CMDLET_PARAMETERS[cmdlet] ?? {}).sort(), cmdlet).toEqual([...listed].sort());
    }
  });
});

describe('mail simulation helpers', () => {
  it('routes by accepted domains, rules and connectors, and message trace reads recorded rows', () => {
    const state = seedTenant(3);
    expect(exchangeRouteFor(state, { from: 'a@contoso.example', to: 'b@fabrikam.example' }).deliverVia).toBe(
      'mailbox',
    );
    const partner = exchangeRouteFor(state, { from: 'a@contoso.example', to: 'x@northwind.example' });
    expect(partner).toMatchObject({
      direction: 'outbound',
      deliverVia: 'mx',
      outboundConnector: { name: 'Partner TLS to northwind.example' },
    });
    expect(partner.matchedRules).toEqual(['Audit mail leaving the company']);
    const inboundRoute = exchangeRouteFor(state, { from: 'x@example.net', to: 'a@contoso.example' });
    expect(inboundRoute.matchedRules).toEqual(['Tag external mail']);

    const row = recordMessageTrace(state, {
      senderAddress: 'a@contoso.example',
      recipientAddress: 'x@example.net',
      subject: 'Quarterly numbers',
      connector: 'Outbound to Proofpoint',
      events: [{ event: 'Send external', description: 'Sent via connector Outbound to Proofpoint' }],
    });
    const rows = getMessageTraceV2(state, { SenderAddress: ['A@contoso.example'] }, Date.now());
    expect(rows).toEqual([
      expect.objectContaining({ MessageTraceId: row.MessageTraceId, Status: 'Delivered' }),
    ]);
    expect(rows[0]).not.toHaveProperty('Events');
  });
});
