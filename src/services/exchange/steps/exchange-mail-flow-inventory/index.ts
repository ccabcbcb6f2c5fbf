// exchange.mail-flow-inventory: reads the accepted domains, connectors and transport rules as the
// phase-1 baseline. Changes nothing; its outputs are known at plan time (noop with knownOutputs),
// so later steps and the change request can show them.
import { z } from 'zod';
import type { ExchangeClient } from '../../client/index.ts';
import { defineStep, type JsonValue, type Outputs, type StepContext } from '../../../../steps/contract.ts';

const InventoryParams = z.strictObject({});
type InventoryParams = z.output<typeof InventoryParams>;

async function readInventory(exchange: ExchangeClient): Promise<Outputs> {
  const [acceptedDomains, inboundConnectors, outboundConnectors, transportRules] = await Promise.all([
    exchange.listAcceptedDomains(),
    exchange.inboundConnectors.list(),
    exchange.outboundConnectors.list(),
    exchange.transportRules.list(),
  ]);
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as JsonValue;
  return {
    acceptedDomains: json(acceptedDomains),
    inboundConnectors: json(inboundConnectors),
    outboundConnectors: json(outboundConnectors),
    transportRules: json([...transportRules].sort((a, b) => a.Priority - b.Priority)),
  };
}

/** A JSON value as one word for a summary line. */
function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function describe(outputs: Outputs): string[] {
  const rows = (key: string) => (outputs[key] ?? []) as Array<Record<string, JsonValue>>;
  return [
    ...rows('acceptedDomains').map(
      (d) =>
        `accepted domain ${text(d['DomainName'])} (${text(d['DomainType'])}${d['Default'] === true ? ', default' : ''})`,
    ),
    ...rows('inboundConnectors').map(
      (c) =>
        `inbound connector ${text(c['Name'])}: ${text(c['ConnectorType'])}, IPs ${JSON.stringify(c['SenderIPAddresses'])}, enabled ${text(c['Enabled'])}`,
    ),
    ...rows('outboundConnectors').map(
      (c) =>
        `outbound connector ${text(c['Name'])}: smart hosts ${JSON.stringify(c['SmartHosts'])}, rule scoped ${text(c['IsTransportRuleScoped'])}, TLS ${text(c['TlsSettings'])}`,
    ),
    ...rows('transportRules').map(
      (r) =>
        `transport rule ${text(r['Priority'])}: ${text(r['Name'])} (${text(r['State'])}, ${text(r['Mode'])}${r['RouteMessageOutboundConnector'] ? `, routes via ${text(r['RouteMessageOutboundConnector'])}` : ''})`,
    ),
  ];
}

async function inventory(ctx: StepContext): Promise<Outputs> {
  return readInventory(await ctx.services.exchange());
}

export const exchangeMailFlowInventoryStep = defineStep<InventoryParams>({
  type: 'exchange.mail-flow-inventory',
  description:
    'Read Exchange Online accepted domains, inbound and outbound connectors and transport rules as the mail-flow baseline',
  params: InventoryParams,
  outputs: ['acceptedDomains', 'inboundConnectors', 'outboundConnectors', 'transportRules'],
  mutating: false,
  // Exchange Online admin API, app-only: the app permission plus the role that authorises cmdlets.
  requires: { exchange: ['Exchange.ManageAsApp'], roles: ['Exchange Administrator'] },
  async plan(ctx) {
    const outputs = await inventory(ctx);
    return {
      action: 'noop',
      summary: `read mail flow: ${(outputs['acceptedDomains'] as JsonValue[]).length} accepted domains, ${(outputs['inboundConnectors'] as JsonValue[]).length} inbound and ${(outputs['outboundConnectors'] as JsonValue[]).length} outbound connectors, ${(outputs['transportRules'] as JsonValue[]).length} transport rules`,
      changes: [],
      calls: ['Get-AcceptedDomain', 'Get-InboundConnector', 'Get-OutboundConnector', 'Get-TransportRule'].map(
        (method) => ({ service: 'exchange', method, target: '(no parameters)' }),
      ),
      details: describe(outputs),
      knownOutputs: outputs,
    };
  },
  async apply(ctx) {
    return { outputs: await inventory(ctx), undo: null };
  },
  async verify(_ctx, _params, outputs) {
    const domains = (outputs['acceptedDomains'] ?? []) as JsonValue[];
    return {
      ok: domains.length > 0,
      checks: [
        `${domains.length > 0 ? 'ok' : 'FAILED'}: ${domains.length} accepted domain(s) read as the baseline`,
      ],
    };
  },
});
