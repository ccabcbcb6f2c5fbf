// Zod schemas of the NinjaOne API v2 shapes this adapter reads (openapi-v2.yaml components).
// Only the fields we use; lenient with what the vendor adds.
import { z } from 'zod';

const optionalText = z.string().nullable().optional().catch(undefined);
const optionalNumber = z.number().nullable().optional().catch(undefined);

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const Organization = z.object({
  id: z.number().int(),
  name: z.string(),
  description: optionalText,
  nodeApprovalMode: optionalText,
});
export type Organization = z.infer<typeof Organization>;

export const Location = z.object({
  id: z.number().int(),
  name: z.string(),
  description: optionalText,
});
export type Location = z.infer<typeof Location>;

export const Link = z.object({ url: z.string().url() });

export const OperatingSystem = z.object({
  name: optionalText,
  manufacturer: optionalText,
  architecture: optionalText,
  buildNumber: optionalText,
  releaseId: optionalText,
  lastBootTime: optionalNumber,
});

export const ComputerSystem = z.object({
  name: optionalText,
  manufacturer: optionalText,
  model: optionalText,
  serialNumber: optionalText,
  biosSerialNumber: optionalText,
  domain: optionalText,
});

/** `Device`, `NodeWithDetailedReferences` and `AgentDevice` share these fields. */
export const Device = z.object({
  id: z.number().int(),
  uid: optionalText,
  organizationId: z.number().int(),
  locationId: optionalNumber,
  nodeClass: optionalText,
  approvalStatus: optionalText,
  offline: z.boolean().optional().catch(undefined),
  displayName: optionalText,
  systemName: optionalText,
  dnsName: optionalText,
  netbiosName: optionalText,
  created: optionalNumber,
  lastContact: optionalNumber,
  lastUpdate: optionalNumber,
  os: OperatingSystem.optional().catch(undefined),
  system: ComputerSystem.optional().catch(undefined),
});
export type Device = z.infer<typeof Device>;

export const Activity = z.object({
  id: z.number().int(),
  activityTime: optionalNumber,
  deviceId: optionalNumber,
  activityType: optionalText,
  statusCode: optionalText,
  status: optionalText,
  activityResult: optionalText,
  sourceConfigUid: optionalText,
  sourceName: optionalText,
  subject: optionalText,
  message: optionalText,
});
export type Activity = z.infer<typeof Activity>;

export const NodeActivitiesResponse = z.object({
  lastActivityId: optionalNumber,
  lastNodeActivityId: optionalNumber,
  activities: z.array(Activity).catch([]),
});
export type NodeActivitiesResponse = z.infer<typeof NodeActivitiesResponse>;

/** One entry of `DeviceScriptingOptions.scripts`: a built-in action (uid) or a library script (id). */
export const ScriptOption = z.object({
  type: z.string(),
  id: optionalNumber,
  uid: optionalText,
  name: z.string(),
  language: optionalText,
  description: optionalText,
});
export type ScriptOption = z.infer<typeof ScriptOption>;

export const DeviceScriptingOptions = z.object({
  scripts: z.array(ScriptOption).catch([]),
});

/** Error bodies seen from NinjaOne: OAuth errors and the API's resultCode/errorMessage shape. */
export const NinjaErrorBody = z.object({
  error: optionalText,
  error_description: optionalText,
  resultCode: optionalText,
  errorMessage: optionalText,
  incidentId: optionalText,
});
