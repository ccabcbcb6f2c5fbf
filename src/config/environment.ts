// Every environment variable the tool reads, in one place (mirrored in .env.example).
// Adapters never read process.env; the CLI reads it here and passes values down.

export interface Environment {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  federatedTokenFile?: string;
  credentialKind?: string;
  stateDir?: string;
  configFile?: string;
  noColor: boolean;
  ci: boolean;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };
  return {
    tenantId: pick('SOP_INTEGRATE_TENANT_ID', 'AZURE_TENANT_ID'),
    clientId: pick('SOP_INTEGRATE_CLIENT_ID', 'AZURE_CLIENT_ID'),
    clientSecret: pick('SOP_INTEGRATE_CLIENT_SECRET', 'AZURE_CLIENT_SECRET'),
    certificatePath: pick('SOP_INTEGRATE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PATH'),
    federatedTokenFile: pick('AZURE_FEDERATED_TOKEN_FILE'),
    credentialKind: pick('SOP_INTEGRATE_CREDENTIAL'),
    stateDir: pick('SOP_INTEGRATE_STATE_DIR'),
    configFile: pick('SOP_INTEGRATE_CONFIG'),
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
    ci: env.CI !== undefined && env.CI !== '' && env.CI !== 'false',
  };
}
