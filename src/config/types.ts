// The tool's configuration after loading (file, env, flags). `config.*` templates read `public`.

export type CredentialKind =
  | 'client-secret'
  | 'client-certificate'
  | 'workload-identity'
  | 'azure-cli'
  | 'managed-identity'
  | 'device-code';

export interface CredentialConfig {
  kind: CredentialKind;
  tenantId: string;
  clientId?: string;
  /** Only ever held in memory and registered with the redactor. */
  clientSecret?: string;
  certificatePath?: string;
}

/** Base URLs of every service; real clouds by default, loopback URLs in the sandbox. */
export interface Endpoints {
  login: string; // https://login.microsoftonline.com
  graph: string; // https://graph.microsoft.com
  exchange: string; // https://outlook.office365.com
  proofpoint?: string;
  ninjaone?: string;
  dnsApi?: string;
  /** Azure Resource Manager for Azure DNS (https://management.azure.com). */
  azureResourceManager?: string;
  /** Route 53 API; the AWS SDK's own endpoint when absent. */
  route53?: string;
}

/** Line and column of a value in the config file (`['inputs', 'domains', 1]`), for messages. */
export type ConfigPlaces = (keyPath: readonly (string | number)[]) => { line?: number; col?: number };

export interface ToolConfig {
  /** Where the config file's values are; absent when no config file was read. */
  places?: ConfigPlaces;
  tenantId: string;
  credential: CredentialConfig;
  endpoints: Endpoints;
  /** Directory for run journals and locks. */
  stateDir: string;
  /** `file`: 0600 files in `dir`; `keyvault`: Azure Key Vault at `vaultUrl` (`dir` then unused). */
  secretStore: {
    kind: 'file' | 'keyvault';
    dir: string;
    vaultUrl?: string;
    /** Key Vault only: secrets are named `<namePrefix>-<name>`, so tenants can share a vault. */
    namePrefix?: string;
  };
  /** Shared journal and locks on Azure Blob Storage (`--journal azblob://...`); files under stateDir when absent. */
  journal?: BlobJournalConfig;
  /** Values runbooks may reference as `${config.<key>}`. Never secrets. */
  public: Record<string, string>;
  /** Change window from the config file (`--window` overrides it). */
  changeWindow?: string;
  /** Input values from the config file's `inputs:` block. */
  inputs: Record<string, unknown>;
  /** NinjaOne API client (Administration > Apps > API); the secret only from the environment. */
  ninjaone?: NinjaOneConfig;
  /** DNS provider of the mail domains' zones; secrets only from the environment. */
  dns?: DnsConfig;
  /** Proofpoint product and API credentials; secrets only from the environment. */
  proofpoint?: ProofpointConfig;
}

export interface DnsConfig {
  /** `manual`: an operator edits the zone from printed records; the tool verifies. */
  provider: 'cloudflare' | 'azure' | 'route53' | 'manual';
  /** From SOP_INTEGRATE_DNS_CLOUDFLARE_API_TOKEN; registered with the redactor. */
  cloudflareApiToken?: string;
  /** Azure DNS: the zones' subscription and resource group; the run's own identity signs in. */
  azure?: { subscriptionId: string; resourceGroup: string };
  /** Route 53: keys from SOP_INTEGRATE_DNS_AWS_*, else the AWS SDK's default credential chain. */
  route53?: {
    region: string;
    hostedZoneIds?: Record<string, string>;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  };
  /** Bootstrap server for NS lookups and the port to ask each NS on (the sandbox's loopback server). */
  nameserver?: { host: string; port: number };
  timeoutMs?: number;
}

export interface ProofpointConfig {
  /** `essentials`: domains via the Essentials API; `pod`: Proofpoint on Demand, domains are a portal step. */
  product: 'essentials' | 'pod';
  essentials?: { baseUrl: string; orgDomain: string; user?: string; password?: string };
  tap?: { baseUrl: string; principal?: string; secret?: string };
  /** Set only by --sandbox: the emulated portal pages that have no API. */
  sandboxPortalUrl?: string;
  /** Set only by --sandbox: the mail simulation that sends phase 3's test messages. */
  sandboxMailUrl?: string;
}

export interface NinjaOneConfig {
  /** app | eu | oc | ca | us2 | fed, or the instance's base URL; `endpoints.ninjaone` wins when set. */
  region: string;
  clientId?: string;
  /** From SOP_INTEGRATE_NINJAONE_CLIENT_SECRET; only ever held in memory and registered with the redactor. */
  clientSecret?: string;
}

export interface BlobJournalConfig {
  kind: 'azblob';
  account: string;
  container: string;
  /** From SOP_INTEGRATE_JOURNAL_CONNECTION_STRING; only ever held in memory, registered with the redactor. */
  connectionString?: string;
}
