// Proofpoint response shapes we read: Essentials API v1 (domains, users) and TAP SIEM v2.
import { z } from 'zod';

/** A domain as the Essentials API shows it (help.proofpoint.com Proofpoint_Essentials "API and
 *  Domains": name, is_active, is_relay, destination, failovers). `destination` is where Proofpoint
 *  delivers the domain's inbound mail; a value of another shape fails the read, never reads as
 *  unset (which would show as drift and make the step PUT over it). */
export const EssentialsDomain = z.object({
  name: z.string().min(1),
  is_active: z.boolean().optional().default(true),
  is_relay: z.boolean().optional().default(false),
  destination: z
    .string()
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v)),
  failovers: z
    .array(z.string())
    .nullable()
    .optional()
    .transform((v) => v ?? []),
});
export type EssentialsDomain = z.infer<typeof EssentialsDomain>;

/** GET /orgs/{org}/domains: a bare array (WYRE-AI/node-proofpoint-essentials types the list as
 *  `Domain[]`); the organisation resource nests the same objects under `domains`, read too. */
export const EssentialsDomainList = z
  .union([z.array(EssentialsDomain), z.object({ domains: z.array(EssentialsDomain) })])
  .transform((v) => (Array.isArray(v) ? v : v.domains));

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
