// Seeds Intune: the fleet's managed devices, the Entra device group phase 1 assigns to (with its
// members), and the Graph permission to read managed devices for the tool's automation app.
import { seededOpaqueId, seededUuid } from '../../../../sandbox/ids.ts';
import { SEEDED_FLEET, syntheticMember, type FleetMember } from '../../../ninjaone/emulator/fleet.ts';
import type { SandboxState } from '../../../../sandbox/state/model.ts';
import type { IntuneState, ManagedDeviceRecord, MobileAppCategoryRecord } from './model.ts';

export const ROLLOUT_GROUP_NAME = 'NinjaOne Rollout Devices';
const MANAGED_DEVICES_READ_ROLE = '2f51be20-0bb4-4fed-bf7b-db946066c75e';
const SEEDED_AT = '2026-01-05T08:00:00Z';

/** The categories every Intune tenant starts with (Apps > App categories in the admin center). */
export const BUILT_IN_APP_CATEGORIES = [
  'Other apps',
  'Books & Reference',
  'Data management',
  'Productivity',
  'Business',
  'Development & Design',
  'Photos & Media',
  'Collaboration & Social',
  'Computer management',
] as const;

export function builtInAppCategories(seed: number): Record<string, MobileAppCategoryRecord> {
  return Object.fromEntries(
    BUILT_IN_APP_CATEGORIES.map((displayName) => {
      const id = seededUuid(seed, `app-category:${displayName}`);
      return [id, { id, displayName, lastModifiedDateTime: SEEDED_AT }];
    }),
  );
}

/** A state file written before app categories existed gets the built-in ones; true when it changed. */
export function upgradeIntuneState(state: SandboxState): boolean {
  const intune = state.intune as Partial<IntuneState> | undefined;
  if (!intune || intune.mobileAppCategories) return false;
  intune.mobileAppCategories = builtInAppCategories(state.seed);
  intune.appCategoryLinks = {};
  return true;
}

export function managedDeviceRecord(seed: number, m: FleetMember): ManagedDeviceRecord {
  return {
    id: seededUuid(seed, `managed-device:${m.hostname}`),
    deviceName: m.hostname,
    serialNumber: m.intuneSerial,
    operatingSystem: 'Windows',
    osVersion: '10.0.22631.4460',
    manufacturer: m.model.split(' ')[0] ?? 'HP',
    model: m.model,
    userPrincipalName: m.user,
    azureADDeviceId: seededUuid(seed, `entra-device:${m.hostname}`),
    lastSyncDateTime: SEEDED_AT,
    complianceState: 'compliant',
    managementAgent: 'mdm',
  };
}

/** The synthetic fleet's Intune side, generated from its index. */
export function syntheticManagedDevice(seed: number, i: number): ManagedDeviceRecord | undefined {
  const m = syntheticMember(i);
  return m.inIntune ? managedDeviceRecord(seed, m) : undefined;
}

export function seedIntune(state: SandboxState): IntuneState {
  const seed = state.seed;
  const groupId = seededUuid(seed, `group:${ROLLOUT_GROUP_NAME}`);
  state.directory.groups[groupId] = {
    id: groupId,
    deletedDateTime: null,
    createdDateTime: SEEDED_AT,
    description: 'Windows workstations that receive the NinjaOne agent',
    displayName: ROLLOUT_GROUP_NAME,
    groupTypes: [],
    isAssignableToRole: false,
    mail: null,
    mailEnabled: false,
    mailNickname: 'ninjaone-rollout-devices',
    securityEnabled: true,
    visibility: null,
  };
  grantManagedDevicesRead(state);
  const devices = SEEDED_FLEET.filter((m) => m.inIntune).map((m) => managedDeviceRecord(seed, m));
  return {
    mobileApps: {},
    contentVersions: {},
    contentFiles: {},
    assignments: {},
    mobileAppCategories: builtInAppCategories(seed),
    appCategoryLinks: {},
    managedDevices: Object.fromEntries(devices.map((d) => [d.id, d])),
    groupMembers: { [groupId]: { deviceIds: devices.map((d) => d.id), includesSynthetic: true } },
  };
}

/** Phase 2 reads managed devices: the automation app holds DeviceManagementManagedDevices.Read.All. */
function grantManagedDevicesRead(state: SandboxState): void {
  const { servicePrincipals, appRoleAssignments } = state.directory;
  const automation = Object.values(servicePrincipals).find((sp) => sp.appId === state.tenant.automationAppId);
  const graph = Object.values(servicePrincipals).find(
    (sp) => sp.appId === '00000003-0000-0000-c000-000000000000',
  );
  if (!automation || !graph) return;
  const id = seededOpaqueId(state.seed, `grant:${automation.id}:${MANAGED_DEVICES_READ_ROLE}`);
  appRoleAssignments[id] = {
    id,
    deletedDateTime: null,
    appRoleId: MANAGED_DEVICES_READ_ROLE,
    createdDateTime: SEEDED_AT,
    principalDisplayName: automation.displayName,
    principalId: automation.id,
    principalType: 'ServicePrincipal',
    resourceDisplayName: graph.displayName,
    resourceId: graph.id,
  };
}
