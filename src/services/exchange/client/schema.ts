// Zod schemas of what InvokeCommand returns (microsoft-api-notes §2.2, §2.4, §2.7): Get-<Noun>
// rows with PascalCase properties. Only the fields the tool uses; lenient with what Exchange adds
// or leaves out, strict on the identity fields and on the shape of every value the steps compare:
// a value of a shape we do not know fails the read with the property's name (VendorResponseError)
// instead of reading as empty, which would show as drift in every plan and fail every verify.
import { z } from 'zod';
import { multiValued, singleValued } from './multi-valued.ts';

/** A boolean property; absent or null means the cmdlet default. */
const flag = (fallback: boolean) =>
  z
    .boolean({ error: 'not a boolean (an unknown value shape)' })
    .nullable()
    .optional()
    .transform((v) => v ?? fallback);
/** An enum-valued property, read as its name (Partial serialization sends enum names). */
const name = (fallback: string) =>
  z
    .string({ error: 'not an enum name (an unknown value shape)' })
    .nullable()
    .optional()
    .transform((v) => v ?? fallback);
/** A single-valued text property: a string, or null / absent when unset. */
const optionalText = z
  .string({ error: 'not a string (an unknown value shape)' })
  .nullable()
  .optional()
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
  ConnectorType: name(''),
  Comment: optionalText,
  SenderDomains: multiValued('address-space').transform((list) => list.map(bareDomain)),
  SenderIPAddresses: multiValued('ip-range'),
  RequireTls: flag(false),
  RestrictDomainsToIPAddresses: flag(false),
  EFSkipLastIP: flag(false),
  EFSkipIPs: multiValued('ip-range'),
  EFUsers: multiValued('text'),
});
export type InboundConnector = z.infer<typeof InboundConnector>;

export const OutboundConnector = Named.extend({
  Enabled: flag(true),
  ConnectorType: name(''),
  Comment: optionalText,
  SmartHosts: multiValued('smart-host'),
  RecipientDomains: multiValued('smtp-domain'),
  UseMXRecord: flag(true),
  IsTransportRuleScoped: flag(false),
  TlsSettings: optionalText,
  TlsDomain: singleValued('smtp-domain'),
});
export type OutboundConnector = z.infer<typeof OutboundConnector>;

export const TransportRule = Named.extend({
  Priority: z.number().int(),
  State: name('Enabled'),
  Mode: name('Enforce'),
  FromScope: optionalText,
  SentToScope: optionalText,
  RouteMessageOutboundConnector: optionalText,
  SenderDomainIs: multiValued('smtp-domain'),
  Comments: optionalText,
});
export type TransportRule = z.infer<typeof TransportRule>;

export const AcceptedDomain = z.object({
  Name: z.string().min(1),
  DomainName: singleValued('smtp-domain').pipe(z.string({ error: 'an accepted domain without its name' })),
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
