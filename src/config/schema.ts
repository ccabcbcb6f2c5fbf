// The config file (`sop-integrate.config.yaml`) as users write it: strict, every key documented
// in README.md "Configuration". Secrets never live here; they come from the environment.
import { z } from 'zod';

export const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  message: 'must be a GUID like 00000000-0000-0000-0000-000000000000',
});

/** The ways the tool can sign in outside the sandbox (README "Credentials"). */
export const CredentialKind = z.enum([
  'client-secret',
  'client-certificate',
  'workload-identity',
  'azure-cli',
  'managed-identity',
  'device-code',
]);

export const ConfigFile = z.strictObject({
  tenantId: Guid.optional(),
  credential: z
    .strictObject({
      kind: CredentialKind,
      clientId: Guid.optional(),
      certificatePath: z.string().optional(),
    })
    .optional(),
  endpoints: z
    .strictObject({
      login: z.url().optional(),
      graph: z.url().optional(),
      exchange: z.url().optional(),
      /** Azure Resource Manager for Azure DNS in a national cloud (e.g. https://management.usgovcloudapi.net). */
      azureResourceManager: z.url().optional(),
    })
    .optional(),
  stateDir: z.string().min(1).optional(),
  secretStore: z
    .union([
      z.strictObject({ kind: z.literal('file'), dir: z.string().min(1) }),
      z.strictObject({
        kind: z.literal('keyvault'),
        vaultUrl: z.url({ protocol: /^https?$/ }).describe('https://<name>.vault.azure.net'),
        /** Secrets become `<namePrefix>-<name>`: tenants sharing one vault keep apart. */
        namePrefix: z
          .string()
          .regex(
            /^[0-9A-Za-z][0-9A-Za-z-]{0,62}$/,
            'letters, digits and dashes (Key Vault names), at most 63',
          )
          .optional(),
      }),
    ])
    .optional(),
  /** Shared journal, `azblob://<account>/<container>`; a connection string only from SOP_INTEGRATE_JOURNAL_CONNECTION_STRING. */
  journal: z.string().min(1).optional(),
  /** Change window, an ISO 8601 interval `<start>/<end>`; `--window` overrides it. */
  changeWindow: z.string().optional(),
  /** Extra values runbooks may read as `${config.<key>}`. */
  values: z.record(z.string(), z.string()).optional(),
  /** Runbook inputs, shared by every phase (e.g. domains, proofpointSenderIps). */
  inputs: z.record(z.string(), z.unknown()).optional(),
  /** NinjaOne API client; the secret comes from SOP_INTEGRATE_NINJAONE_CLIENT_SECRET. */
  ninjaone: z
    .strictObject({ region: z.string().min(1).optional(), clientId: z.string().min(1).optional() })
    .optional(),
  /** DNS provider; Cloudflare's token and AWS keys come from SOP_INTEGRATE_DNS_* variables. */
  dns: z
    .strictObject({
      provider: z.enum(['cloudflare', 'azure', 'route53', 'manual']),
      timeoutMs: z.int().min(100).max(60_000).optional(),
      /** Azure DNS zones: the run's identity needs DNS Zone Contributor on this resource group. */
      azure: z
        .strictObject({
          subscriptionId: Guid,
          resourceGroup: z
            .string()
            .regex(/^[-\w._()]{1,90}$/, 'a resource group name (letters, digits, - _ . ( ), at most 90)')
            .refine((name) => !name.endsWith('.'), 'a resource group name cannot end with a period'),
        })
        .optional(),
      /** Route 53 hosted zones; keys from SOP_INTEGRATE_DNS_AWS_* or the AWS credential chain. */
      route53: z
        .strictObject({
          region: z
            .string()
            .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region like us-east-1')
            .optional(),
          /** Zone name → hosted zone id, when a name has several hosted zones (public and private). */
          hostedZoneIds: z
            .record(
              z.string().regex(/^[a-z0-9.-]+$/i, 'a zone name like contoso.com'),
              z.string().regex(/^(\/hostedzone\/)?Z[A-Z0-9]{1,32}$/, 'a hosted zone id like Z0123456789ABC'),
            )
            .optional(),
        })
        .optional(),
    })
    .refine((dns) => dns.provider !== 'azure' || dns.azure !== undefined, {
      message: 'provider azure needs `azure: { subscriptionId, resourceGroup }` (where the DNS zones live)',
      path: ['azure'],
    })
    .optional(),
  /** Proofpoint; passwords and secrets come from SOP_INTEGRATE_PROOFPOINT_* variables. */
  proofpoint: z
    .strictObject({
      product: z.enum(['essentials', 'pod']),
      essentials: z
        .strictObject({
          stack: z
            .string()
            .regex(/^[a-z]{2}\d$/, 'a stack like us1 or eu1')
            .optional(),
          baseUrl: z.url().optional(),
          orgDomain: z.string().min(1),
          user: z.string().min(1).optional(),
        })
        .optional(),
      tap: z
        .strictObject({ baseUrl: z.url().optional(), principal: z.string().min(1).optional() })
        .optional(),
    })
    .optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
