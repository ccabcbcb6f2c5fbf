// Every environment variable the tool reads, in one place (mirrored in .env.example).
// Adapters never read process.env; the CLI reads it here and passes values down.

export interface Environment {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  federatedTokenFile?: string;
  credentialKind?: string;
  /** Sign-in authority host (a sovereign cloud's, or a running `sandbox start`'s `{url}/login`). */
  authorityHost?: string;
  /** Microsoft Graph and Exchange Online base URLs (a running `sandbox start`'s, to attach to it). */
  graphEndpoint?: string;
  exchangeEndpoint?: string;
  stateDir?: string;
  configFile?: string;
  /** `--journal` or SOP_INTEGRATE_JOURNAL: azblob://<account>/<container>. */
  journal?: string;
  /** SOP_INTEGRATE_JOURNAL_CONNECTION_STRING: never a flag, since flags show in process lists. */
  journalConnectionString?: string;
  /** `--secret-store`: file | keyvault (overrides the config file's kind). */
  secretStoreKind?: string;
  noColor: boolean;
  ci: boolean;
  /** GitHub Actions: annotations and the job summary file. */
  githubActions: boolean;
  githubStepSummary?: string;
  /** Azure Pipelines: ##vso logging commands. */
  azurePipelines: boolean;
  ninjaoneClientId?: string;
  ninjaoneClientSecret?: string;
  dnsCloudflareApiToken?: string;
  dnsAwsAccessKeyId?: string;
  dnsAwsSecretAccessKey?: string;
  dnsAwsSessionToken?: string;
  proofpointEssentialsUser?: string;
  proofpointEssentialsPassword?: string;
  proofpointTapPrincipal?: string;
  proofpointTapSecret?: string;
  /** SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS: how long one HTTP attempt waits for an answer (default 60). */
  httpTimeoutSeconds?: string;
  /** SOP_INTEGRATE_PROGRESS_AFTER_SECONDS: a wait this long gets a "still waiting" line (default 15; 0: never). */
  progressAfterSeconds?: string;
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
    authorityHost: pick('SOP_INTEGRATE_AUTHORITY_HOST', 'AZURE_AUTHORITY_HOST'),
    graphEndpoint: pick('SOP_INTEGRATE_GRAPH_ENDPOINT'),
    exchangeEndpoint: pick('SOP_INTEGRATE_EXCHANGE_ENDPOINT'),
    stateDir: pick('SOP_INTEGRATE_STATE_DIR'),
    configFile: pick('SOP_INTEGRATE_CONFIG'),
    journal: pick('SOP_INTEGRATE_JOURNAL'),
    journalConnectionString: pick('SOP_INTEGRATE_JOURNAL_CONNECTION_STRING'),
    ninjaoneClientId: pick('SOP_INTEGRATE_NINJAONE_CLIENT_ID'),
    ninjaoneClientSecret: pick('SOP_INTEGRATE_NINJAONE_CLIENT_SECRET'),
    dnsCloudflareApiToken: pick('SOP_INTEGRATE_DNS_CLOUDFLARE_API_TOKEN'),
    dnsAwsAccessKeyId: pick('SOP_INTEGRATE_DNS_AWS_ACCESS_KEY_ID'),
    dnsAwsSecretAccessKey: pick('SOP_INTEGRATE_DNS_AWS_SECRET_ACCESS_KEY'),
    dnsAwsSessionToken: pick('SOP_INTEGRATE_DNS_AWS_SESSION_TOKEN'),
    proofpointEssentialsUser: pick('SOP_INTEGRATE_PROOFPOINT_ESSENTIALS_USER'),
    proofpointEssentialsPassword: pick('SOP_INTEGRATE_PROOFPOINT_ESSENTIALS_PASSWORD'),
    proofpointTapPrincipal: pick('SOP_INTEGRATE_PROOFPOINT_TAP_PRINCIPAL'),
    proofpointTapSecret: pick('SOP_INTEGRATE_PROOFPOINT_TAP_SECRET'),
    httpTimeoutSeconds: pick('SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS'),
    progressAfterSeconds: pick('SOP_INTEGRATE_PROGRESS_AFTER_SECONDS'),
    githubActions: env.GITHUB_ACTIONS === 'true',
    githubStepSummary: pick('GITHUB_STEP_SUMMARY'),
    azurePipelines: (env.TF_BUILD ?? '').toLowerCase() === 'true',
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
    ci: env.CI !== undefined && env.CI !== '' && env.CI !== 'false',
  };
}
