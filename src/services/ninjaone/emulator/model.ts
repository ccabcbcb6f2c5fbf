// The emulated NinjaOne instance's state, stored in the API v2 response shapes (openapi-v2.yaml).

export interface NinjaOrganizationRecord {
  id: number;
  name: string;
  description: string;
  nodeApprovalMode: 'AUTOMATIC' | 'MANUAL' | 'REJECT';
  userData: Record<string, unknown>;
  tags: string[];
}

export interface NinjaLocationRecord {
  id: number;
  organizationId: number;
  name: string;
  address: string;
  description: string;
  tags: string[];
}

/** An `AgentDevice` (Device + os + system). */
export interface NinjaDeviceRecord {
  id: number;
  uid: string;
  organizationId: number;
  locationId: number;
  nodeClass: string;
  nodeRoleId: number;
  policyId: number;
  approvalStatus: 'PENDING' | 'APPROVED';
  offline: boolean;
  displayName: string;
  systemName: string;
  dnsName: string;
  netbiosName: string;
  created: number;
  lastContact: number;
  lastUpdate: number;
  tags: string[];
  deviceType: 'AGENT';
  os: { manufacturer: string; name: string; architecture: string; buildNumber: string; releaseId: string };
  system: { name: string; manufacturer: string; model: string; serialNumber: string; domain: string };
}

export interface NinjaActivityRecord {
  id: number;
  activityTime: number;
  deviceId: number;
  activityType: 'ACTION' | 'SCRIPTING';
  statusCode: 'START_REQUESTED' | 'COMPLETED';
  status: string;
  activityResult?: 'SUCCESS' | 'FAILURE';
  sourceConfigUid: string;
  sourceName: string;
  subject: string;
  message: string;
}

export interface NinjaOneState {
  organizations: Record<string, NinjaOrganizationRecord>;
  locations: Record<string, NinjaLocationRecord>;
  devices: Record<string, NinjaDeviceRecord>;
  /** A log the remote actions append to (volatile in diffs). */
  activities: Record<string, NinjaActivityRecord>;
  /** One record: the agent build the installer endpoint serves and the size of generated fleets. */
  settings: Record<'agent' | 'fleet', { version?: string; payloadBytes?: number; syntheticDevices?: number }>;
}
