// One fleet tenant's configuration: its own config file (`config: clients/contoso.yaml`) or the
// shared `--config` with inline overrides, then the tenant id, credential references (resolved
// from the environment here, never stored), inputs, values and a secret store of its own.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEnvironment } from '../config/environment.ts';
import { loadConfig } from '../config/load.ts';
import type { ToolConfig } from '../config/types.ts';
import { InputError, type Problem, type SourcePlace } from '../errors.ts';
import { vaultNamePart } from '../secrets/prefixed-store.ts';
import type { TenantEntry } from './tenants-schema.ts';

export interface TenantConfigPlan {
  /** The tenant's own config file (absolute), used instead of `--config`. */
  configFile: string | undefined;
  adjustConfig: (config: ToolConfig) => ToolConfig;
}

type Env = Readonly<Record<string, string | undefined>>;

export function tenantConfigPlan(
  tenant: TenantEntry,
  tenantsFile: string,
  env: Env = process.env,
): TenantConfigPlan {
  const inline = typeof tenant.config === 'object' ? tenant.config : undefined;
  const configFile =
    typeof tenant.config === 'string' ? path.resolve(path.dirname(tenantsFile), tenant.config) : undefined;
  const credential = inline?.credential;
  const adjustConfig = (config: ToolConfig): ToolConfig => {
    const secret = credential?.clientSecretEnv
      ? env[credential.clientSecretEnv]
      : config.credential.clientSecret;
    const certificatePath = credential?.certificatePathEnv
      ? env[credential.certificatePathEnv]
      : config.credential.certificatePath;
    return {
      ...config,
      tenantId: tenant.tenantId,
      credential: {
        ...config.credential,
        tenantId: tenant.tenantId,
        ...(credential?.kind ? { kind: credential.kind } : {}),
        ...(credential?.clientId ? { clientId: credential.clientId } : {}),
        clientSecret: secret,
        certificatePath,
      },
      inputs: { ...config.inputs, ...inline?.inputs },
      public: { ...config.public, ...inline?.values },
      // Secret names repeat across tenants (every tenant gets `proofpoint-directory-sync`):
      // a directory per tenant, or in a shared Key Vault the tenant's name as the prefix.
      secretStore:
        config.secretStore.kind === 'file'
          ? { ...config.secretStore, dir: path.join(config.secretStore.dir, tenant.name) }
          : {
              ...config.secretStore,
              namePrefix: [config.secretStore.namePrefix, vaultNamePart(tenant.name)]
                .filter((part) => part !== undefined)
                .join('-'),
            },
    };
  };
  return { configFile, adjustConfig };
}

/**
 * Checks every tenant before the first one starts, so a typo in tenant 140 does not stop the
 * fleet half way: config files exist and parse, their tenant ids agree, and (outside the
 * sandbox) every referenced environment variable is set.
 */
export async function checkTenantConfigs(
  tenants: readonly TenantEntry[],
  tenantsFile: string,
  options: { sandbox: boolean; place: (index: number, keys: readonly string[]) => SourcePlace },
  env: Env = process.env,
): Promise<void> {
  const problems: Problem[] = [];
  const environment = readEnvironment();
  for (const [index, tenant] of tenants.entries()) {
    const at = (keys: readonly string[], message: string): void => {
      problems.push({ ...options.place(index, keys), message: `tenant ${tenant.name}: ${message}` });
    };
    const plan = tenantConfigPlan(tenant, tenantsFile, env);
    if (plan.configFile !== undefined) {
      if (!existsSync(plan.configFile)) {
        at(['config'], `config file ${plan.configFile} does not exist`);
        continue;
      }
      try {
        const loaded = await loadConfig({ file: plan.configFile, env: environment });
        if (loaded.tenantId && loaded.tenantId.toLowerCase() !== tenant.tenantId.toLowerCase()) {
          at(['config'], `its config file names tenant ${loaded.tenantId}, not ${tenant.tenantId}`);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(
          ...(error.problems.length > 0
            ? error.problems
            : [{ file: plan.configFile, message: error.message }]),
        );
      }
    }
    if (options.sandbox || typeof tenant.config !== 'object') continue;
    for (const key of ['clientSecretEnv', 'certificatePathEnv'] as const) {
      const name = tenant.config.credential?.[key];
      if (name !== undefined && !env[name])
        at(['config', 'credential', key], `environment variable ${name} (${key}) is not set`);
    }
  }
  if (problems.length > 0) {
    throw new InputError(`${problems.length} problem(s) in the tenants' configuration`, problems, {
      hint: 'nothing was called; fix these and run again',
    });
  }
}
