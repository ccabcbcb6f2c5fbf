// A sandbox state in the shapes the emulated cmdlets, Cloudflare API and Essentials API store,
// moved step by step towards phase 2's end state, for the mail simulation's unit tests.
import { seedDns } from '../../src/services/dns/emulator/seed.ts';
import { exchangeStateOf } from '../../src/services/exchange/emulator/seed.ts';
import { proofpointStateOf } from '../../src/services/proofpoint/emulator/state.ts';
import { seedTenant } from '../../src/sandbox/seed/tenant.ts';
import type { SandboxState } from '../../src/sandbox/state/model.ts';

export const SEED = 4242;
export const PP_MX = ['mx1-us1.ppe-hosted.com', 'mx2-us1.ppe-hosted.com'];

export function freshState(): SandboxState {
  const state = seedTenant(SEED);
  state.dns = seedDns(SEED, { mxTtl: 120 });
  return state;
}

export function pointMx(state: SandboxState, domain: string, hosts: string[]): void {
  const records = state.dns!.records;
  const zoneId = Object.values(state.dns!.zones).find((z) => z.name === domain)!.id;
  for (const [id, r] of Object.entries(records)) if (r.type === 'MX' && r.name === domain) delete records[id];
  hosts.forEach((content, i) => {
    records[`mx-${i}`] = {
      id: `mx-${i}`,
      zoneId,
      name: domain,
      type: 'MX',
      content,
      priority: 10 * (i + 1),
      ttl: 300,
    };
  });
}

export function addProofpointDomain(state: SandboxState, domain: string): void {
  const org = 'contoso.example';
  proofpointStateOf(state).essentialsDomains[`${org}/${domain}`] = {
    id: `${org}/${domain}`,
    org,
    name: domain,
    is_active: true,
    is_relay: false,
    destination: null,
  };
}

const object = (name: string, fields: Record<string, unknown>) => ({
  Identity: name,
  Name: name,
  Guid: `guid-${name}`,
  WhenCreated: '2026-11-20T10:00:00Z',
  Enabled: true,
  ...fields,
});

export function addInboundConnector(state: SandboxState, ips: string[]): void {
  exchangeStateOf(state).inboundConnectors['in'] = object('Inbound from Proofpoint', {
    ConnectorType: 'Partner',
    SenderDomains: ['smtp:*;1'],
    SenderIPAddresses: ips,
    RestrictDomainsToIPAddresses: true,
    RequireTls: true,
    EFSkipLastIP: false,
    EFSkipIPs: ips,
  });
}

export function addOutboundRouting(state: SandboxState, smartHost: string): void {
  const exchange = exchangeStateOf(state);
  exchange.outboundConnectors['out'] = object('Outbound to Proofpoint', {
    SmartHosts: [smartHost],
    UseMXRecord: false,
    IsTransportRuleScoped: true,
    RecipientDomains: [],
    TlsSettings: 'CertificateValidation',
    TlsDomain: null,
  });
  exchange.transportRules['rule'] = object('Route Outbound via Proofpoint', {
    State: 'Enabled',
    Mode: 'Enforce',
    Priority: 0,
    FromScope: 'InOrganization',
    SentToScope: 'NotInOrganization',
    RouteMessageOutboundConnector: 'Outbound to Proofpoint',
    StopRuleProcessing: false,
  });
}

/** Phase 2's mail-flow end state for contoso.example. */
/** Replaces the domain's SPF record (written straight into the zone: no resolver saw the old one). */
export function setSpf(state: SandboxState, domain: string, record: string): void {
  const records = state.dns!.records;
  for (const r of Object.values(records))
    if (r.type === 'TXT' && r.name === domain && r.content.startsWith('v=spf1')) r.content = record;
}

export function cutOver(state: SandboxState): void {
  addProofpointDomain(state, 'contoso.example');
  setSpf(
    state,
    'contoso.example',
    'v=spf1 include:spf.protection.outlook.com a:dispatch-us.ppe-hosted.com -all',
  );
  addInboundConnector(state, ['148.163.129.0/24', '148.163.130.0/24']);
  pointMx(state, 'contoso.example', PP_MX);
  addOutboundRouting(state, 'outbound-us1.ppe-hosted.com');
}

/** The TRAP wizard saved with an app that has (or lacks) consented Mail.ReadWrite. */
export function connectTrap(state: SandboxState, options: { consented: boolean }): string {
  const appId = 'a1b2c3d4-0000-4000-8000-00000000trap';
  const { directory } = state;
  const graph = Object.values(directory.servicePrincipals).find(
    (sp) => sp.appId === '00000003-0000-0000-c000-000000000000',
  )!;
  const spId = 'sp-trap-0001';
  directory.servicePrincipals[spId] = {
    ...graph,
    id: spId,
    appId,
    appDisplayName: 'Proofpoint-TRAP',
    displayName: 'Proofpoint-TRAP',
    appRoles: [],
    accountEnabled: true,
  };
  if (options.consented) {
    directory.appRoleAssignments['ara-trap'] = {
      id: 'ara-trap',
      deletedDateTime: null,
      appRoleId: graph.appRoles.find((r) => r.value === 'Mail.ReadWrite')!.id,
      createdDateTime: '2026-11-20T10:00:00Z',
      principalDisplayName: 'Proofpoint-TRAP',
      principalId: spId,
      principalType: 'ServicePrincipal',
      resourceDisplayName: 'Microsoft Graph',
      resourceId: graph.id,
    };
  }
  proofpointStateOf(state).portal.trap = {
    id: 'trap',
    displayName: 'Threat Response > Microsoft 365 source (setup wizard)',
    appId,
    tenantId: state.tenant.id,
    settings: {},
  };
  return appId;
}
