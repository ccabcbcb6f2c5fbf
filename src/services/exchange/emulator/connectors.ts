// Get/New/Set/Remove-InboundConnector and -OutboundConnector, with the checks the real cmdlets
// make before they save (microsoft-api-notes §2.4).
import { INBOUND_DEFAULTS, OUTBOUND_DEFAULTS } from './defaults.ts';
import { EXCEPTIONS, exoFailure, invalid } from './errors.ts';
import type { ExchangeObjectRecord } from './model.ts';
import { assertNameFree, created, requireObject, settings, type CmdletEnv } from './objects.ts';
import { parseIPv4, type BoundParameters } from './values.ts';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

/** Exchange keeps sender domains as "smtp:<domain>;1" (the address-space form EAC writes). */
export function toAddressSpace(domain: string): string {
  return /^smtp:/i.test(domain) ? domain : `smtp:${domain};1`;
}

function checkSenderIps(addresses: unknown): void {
  for (const address of addresses as string[]) {
    if (address.includes(':'))
      throw invalid(`IPv6 addresses are not supported in SenderIPAddresses: ${address}.`);
    const parsed = parseIPv4(address);
    if (!parsed) throw invalid(`"${address}" isn't a valid IP address or CIDR range in SenderIPAddresses.`);
    if (parsed.prefix < 24) {
      throw invalid(
        `The subnet mask of "${address}" isn't valid in SenderIPAddresses. Valid subnet mask values are /24 through /32.`,
      );
    }
  }
}

function checkInbound(record: Record<string, unknown>): void {
  checkSenderIps(record.SenderIPAddresses);
  for (const ip of record.EFSkipIPs as string[]) {
    if (!ip.includes(':') && !parseIPv4(ip))
      throw invalid(`"${ip}" isn't a valid IP address or CIDR range in EFSkipIPs.`);
  }
  if (record.EFSkipLastIP === true && (record.EFSkipIPs as string[]).length > 0)
    throw invalid('EFSkipIPs can only be used when EFSkipLastIP is $false.');
  if (record.ConnectorType === 'Partner' && record.TreatMessagesAsInternal === true)
    throw invalid('TreatMessagesAsInternal can only be $true on OnPremises connectors.');
  if (record.RestrictDomainsToIPAddresses === true && (record.SenderIPAddresses as string[]).length === 0)
    throw invalid('RestrictDomainsToIPAddresses requires at least one value in SenderIPAddresses.');
  if ((record.SenderDomains as string[]).length === 0 && record.ConnectorType === 'Partner')
    throw invalid('A Partner connector needs at least one value in SenderDomains.');
  record.SenderDomains = (record.SenderDomains as string[]).map(toAddressSpace);
}

function checkOutbound(record: Record<string, unknown>): void {
  const smartHosts = record.SmartHosts as string[];
  if (record.UseMXRecord === false && smartHosts.length === 0)
    throw invalid('SmartHosts must contain at least one value when UseMXRecord is $false.');
  if (record.UseMXRecord === true && smartHosts.length > 0)
    throw invalid('SmartHosts can only be set when UseMXRecord is $false.');
  for (const host of smartHosts) {
    if (!HOSTNAME.test(host) && !parseIPv4(host))
      throw invalid(`"${host}" isn't a valid smart host (FQDN, IP address or CIDR).`);
  }
  if (record.TlsSettings === 'DomainValidation' && (record.TlsDomain === null || record.TlsDomain === ''))
    throw invalid('TlsDomain must be set when TlsSettings is DomainValidation.');
  if (record.ConnectorType === 'Partner') {
    for (const onPremisesOnly of [
      'AllAcceptedDomains',
      'RouteAllMessagesViaOnPremises',
      'SenderRewritingEnabled',
    ]) {
      if (record[onPremisesOnly] === true)
        throw invalid(`${onPremisesOnly} can only be $true on OnPremises connectors.`);
    }
  }
}

/** Rules that route through `connector`, which must stay rule-scoped and must not vanish under them. */
function rulesUsing(env: CmdletEnv, connector: ExchangeObjectRecord): ExchangeObjectRecord[] {
  return Object.values(env.exchange.transportRules).filter(
    (rule) =>
      typeof rule.RouteMessageOutboundConnector === 'string' &&
      rule.RouteMessageOutboundConnector.toLowerCase() === connector.Name.toLowerCase(),
  );
}

type Noun = 'InboundConnector' | 'OutboundConnector';

const SPEC = {
  InboundConnector: {
    collection: 'inboundConnectors',
    defaults: INBOUND_DEFAULTS,
    check: checkInbound,
    label: 'inbound connector',
  },
  OutboundConnector: {
    collection: 'outboundConnectors',
    defaults: OUTBOUND_DEFAULTS,
    check: checkOutbound,
    label: 'outbound connector',
  },
} as const;

export function getConnectors(env: CmdletEnv, noun: Noun, bound: BoundParameters): ExchangeObjectRecord[] {
  const collection = env.exchange[SPEC[noun].collection];
  if (typeof bound.Identity === 'string') return [requireObject(env, collection, bound.Identity)];
  let all = Object.values(collection);
  if (typeof bound.IsTransportRuleScoped === 'boolean')
    all = all.filter((c) => c.IsTransportRuleScoped === bound.IsTransportRuleScoped);
  return all;
}

export function newConnector(env: CmdletEnv, noun: Noun, bound: BoundParameters): ExchangeObjectRecord {
  const spec = SPEC[noun];
  const collection = env.exchange[spec.collection];
  const name = bound.Name as string;
  assertNameFree(collection, name, spec.label);
  const fields = { ...structuredClone(spec.defaults), ...settings(bound), Name: name };
  spec.check(fields);
  const record = created(env, fields);
  collection[record.Guid] = record;
  return record;
}

export function setConnector(env: CmdletEnv, noun: Noun, bound: BoundParameters): void {
  const spec = SPEC[noun];
  const collection = env.exchange[spec.collection];
  const current = requireObject(env, collection, bound.Identity as string);
  const next: Record<string, unknown> = { ...structuredClone(current), ...settings(bound) };
  const name = typeof next.Name === 'string' ? next.Name : current.Name;
  assertNameFree(collection, name, spec.label, current);
  spec.check(next);
  const users = noun === 'OutboundConnector' ? rulesUsing(env, current) : [];
  if (users.length > 0 && next.IsTransportRuleScoped !== true) {
    throw exoFailure(
      400,
      EXCEPTIONS.taskArgument,
      `The outbound connector "${current.Name}" is used by transport rule "${users[0]!.Name}" and must stay scoped to transport rules.`,
    );
  }
  for (const rule of users) rule.RouteMessageOutboundConnector = name;
  collection[current.Guid] = { ...next, Name: name, Identity: name } as ExchangeObjectRecord;
}

export function removeConnector(env: CmdletEnv, noun: Noun, bound: BoundParameters): void {
  const spec = SPEC[noun];
  const collection = env.exchange[spec.collection];
  const current = requireObject(env, collection, bound.Identity as string);
  const users = noun === 'OutboundConnector' ? rulesUsing(env, current) : [];
  if (users.length > 0) {
    throw exoFailure(
      400,
      EXCEPTIONS.taskArgument,
      `The outbound connector "${current.Name}" can't be removed because transport rule "${users[0]!.Name}" routes messages through it. Remove or change the rule first.`,
    );
  }
  delete collection[current.Guid];
}
