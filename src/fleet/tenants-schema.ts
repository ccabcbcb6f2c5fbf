// tenants.yaml as users write it: strict, every key documented in README.md "Fleets".
// Credentials appear only by reference (names of environment variables), never as values.
import { z } from 'zod';
import { CredentialKind, Guid } from '../config/schema.ts';

const guid = Guid;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  message:
    'must be the name of an environment variable, e.g. CONTOSO_CLIENT_SECRET (never the secret itself)',
});

/** Faults a tenant's own sandbox injects (crash kinds are left out: they would kill the whole fleet). */
const SandboxFault = z.strictObject({
  service: z.string().min(1).optional(),
  method: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  kind: z.enum(['latency', 'status', 'reset', 'timeout']),
  ms: z.int().min(0).max(600_000).optional(),
  status: z.int().min(100).max(599).optional(),
  retryAfterSeconds: z.number().min(0).max(3600).optional(),
  rate: z.number().min(0).max(1).optional(),
  nth: z.int().min(1).optional(),
  times: z.int().min(1).optional(),
});

export const TenantCredential = z.strictObject({
  kind: CredentialKind,
  clientId: guid.optional(),
  /** Name of the environment variable holding this tenant's client secret. */
  clientSecretEnv: envName.optional(),
  /** Name of the environment variable holding the path of this tenant's certificate. */
  certificatePathEnv: envName.optional(),
});
export type TenantCredential = z.infer<typeof TenantCredential>;

/** Overrides layered over the shared config (`--config`) for one tenant. */
export const InlineTenantConfig = z.strictObject({
  credential: TenantCredential.optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  values: z.record(z.string(), z.string()).optional(),
});
export type InlineTenantConfig = z.infer<typeof InlineTenantConfig>;

export const TenantEntry = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'must be 1-64 letters, digits, dots, dashes or underscores, e.g. contoso-eu',
  }),
  tenantId: guid,
  /** A path (relative to the tenants file) to this tenant's own config file, or inline overrides. */
  config: z.union([z.string().min(1), InlineTenantConfig]).optional(),
  /** Only read with --sandbox: how this tenant's own sandbox misbehaves. */
  sandbox: z
    .strictObject({
      faults: z.array(SandboxFault).max(50).optional(),
      latencyMs: z.int().min(0).max(60_000).optional(),
      /** MX TTL in seconds of the sandbox tenant when it is first created. */
      // Cloudflare reads a TTL of 1 as "automatic" (300 s), so the sandbox seeds 2 s or more.
      mxTtl: z.int().min(2).max(86_400).optional(),
    })
    .optional(),
});
export type TenantEntry = z.infer<typeof TenantEntry>;

export const TenantsFile = z.strictObject({
  tenants: z.array(TenantEntry).min(1, { message: 'list at least one tenant' }).max(10_000),
});
export type TenantsFile = z.infer<typeof TenantsFile>;
