// exchange.inbound-connector: the Partner connector that accepts mail from Proofpoint's IP ranges
// (split into /24s), requires TLS, restricts the sender domains to those IPs, and configures
// Enhanced Filtering for Connectors.
import type { InboundConnector } from '../../client/index.ts';
import { defineStep } from '../../../../steps/contract.ts';
import { managedObjectStep, type Settings } from '../managed-object.ts';
import { normaliseRanges, splitToSlash24 } from './cidr.ts';
import { ExchangeInboundConnectorParams } from './params.ts';

export function inboundSettings(params: ExchangeInboundConnectorParams): Settings {
  const skipIps = params.enhancedFiltering === 'skip-ips' ? normaliseRanges(params.senderIpAddresses) : [];
  return {
    Name: params.name,
    ConnectorType: params.connectorType,
    SenderDomains: params.senderDomains,
    SenderIPAddresses: splitToSlash24(params.senderIpAddresses),
    ...(params.requireTls === undefined ? {} : { RequireTls: params.requireTls }),
    ...(params.restrictDomainsToIPAddresses === undefined
      ? {}
      : { RestrictDomainsToIPAddresses: params.restrictDomainsToIPAddresses }),
    EFSkipLastIP: params.enhancedFiltering === 'skip-last-ip',
    EFSkipIPs: skipIps,
    Enabled: params.enabled,
  };
}

const lifecycle = managedObjectStep<ExchangeInboundConnectorParams, InboundConnector>({
  noun: 'InboundConnector',
  label: 'inbound connector',
  api: (exchange) => exchange.inboundConnectors,
  name: (params) => params.name,
  desired: inboundSettings,
  onCreate: (params) => ({
    ...(params.requireTls === undefined ? { RequireTls: false } : {}),
    ...(params.restrictDomainsToIPAddresses === undefined ? { RestrictDomainsToIPAddresses: false } : {}),
  }),
  current: (item) => ({
    Name: item.Name,
    ConnectorType: item.ConnectorType,
    SenderDomains: item.SenderDomains,
    SenderIPAddresses: item.SenderIPAddresses,
    RequireTls: item.RequireTls,
    RestrictDomainsToIPAddresses: item.RestrictDomainsToIPAddresses,
    EFSkipLastIP: item.EFSkipLastIP,
    EFSkipIPs: item.EFSkipIPs,
    Enabled: item.Enabled,
  }),
  details: (params) => {
    const split = splitToSlash24(params.senderIpAddresses);
    const lines = [`Sender IP ranges as sent to Exchange (/24 to /32 only): ${split.join(', ')}`];
    if (params.requireTls === undefined && params.restrictDomainsToIPAddresses === undefined)
      lines.push(
        'Created accepting mail from every sender (RequireTls and RestrictDomainsToIPAddresses $false), so mail still sent straight to Exchange Online before the MX cutover is not refused; a later step locks it down.',
      );
    else if (params.restrictDomainsToIPAddresses === true || params.requireTls === true)
      lines.push(
        `Lock-down: ${[params.restrictDomainsToIPAddresses ? 'mail from any sender domain must come from these ranges' : '', params.requireTls ? 'TLS required' : ''].filter(Boolean).join('; ')}. Safe only once MX points at the filter and no resolver can still cache the old MX.`,
      );
    if (params.enhancedFiltering === 'skip-ips')
      lines.push(
        'Enhanced Filtering: skip-lists the Proofpoint ranges (EFSkipIPs), so Exchange evaluates the original sender IP.',
      );
    else if (params.enhancedFiltering === 'skip-last-ip')
      lines.push('Enhanced Filtering: skips the last hop (EFSkipLastIP $true).');
    else
      lines.push('Enhanced Filtering: off. Microsoft recommends it when MX points to a third-party filter.');
    return lines;
  },
});

export const exchangeInboundConnectorStep = defineStep<ExchangeInboundConnectorParams>({
  type: 'exchange.inbound-connector',
  description:
    'Create or update an Exchange Online inbound (Partner) connector for a third-party mail filter, with TLS, IP restriction and Enhanced Filtering',
  params: ExchangeInboundConnectorParams,
  outputs: ['name', 'identity', 'guid'],
  mutating: true,
  // Exchange Online admin API, app-only: the app permission plus the role that authorises cmdlets.
  requires: { exchange: ['Exchange.ManageAsApp'], roles: ['Exchange Administrator'] },
  ...lifecycle,
});
