// The tool's configuration after loading (file, env, flags). `config.*` templates read `public`.

export type CredentialKind =
  | 'client-secret'
  | 'client-certificate'
  | 'workload-identity'
  | 'azure-cli'
  | 'managed-identity'
  | 'device-code'
  | 'sandbox';

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
}

export interface ToolConfig {
  tenantId: string;
  credential: CredentialConfig;
  endpoints: Endpoints;
  /** Directory for run journals and locks. */
  stateDir: string;
  secretStore: { kind: 'file'; dir: string };
  /** Values runbooks may reference as `${config.<key>}`. Never secrets. */
  public: Record<string, string>;
  /** Input values from the config file's `inputs:` block. */
  inputs: Record<string, unknown>;
}
