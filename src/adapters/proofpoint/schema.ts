// Proofpoint response shapes we read: Essentials API v1 (domains, users) and TAP SIEM v2.
import { z } from 'zod';

export const EssentialsDomain = z.object({
  name: z.string().min(1),
  is_active: z.boolean().catch(true),
  is_relay: z.boolean().catch(false),
  destination: z.string().nullable().catch(null),
});
export type EssentialsDomain = z.infer<typeof EssentialsDomain>;

export const EssentialsDomainList = z.object({ domains: z.array(EssentialsDomain) });

export const EssentialsUser = z.object({
  primary_email: z.string().min(1),
  firstname: z.string().catch(''),
  surname: z.string().catch(''),
  type: z.string().catch(''),
  is_active: z.boolean().catch(true),
});
export type EssentialsUser = z.infer<typeof EssentialsUser>;

export const EssentialsUserList = z.object({ users: z.array(EssentialsUser) });

export const TapThreat = z.object({
  threatType: z.string().catch(''),
  threat: z.string().catch(''),
  classification: z.string().catch(''),
});

export const TapMessage = z.object({
  GUID: z.string(),
  QID: z.string().catch(''),
  messageTime: z.string(),
  sender: z.string().catch(''),
  recipient: z.array(z.string()).catch([]),
  subject: z.string().nullable().catch(null),
  threatsInfoMap: z.array(TapThreat).catch([]),
});
export type TapMessage = z.infer<typeof TapMessage>;

/** "In the case of a JSON format, the structure is always returned, even if empty." */
export const SiemAnswer = z.object({
  queryEndTime: z.string().optional(),
  messagesDelivered: z.array(TapMessage).default([]),
  messagesBlocked: z.array(TapMessage).default([]),
});
