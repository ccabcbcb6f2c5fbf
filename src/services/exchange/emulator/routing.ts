// How Exchange Online would route one message given the current accepted domains, connectors and
// transport rules. The mail simulation calls exchangeRouteFor and records the outcome with
// recordMessageTrace; it is pure over the state, so tests can ask it directly.
import type { SandboxState } from '../../../sandbox/state/model.ts';
import type { ExchangeObjectRecord, ExchangeState } from './model.ts';
import { exchangeStateOf } from './seed.ts';
import { ipInRange } from './values.ts';

export type MailDirection = 'inbound' | 'outbound' | 'internal';

export interface RouteQuery {
  from: string;
  to: string;
  /** Inferred from the accepted domains when omitted. */
  direction?: MailDirection;
  /** The IP the message arrives from (inbound): decides which partner connector applies. */
  sourceIp?: string;
  /** Whether the sending server used TLS (STARTTLS); inbound only. Default true. */
  tls?: boolean;
}

export interface OutboundConnectorRoute {
  name: string;
  smartHosts: string[];
  useMxRecord: boolean;
  tlsSettings: string | null;
  tlsDomain: string | null;
}

export interface InboundConnectorRoute {
  name: string;
  requireTls: boolean;
  /** Enhanced Filtering for Connectors: which hop's IP Exchange evaluates. */
  enhancedFiltering: 'skip-last-ip' | 'skip-listed-ips' | 'off';
  /** True when EF skips the arriving IP (so the original sender's IP is evaluated). */
  sourceSkipListed: boolean;
}

export interface ExchangeRoute {
  direction: MailDirection;
  /** Every rule whose conditions matched, in priority order (Audit-mode rules included). */
  matchedRules: string[];
  /** The Enforce-mode rule that sent the message through an outbound connector. */
  routingRule: string | null;
  outboundConnector: OutboundConnectorRoute | null;
  inboundConnector: InboundConnectorRoute | null;
  /** mailbox: delivered inside the tenant; smart-host: via a connector's smart hosts; mx: by MX lookup. */
  deliverVia: 'mailbox' | 'smart-host' | 'mx' | 'rejected';
  /** Why the message was refused (an inbound connector's IP restriction), else null. */
  rejectedReason: string | null;
}

const domainOf = (address: string) => (address.split('@')[1] ?? '').toLowerCase();

function isInternal(exchange: ExchangeState, address: string): boolean {
  const domain = domainOf(address);
  return Object.values(exchange.acceptedDomains).some(
    (d) => d.DomainName.toLowerCase() === domain && d.DomainType !== 'ExternalRelay',
  );
}

/** "smtp:*;1", "*", "smtp:*.contoso.com;1", "contoso.com" against a domain. */
function domainPatternMatches(pattern: string, domain: string): boolean {
  const bare = pattern
    .replace(/^smtp:/i, '')
    .replace(/;\d+$/, '')
    .toLowerCase();
  if (bare === '*') return true;
  if (bare.startsWith('*.')) return domain.endsWith(bare.slice(1));
  return bare === domain;
}

function ruleMatches(
  rule: ExchangeObjectRecord,
  fromInside: boolean,
  toInside: boolean,
  to: string,
  from: string,
): boolean {
  if (rule.FromScope === 'InOrganization' && !fromInside) return false;
  // New-TransportRule -SenderDomainIs: senders in the listed domains "and subdomains" match.
  const senderDomains = (rule.SenderDomainIs as string[] | null | undefined) ?? [];
  const sender = domainOf(from);
  if (
    senderDomains.length > 0 &&
    !senderDomains.some((d) => sender === d.toLowerCase() || sender.endsWith(`.${d.toLowerCase()}`))
  )
    return false;
  if (rule.FromScope === 'NotInOrganization' && fromInside) return false;
  if (rule.SentToScope === 'InOrganization' && !toInside) return false;
  if (rule.SentToScope === 'NotInOrganization' && toInside) return false;
  const exceptDomains = (rule.ExceptIfRecipientDomainIs as string[] | null) ?? [];
  if (exceptDomains.some((d) => domainPatternMatches(d, domainOf(to)))) return false;
  const exceptTo = (rule.ExceptIfSentTo as string[] | null) ?? [];
  return !exceptTo.some((a) => a.toLowerCase() === to.toLowerCase());
}

function connectorRoute(connector: ExchangeObjectRecord): OutboundConnectorRoute {
  return {
    name: connector.Name,
    smartHosts: [...(connector.SmartHosts as string[])],
    useMxRecord: connector.UseMXRecord === true,
    tlsSettings: (connector.TlsSettings as string | null) ?? null,
    tlsDomain: (connector.TlsDomain as string | null) ?? null,
  };
}

// A Partner connector applies to a message from its sender IPs, or from its sender domains
// (New-InboundConnector: SenderDomains "specifies the remote domains from which this connector
// accepts messages"; with "*" that is every sender). RestrictDomainsToIPAddresses $true rejects
// mail from SenderDomains whose source IP is not in SenderIPAddresses, and RequireTls $true
// requires TLS "for all messages that are received by a Partner type connector" (both quoted from
// the New-InboundConnector reference, office-docs-powershell). The SMTP reply for a TLS refusal is
// not documented there; the sandbox answers a 5.7.x refusal naming the connector.
function tlsRefusal(connector: ExchangeObjectRecord, tls: boolean): string | null {
  return connector.RequireTls === true && !tls
    ? `rejected: the message arrived without TLS and connector "${connector.Name}" requires TLS (RequireTls)`
    : null;
}

function inboundRoute(exchange: ExchangeState, from: string, sourceIp: string | undefined, tls: boolean) {
  const senderDomain = domainOf(from);
  const candidates = Object.values(exchange.inboundConnectors).filter(
    (c) =>
      c.Enabled === true &&
      c.ConnectorType === 'Partner' &&
      (c.SenderDomains as string[]).some((p) => domainPatternMatches(p, senderDomain)),
  );
  const byIp = sourceIp
    ? candidates.find((c) => (c.SenderIPAddresses as string[]).some((r) => ipInRange(sourceIp, r)))
    : undefined;
  if (!byIp) {
    const restricting = candidates.find((c) => c.RestrictDomainsToIPAddresses === true);
    const byDomainTls = candidates.map((c) => tlsRefusal(c, tls)).find((r) => r !== null) ?? null;
    const rejectedReason = restricting
      ? `550 5.7.51 ${sourceIp ?? 'the sending IP'} is not in SenderIPAddresses of connector "${restricting.Name}" (RestrictDomainsToIPAddresses)`
      : byDomainTls;
    return { connector: null, rejectedReason };
  }
  const refusedTls = tlsRefusal(byIp, tls);
  if (refusedTls) return { connector: null, rejectedReason: refusedTls };
  const skipIps = byIp.EFSkipIPs as string[];
  const enhancedFiltering: InboundConnectorRoute['enhancedFiltering'] =
    byIp.EFSkipLastIP === true ? 'skip-last-ip' : skipIps.length > 0 ? 'skip-listed-ips' : 'off';
  const connector: InboundConnectorRoute = {
    name: byIp.Name,
    requireTls: byIp.RequireTls === true,
    enhancedFiltering,
    sourceSkipListed:
      enhancedFiltering === 'skip-last-ip' ||
      (sourceIp !== undefined && skipIps.some((r) => ipInRange(sourceIp, r))),
  };
  return { connector, rejectedReason: null };
}

export function exchangeRouteFor(state: SandboxState, query: RouteQuery): ExchangeRoute {
  const exchange = exchangeStateOf(state);
  const fromInside = isInternal(exchange, query.from);
  const toInside = isInternal(exchange, query.to);
  const direction = query.direction ?? (fromInside ? (toInside ? 'internal' : 'outbound') : 'inbound');
  const route: ExchangeRoute = {
    direction,
    matchedRules: [],
    routingRule: null,
    outboundConnector: null,
    inboundConnector: null,
    deliverVia: direction === 'outbound' ? 'mx' : 'mailbox',
    rejectedReason: null,
  };
  if (direction === 'inbound') {
    const inbound = inboundRoute(exchange, query.from, query.sourceIp, query.tls ?? true);
    route.inboundConnector = inbound.connector;
    if (inbound.rejectedReason)
      return { ...route, deliverVia: 'rejected', rejectedReason: inbound.rejectedReason };
  }
  const rules = Object.values(exchange.transportRules)
    .filter((r) => r.State === 'Enabled')
    .sort((a, b) => (a.Priority as number) - (b.Priority as number));
  for (const rule of rules) {
    if (!ruleMatches(rule, fromInside, toInside, query.to, query.from)) continue;
    route.matchedRules.push(rule.Name);
    const via = rule.RouteMessageOutboundConnector;
    if (
      rule.Mode === 'Enforce' &&
      typeof via === 'string' &&
      route.routingRule === null &&
      direction === 'outbound'
    ) {
      const connector = Object.values(exchange.outboundConnectors).find(
        (c) => c.Name.toLowerCase() === via.toLowerCase() && c.Enabled === true,
      );
      if (connector) {
        route.routingRule = rule.Name;
        route.outboundConnector = connectorRoute(connector);
      }
    }
    if (rule.StopRuleProcessing === true) break;
  }
  if (direction === 'outbound' && route.outboundConnector === null) {
    const byDomain = Object.values(exchange.outboundConnectors).find(
      (c) =>
        c.Enabled === true &&
        c.IsTransportRuleScoped !== true &&
        (c.RecipientDomains as string[]).some((p) => domainPatternMatches(p, domainOf(query.to))),
    );
    if (byDomain) route.outboundConnector = connectorRoute(byDomain);
  }
  if (route.outboundConnector) route.deliverVia = route.outboundConnector.useMxRecord ? 'mx' : 'smart-host';
  return route;
}
