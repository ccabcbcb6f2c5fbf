// Zod schemas of what InvokeCommand returns (microsoft-api-notes §2.2, §2.4, §2.7): Get-<Noun>
// rows with PascalCase properties. Only the fields the tool uses; lenient with what Exchange adds
// or leaves null, strict on the identity fields nothing can work without.
import { z } from 'zod';

/** Multi-valued properties: an array, or null when unset. */
const multi = z
  .array(z.string())
  .nullable()
  .optional()
  .catch(null)
  .transform((v) => v ?? []);
const flag = (fallback: boolean) => z.boolean().catch(fallback);
const optionalText = z
  .string()
  .nullable()
  .optional()
  .catch(null)
  .transform((v) => v ?? null);

/** Exchange stores sender domains in address-space form ("smtp:*;1"); callers see the bare domain. */
export function bareDomain(addressSpace: string): string {
  return addressSpace.replace(/^smtp:/i, '').replace(/;\d+$/, '');
}

const Named = z.object({
  Identity: z.string().min(1),
  Name: z.string().min(1),
  Guid: z.string().catch(''),
});

export const InboundConnector = Named.extend({
  Enabled: flag(true),
  ConnectorType: z.string().catch(''),
  Comment: optionalText,
  SenderDomains: multi.transform((list) => list.map(bareDomain)),
  SenderIPAddresses: multi,
  RequireTls: flag(false),
  RestrictDomainsToIPAddresses: flag(false),
  EFSkipLastIP: flag(false),
  EFSkipIPs: multi,
  EFUsers: multi,
});
export type InboundConnector = z.infer<typeof InboundConnector>;

export const OutboundConnector = Named.extend({
  Enabled: flag(true),
  ConnectorType: z.string().catch(''),
  Comment: optionalText,
  SmartHosts: multi,
  RecipientDomains: multi,
  UseMXRecord: flag(true),
  IsTransportRuleScoped: flag(false),
  TlsSettings: optionalText,
  TlsDomain: optionalText,
});
export type OutboundConnector = z.infer<typeof OutboundConnector>;

export const TransportRule = Named.extend({
  Priority: z.number().int(),
  State: z.string().catch('Enabled'),
  Mode: z.string().catch('Enforce'),
  FromScope: optionalText,
  SentToScope: optionalText,
  RouteMessageOutboundConnector: optionalText,
  Comments: optionalText,
});
export type TransportRule = z.infer<typeof TransportRule>;

export const AcceptedDomain = z.object({
  Name: z.string().min(1),
  DomainName: z.string().min(1),
  DomainType: z.string().catch(''),
  Default: flag(false),
});
export type AcceptedDomain = z.infer<typeof AcceptedDomain>;

/** A Get-MessageTraceV2 row. */
export const MessageTraceRow = z.object({
  MessageTraceId: z.string().catch(''),
  MessageId: z.string().catch(''),
  Received: z.string(),
  SenderAddress: z.string(),
  RecipientAddress: z.string(),
  Subject: z.string().catch(''),
  Status: z.string().catch(''),
  FromIP: optionalText,
  ToIP: optionalText,
  Size: z.number().catch(0),
});
export type MessageTraceRow = z.infer<typeof MessageTraceRow>;

export const InvokeCommandPage = z.object({
  value: z.array(z.unknown()).nullable().optional(),
  '@odata.nextLink': z.string().optional(),
  '@adminapi.warnings': z.array(z.unknown()).nullable().optional().catch(null),
});

const ErrorDetail = z.object({ message: z.string().optional() });

export const ExchangeErrorBody = z.object({
  error: z.object({
    code: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    details: z
      .union([z.array(ErrorDetail), ErrorDetail])
      .optional()
      .catch(undefined),
    innererror: z
      .object({ internalException: z.object({ message: z.string().optional() }).optional().catch(undefined) })
      .optional()
      .catch(undefined),
  }),
});
