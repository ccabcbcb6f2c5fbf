// The config file (`sop-integrate.config.yaml`) as users write it: strict, every key documented
// in README.md "Configuration". Secrets never live here; they come from the environment.
import { z } from 'zod';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  message: 'must be a GUID like 00000000-0000-0000-0000-000000000000',
});

export const ConfigFile = z.strictObject({
  tenantId: guid.optional(),
  credential: z
    .strictObject({
      kind: z.enum([
        'client-secret',
        'client-certificate',
        'workload-identity',
        'azure-cli',
        'managed-identity',
        'device-code',
      ]),
      clientId: guid.optional(),
      certificatePath: z.string().optional(),
    })
    .optional(),
  endpoints: z
    .strictObject({
      login: z.url().optional(),
      graph: z.url().optional(),
      exchange: z.url().optional(),
    })
    .optional(),
  stateDir: z.string().min(1).optional(),
  secretStore: z.strictObject({ kind: z.literal('file'), dir: z.string().min(1) }).optional(),
  /** Extra values runbooks may read as `${config.<key>}`. */
  values: z.record(z.string(), z.string()).optional(),
  /** Runbook inputs, shared by every phase (e.g. domains, proofpointSenderIps). */
  inputs: z.record(z.string(), z.unknown()).optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
