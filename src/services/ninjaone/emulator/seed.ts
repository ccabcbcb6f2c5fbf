// Seeds the emulated NinjaOne instance: two organizations with locations, the shared fleet's
// NinjaOne side, and the agent build the installer endpoint serves.
import { seededUuid } from '../../../sandbox/ids.ts';
import {
  CONTOSO_ORG_ID,
  FABRIKAM_ORG_ID,
  HEAD_OFFICE_LOCATION_ID,
  REMOTE_LOCATION_ID,
  SEEDED_FLEET,
  type FleetMember,
} from './fleet.ts';
import type { NinjaDeviceRecord, NinjaOneState } from './model.ts';

/** 2026-01-05T08:00:00Z in epoch seconds, the API's timestamp unit. */
const SEEDED_AT = 1_767_600_000;
export const DEFAULT_AGENT_VERSION = '5.9.9352';

export function ninjaDeviceRecord(seed: number, m: FleetMember): NinjaDeviceRecord {
  const server = m.nodeClass === 'WINDOWS_SERVER';
  return {
    id: m.ninjaId,
    uid: seededUuid(seed, `ninjaone-device:${m.ninjaId}`),
    organizationId: m.organizationId,
    locationId: m.locationId,
    nodeClass: m.nodeClass,
    nodeRoleId: server ? 2 : 1,
    policyId: server ? 12 : 11,
    approvalStatus: 'APPROVED',
    offline: false,
    displayName: m.hostname,
    systemName: m.hostname,
    dnsName: `${m.hostname.toLowerCase()}.corp.contoso.example`,
    netbiosName: m.hostname,
    created: SEEDED_AT,
    lastContact: SEEDED_AT + 3_600 + (m.ninjaId % 97) * 60,
    lastUpdate: SEEDED_AT + 3_600,
    tags: [],
    deviceType: 'AGENT',
    os: {
      manufacturer: 'Microsoft Corporation',
      name: server ? 'Windows Server 2022 Standard' : 'Windows 11 Enterprise',
      architecture: '64-bit',
      buildNumber: server ? '20348' : '22631',
      releaseId: server ? '21H2' : '23H2',
    },
    system: {
      name: m.hostname,
      manufacturer: m.model.split(' ')[0] ?? 'HP',
      model: m.model,
      serialNumber: m.ninjaSerial,
      domain: 'corp.contoso.example',
    },
  };
}

export function seedNinjaOne(seed: number): NinjaOneState {
  const org = (id: number, name: string, description: string) => ({
    id,
    name,
    description,
    nodeApprovalMode: 'AUTOMATIC' as const,
    userData: {},
    tags: [],
  });
  const location = (id: number, organizationId: number, name: string, address: string) => ({
    id,
    organizationId,
    name,
    address,
    description: '',
    tags: [],
  });
  const devices = SEEDED_FLEET.filter((m) => m.inNinjaOne).map((m) => ninjaDeviceRecord(seed, m));
  return {
    organizations: {
      [CONTOSO_ORG_ID]: org(CONTOSO_ORG_ID, 'Contoso Ltd', 'Contoso head office and field staff'),
      [FABRIKAM_ORG_ID]: org(FABRIKAM_ORG_ID, 'Fabrikam Inc', 'Another managed customer'),
    },
    locations: {
      [HEAD_OFFICE_LOCATION_ID]: location(
        HEAD_OFFICE_LOCATION_ID,
        CONTOSO_ORG_ID,
        'Head Office',
        '1 Main St',
      ),
      [REMOTE_LOCATION_ID]: location(REMOTE_LOCATION_ID, CONTOSO_ORG_ID, 'Remote Workers', ''),
      21: location(21, FABRIKAM_ORG_ID, 'Fabrikam HQ', '2 Side St'),
    },
    devices: Object.fromEntries(devices.map((d) => [String(d.id), d])),
    activities: {},
    settings: {
      agent: { version: DEFAULT_AGENT_VERSION, payloadBytes: 48 * 1024 },
      fleet: { syntheticDevices: 0 },
    },
  };
}
