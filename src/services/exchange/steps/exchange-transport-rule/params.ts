// `with:` of exchange.transport-rule. Strict.
import { z } from 'zod';

export const ExchangeTransportRuleParams = z.strictObject({
  name: z.string().trim().min(1).max(64).default('Route Outbound via Proofpoint'),
  fromScope: z.enum(['InOrganization', 'NotInOrganization']).default('InOrganization'),
  sentToScope: z
    .enum(['InOrganization', 'NotInOrganization', 'ExternalPartner', 'ExternalNonPartner'])
    .default('NotInOrganization'),
  /**
   * Only mail from these sender domains (and their subdomains) is routed (-SenderDomainIs). A
   * filter such as Proofpoint relays only for its customer's domains: mail from other accepted
   * domains (e.g. the tenant's onmicrosoft.com) must keep leaving directly.
   */
  senderDomainIs: z.array(z.string().trim().min(1)).min(1).optional(),
  /** Name of the rule-scoped outbound connector, usually `${steps.<outbound step>.outputs.name}`. */
  routeMessageOutboundConnector: z.string().trim().min(1).max(64),
  /** 0 is the highest; omitted = the rule keeps its place (new rules go last). */
  priority: z.int().min(0).optional(),
  mode: z.enum(['Audit', 'AuditAndNotify', 'Enforce']).default('Enforce'),
  enabled: z.boolean().default(true),
});

export type ExchangeTransportRuleParams = z.output<typeof ExchangeTransportRuleParams>;
