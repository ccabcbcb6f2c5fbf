// `with:` of exchange.outbound-connector. Strict; smart hosts must be hostnames.
import { z } from 'zod';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

export const TLS_SETTINGS = ['EncryptionOnly', 'CertificateValidation', 'DomainValidation'] as const;

export const ExchangeOutboundConnectorParams = z
  .strictObject({
    name: z.string().trim().min(1).max(64).default('Outbound to Proofpoint'),
    connectorType: z.enum(['Partner', 'OnPremises']).default('Partner'),
    smartHosts: z
      .array(z.string().trim().toLowerCase().regex(HOSTNAME, 'a hostname (e.g. outbound.pphosted.com)'))
      .min(1),
    /** Only transport rules that name this connector route mail through it. */
    isTransportRuleScoped: z.boolean().default(true),
    tlsSettings: z.enum(TLS_SETTINGS).default('CertificateValidation'),
    /** The certificate name checked when tlsSettings is DomainValidation. */
    tlsDomain: z
      .string()
      .trim()
      .toLowerCase()
      .refine((d) => HOSTNAME.test(d.replace(/^\*\./, '')), 'a hostname or *.domain')
      .optional(),
    /** Smart hosts, not MX lookup: the only mode this step manages. */
    useMxRecord: z.literal(false).default(false),
    enabled: z.boolean().default(true),
  })
  .refine((p) => p.tlsSettings !== 'DomainValidation' || p.tlsDomain !== undefined, {
    message: 'tlsDomain is required when tlsSettings is DomainValidation',
    path: ['tlsDomain'],
  })
  .refine((p) => p.tlsDomain === undefined || p.tlsSettings === 'DomainValidation', {
    message: 'tlsDomain is only used with tlsSettings DomainValidation',
    path: ['tlsDomain'],
  });

export type ExchangeOutboundConnectorParams = z.output<typeof ExchangeOutboundConnectorParams>;
