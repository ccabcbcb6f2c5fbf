// The seeded Exchange organisation: accepted domains matching the tenant's verified domains, two
// transport rules and a partner connector an administrator made earlier, so an inventory has
// something to show and the tool must leave them alone.
import { seededUuid } from '../../../sandbox/ids.ts';
import type { SandboxState } from '../../../sandbox/state/model.ts';
import { OUTBOUND_DEFAULTS, TRANSPORT_RULE_DEFAULTS } from './defaults.ts';
import type { AcceptedDomainRecord, ExchangeObjectRecord, ExchangeState } from './model.ts';

const SEEDED_AT = '2026-01-05T09:30:00Z';

function object(
  seed: number,
  noun: string,
  fields: Record<string, unknown> & { Name: string },
): ExchangeObjectRecord {
  return {
    ...fields,
    Identity: fields.Name,
    Guid: seededUuid(seed, `exchange:${noun}:${fields.Name}`),
    WhenCreated: SEEDED_AT,
  };
}

function byGuid<T extends { Guid: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.Guid, item]));
}

export function seedExchange(
  seed: number,
  verifiedDomains: SandboxState['tenant']['verifiedDomains'],
): ExchangeState {
  const acceptedDomains: AcceptedDomainRecord[] = verifiedDomains.map((domain) => ({
    Identity: domain.name,
    Name: domain.name,
    DomainName: domain.name,
    DomainType: 'Authoritative',
    Default: domain.isDefault,
    Guid: seededUuid(seed, `exchange:acceptedDomain:${domain.name}`),
  }));
  const partnerConnector = object(seed, 'outboundConnector', {
    ...OUTBOUND_DEFAULTS,
    Name: 'Partner TLS to northwind.example',
    RecipientDomains: ['northwind.example'],
    TlsSettings: 'EncryptionOnly',
    Comment: 'Forced TLS to our logistics partner',
  });
  const rules = [
    object(seed, 'transportRule', {
      ...TRANSPORT_RULE_DEFAULTS,
      Name: 'Tag external mail',
      Priority: 0,
      FromScope: 'NotInOrganization',
      SentToScope: 'InOrganization',
      SetHeaderName: 'X-Contoso-External',
      SetHeaderValue: 'true',
      Comments: 'Lets Outlook rules flag mail from outside the company',
    }),
    object(seed, 'transportRule', {
      ...TRANSPORT_RULE_DEFAULTS,
      Name: 'Audit mail leaving the company',
      Priority: 1,
      Mode: 'Audit',
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      ExceptIfRecipientDomainIs: ['fabrikam.example'],
    }),
  ];
  return {
    acceptedDomains: byGuid(acceptedDomains),
    inboundConnectors: {},
    outboundConnectors: byGuid([partnerConnector]),
    transportRules: byGuid(rules),
    messageTraces: {},
  };
}

/** The Exchange section, seeded on first use when a state file predates it. */
export function exchangeStateOf(state: SandboxState): ExchangeState {
  const partial = state as Partial<SandboxState>;
  partial.exchange ??= seedExchange(state.seed, state.tenant.verifiedDomains);
  return partial.exchange;
}
