// `with:` of exchange.inbound-connector. Strict; sender IP ranges are checked here so a bad range
// fails at load time with its file:line, before any call.
import { z } from 'zod';
import { rangeProblem } from './cidr.ts';

export const ENHANCED_FILTERING_MODES = ['skip-ips', 'skip-last-ip', 'off'] as const;

export const ExchangeInboundConnectorParams = z.strictObject({
  name: z.string().trim().min(1).max(64).default('Inbound from Proofpoint'),
  connectorType: z.enum(['Partner', 'OnPremises']).default('Partner'),
  /** IPv4 addresses or CIDR ranges; ranges wider than /24 are split into /24s. */
  senderIpAddresses: z
    .array(z.string().trim().min(1))
    .min(1)
    .superRefine((ranges, ctx) => {
      for (const [index, range] of ranges.entries()) {
        const problem = rangeProblem(range);
        if (problem) ctx.addIssue({ code: 'custom', path: [index], message: problem });
      }
    }),
  /**
   * RequireTls and RestrictDomainsToIPAddresses: when given, managed like every other setting.
   * When omitted, the connector is created with both $false (New-InboundConnector's own default
   * for RequireTls is $true) and they are never changed afterwards: with SenderDomains *, either
   * one refuses mail that still arrives straight from the internet, which it does until MX points
   * at the filter and resolvers' caches of the old MX have expired. A later step (after the MX
   * cutover and its cache wait) locks the connector down by giving them.
   */
  requireTls: z.boolean().optional(),
  restrictDomainsToIPAddresses: z.boolean().optional(),
  senderDomains: z.array(z.string().trim().min(1)).min(1).default(['*']),
  /**
   * Enhanced Filtering for Connectors, as Microsoft recommends when MX points to a third party
   * (microsoft-api-notes §2.6): `skip-ips` skip-lists the sender ranges (EFSkipIPs),
   * `skip-last-ip` skips only the last hop (EFSkipLastIP), `off` disables it.
   */
  enhancedFiltering: z.enum(ENHANCED_FILTERING_MODES).default('skip-ips'),
  enabled: z.boolean().default(true),
});

export type ExchangeInboundConnectorParams = z.output<typeof ExchangeInboundConnectorParams>;
