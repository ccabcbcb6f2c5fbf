// Connectors, transport rules and accepted domains: the mail-flow objects the Proofpoint steps
// manage or inventory.
import type { ExchangeHttp } from './http.ts';
import { objectApi } from './objects.ts';
import { AcceptedDomain, InboundConnector, OutboundConnector, TransportRule } from './schema.ts';
import type {
  InboundConnectorSettings,
  OutboundConnectorSettings,
  TransportRuleSettings,
} from './settings.ts';

export function mailFlowApi(http: ExchangeHttp) {
  return {
    inboundConnectors: objectApi<typeof InboundConnector, InboundConnectorSettings>(
      http,
      'InboundConnector',
      InboundConnector,
    ),
    outboundConnectors: objectApi<typeof OutboundConnector, OutboundConnectorSettings>(
      http,
      'OutboundConnector',
      OutboundConnector,
    ),
    transportRules: objectApi<typeof TransportRule, TransportRuleSettings>(
      http,
      'TransportRule',
      TransportRule,
    ),
    /** Get-AcceptedDomain: the domains Exchange treats as the organisation's own. */
    listAcceptedDomains: () => http.invoke('Get-AcceptedDomain', {}, AcceptedDomain, { idempotent: true }),
  };
}
