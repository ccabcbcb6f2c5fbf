// The seeded device fleet both emulated services share (NinjaOne devices and Intune managed
// devices), with deliberate mismatches, plus a lazily generated synthetic fleet of any size for the
// reconciliation benchmark: device i is computed from i, never stored, so 100k devices cost nothing.

export const CONTOSO_ORG_ID = 41;
export const HEAD_OFFICE_LOCATION_ID = 7;
export const REMOTE_LOCATION_ID = 12;
export const FABRIKAM_ORG_ID = 58;
/** Synthetic NinjaOne device ids start here, above every seeded id. */
export const SYNTHETIC_ID_BASE = 1_000_000;

export interface FleetMember {
  hostname: string;
  /** Serial as NinjaOne reports it; '' when absent. */
  ninjaSerial: string;
  /** Serial as Intune reports it; '' when absent (e.g. some VMs). */
  intuneSerial: string;
  inNinjaOne: boolean;
  inIntune: boolean;
  /** The Intune install of the agent fails on this device. */
  installFails: boolean;
  ninjaId: number;
  organizationId: number;
  locationId: number;
  nodeClass: string;
  model: string;
  user: string;
}

const member = (m: Partial<FleetMember> & Pick<FleetMember, 'hostname' | 'ninjaId'>): FleetMember => ({
  ninjaSerial: '',
  intuneSerial: '',
  inNinjaOne: true,
  inIntune: true,
  installFails: false,
  organizationId: CONTOSO_ORG_ID,
  locationId: HEAD_OFFICE_LOCATION_ID,
  nodeClass: 'WINDOWS_WORKSTATION',
  model: 'HP EliteBook 840 G8',
  user: 'adele.vance@contoso.example',
  ...m,
});

/** The demo fleet: what phase 2 should find, including each kind of mismatch. */
export const SEEDED_FLEET: readonly FleetMember[] = [
  member({
    hostname: 'CONTOSO-LT-0101',
    ninjaId: 301,
    ninjaSerial: '5CG1230AB1',
    intuneSerial: '5CG1230AB1',
  }),
  member({
    hostname: 'CONTOSO-LT-0102',
    ninjaId: 302,
    ninjaSerial: '5CG1230AB2',
    intuneSerial: '5CG1230AB2',
    user: 'alex.wilber@contoso.example',
  }),
  member({
    hostname: 'CONTOSO-LT-0103',
    ninjaId: 303,
    ninjaSerial: '5CG1230AB3',
    intuneSerial: '5CG1230AB3',
    locationId: REMOTE_LOCATION_ID,
    user: 'megan.bowen@contoso.example',
  }),
  // Serial differs in format between the two (a VM): matched by hostname.
  member({
    hostname: 'CONTOSO-VM-0104',
    ninjaId: 304,
    ninjaSerial: 'VMware-56 4d 1a 2b',
    intuneSerial: '',
    model: 'VMware Virtual Platform',
    user: 'lee.gu@contoso.example',
  }),
  // Enrolled in Intune, but the agent install failed: missing in NinjaOne.
  member({
    hostname: 'CONTOSO-LT-0105',
    ninjaId: 0,
    intuneSerial: '5CG1230AB5',
    inNinjaOne: false,
    installFails: true,
    user: 'diego.siciliani@contoso.example',
  }),
  // A server NinjaOne manages but Intune does not: missing in Intune.
  member({
    hostname: 'CONTOSO-SRV-0106',
    ninjaId: 306,
    ninjaSerial: 'CZJ2040XYZ',
    inIntune: false,
    nodeClass: 'WINDOWS_SERVER',
    model: 'HPE ProLiant DL360 Gen10',
  }),
  // Another organization's device: must not count for Contoso.
  member({
    hostname: 'FABRIKAM-LT-0001',
    ninjaId: 401,
    ninjaSerial: 'FAB0001',
    inIntune: false,
    organizationId: FABRIKAM_ORG_ID,
    locationId: 21,
  }),
];

/** Synthetic device i (1-based): every 1000th lacks NinjaOne, every 1000th+500 lacks Intune. */
export function syntheticMember(i: number): FleetMember {
  const serial = `SYN${String(i).padStart(7, '0')}`;
  return {
    hostname: `CONTOSO-SYN-${String(i).padStart(6, '0')}`,
    ninjaSerial: serial,
    intuneSerial: serial,
    inNinjaOne: i % 1000 !== 0,
    inIntune: i % 1000 !== 500,
    installFails: i % 1000 === 0,
    ninjaId: SYNTHETIC_ID_BASE + i,
    organizationId: CONTOSO_ORG_ID,
    locationId: HEAD_OFFICE_LOCATION_ID,
    nodeClass: 'WINDOWS_WORKSTATION',
    model: 'Dell Latitude 5440',
    user: `user${i % 500}@contoso.example`,
  };
}
