// exchange.outbound-connector: the Partner connector that sends mail to Proofpoint's smart hosts,
// scoped to transport rules (only a rule naming it routes through it), with TLS validation.
import type { OutboundConnector } from '../../client/index.ts';
import { defineStep } from '../../../../steps/contract.ts';
import { managedObjectStep } from '../managed-object.ts';
import { ExchangeOutboundConnectorParams } from './params.ts';

const lifecycle = managedObjectStep<ExchangeOutboundConnectorParams, OutboundConnector>({
  noun: 'OutboundConnector',
  label: 'outbound connector',
  api: (exchange) => exchange.outboundConnectors,
  name: (params) => params.name,
  desired: (params) => ({
    Name: params.name,
    ConnectorType: params.connectorType,
    UseMXRecord: params.useMxRecord,
    SmartHosts: params.smartHosts,
    IsTransportRuleScoped: params.isTransportRuleScoped,
    TlsSettings: params.tlsSettings,
    // Managed only with DomainValidation (the params refuse it otherwise): a TlsDomain of null
    // would be sent as a null-valued parameter, which no public InvokeCommand client does.
    ...(params.tlsDomain === undefined ? {} : { TlsDomain: params.tlsDomain }),
    Enabled: params.enabled,
  }),
  current: (item) => ({
    Name: item.Name,
    ConnectorType: item.ConnectorType,
    UseMXRecord: item.UseMXRecord,
    SmartHosts: item.SmartHosts,
    IsTransportRuleScoped: item.IsTransportRuleScoped,
    TlsSettings: item.TlsSettings,
    TlsDomain: item.TlsDomain,
    Enabled: item.Enabled,
  }),
  details: (params) => [
    `Delivers to smart hosts ${params.smartHosts.join(', ')} (UseMXRecord $false) with TLS ${params.tlsSettings}${params.tlsDomain ? ` for ${params.tlsDomain}` : ''}.`,
    params.isTransportRuleScoped
      ? 'Transport-rule scoped: mail goes through it only when a rule names it (RouteMessageOutboundConnector).'
      : 'Not rule scoped: applies to every recipient domain it lists.',
  ],
});

export const exchangeOutboundConnectorStep = defineStep<ExchangeOutboundConnectorParams>({
  type: 'exchange.outbound-connector',
  description:
    'Create or update an Exchange Online outbound (Partner) connector to a third-party smart host, transport-rule scoped, with TLS validation',
  params: ExchangeOutboundConnectorParams,
  outputs: ['name', 'identity', 'guid'],
  mutating: true,
  // Exchange Online admin API, app-only: the app permission plus the role that authorises cmdlets.
  requires: { exchange: ['Exchange.ManageAsApp'], roles: ['Exchange Administrator'] },
  ...lifecycle,
});
