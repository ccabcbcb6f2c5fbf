// Picks the credential for the configured kind. @azure/identity is imported on first use only,
// so CLI start-up (and `--help`) never loads MSAL.
import type * as IdentityModule from '@azure/identity';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { CredentialConfig, Endpoints } from '../../config/types.ts';
import { InputError } from '../../errors.ts';
import type { Redactor } from '../../redact.ts';
import type { HttpPolicy } from '../http/index.ts';
import { createHttpPolicy } from '../http/index.ts';
import { ClientCredentialsTokenCredential } from './sandbox-credential.ts';

export interface CredentialOptions {
  redactor: Redactor;
  policy?: HttpPolicy;
  /** Shows a device-code sign-in message to a person; without it @azure/identity prints it itself. */
  onDeviceCode?: (message: string) => void;
}

type Identity = typeof IdentityModule;

export function createCredential(
  config: CredentialConfig,
  endpoints: Endpoints,
  options: CredentialOptions,
): TokenCredential {
  if (config.kind === 'sandbox') {
    return new ClientCredentialsTokenCredential({
      loginUrl: endpoints.login,
      tenantId: config.tenantId,
      clientId: required(config, 'clientId'),
      clientSecret: required(config, 'clientSecret'),
      policy: options.policy ?? createHttpPolicy(),
      redactor: options.redactor,
    });
  }
  if (config.clientSecret) options.redactor.register(config.clientSecret);
  // Check the config now, so a wrong config fails before anything is called.
  const build = builderFor(config, endpoints, options);
  return new LazyCredential(build);
}

function builderFor(
  config: CredentialConfig,
  endpoints: Endpoints,
  options: CredentialOptions,
): (identity: Identity) => TokenCredential {
  const authorityHost = endpoints.login;
  const tenantId = config.tenantId;
  switch (config.kind) {
    case 'client-secret': {
      const clientId = required(config, 'clientId');
      const secret = required(config, 'clientSecret');
      return (id) => new id.ClientSecretCredential(tenantId, clientId, secret, { authorityHost });
    }
    case 'client-certificate': {
      const clientId = required(config, 'clientId');
      const certificatePath = required(config, 'certificatePath');
      return (id) =>
        new id.ClientCertificateCredential(tenantId, clientId, certificatePath, { authorityHost });
    }
    case 'workload-identity':
      // The federated token file comes from the pipeline (AZURE_FEDERATED_TOKEN_FILE), read by the SDK.
      return (id) =>
        new id.WorkloadIdentityCredential({
          tenantId,
          authorityHost,
          ...(config.clientId ? { clientId: config.clientId } : {}),
        });
    case 'azure-cli':
      return (id) => new id.AzureCliCredential({ tenantId });
    case 'managed-identity':
      return (id) =>
        config.clientId
          ? new id.ManagedIdentityCredential({ clientId: config.clientId })
          : new id.ManagedIdentityCredential();
    case 'device-code':
      return (id) =>
        new id.DeviceCodeCredential({
          tenantId,
          authorityHost,
          ...(config.clientId ? { clientId: config.clientId } : {}),
          ...(options.onDeviceCode
            ? { userPromptCallback: (info) => options.onDeviceCode?.(info.message) }
            : {}),
        });
    case 'sandbox':
      throw new Error('unreachable: sandbox credentials are built above');
  }
}

function required(config: CredentialConfig, field: 'clientId' | 'clientSecret' | 'certificatePath'): string {
  const value = config[field];
  if (!value) {
    throw new InputError(`The ${config.kind} credential needs credential.${field}`, [], {
      hint: `Set credential.${field} in the config file (or its environment variable) for credential kind ${config.kind}.`,
    });
  }
  return value;
}

/** Defers loading @azure/identity until the first token is needed. */
class LazyCredential implements TokenCredential {
  private inner: Promise<TokenCredential> | undefined;

  constructor(private readonly build: (identity: Identity) => TokenCredential) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.inner ??= import('@azure/identity').then((identity) => this.build(identity));
    return (await this.inner).getToken(scopes, options);
  }
}
