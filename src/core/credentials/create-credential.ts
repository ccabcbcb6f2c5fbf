// Picks the credential for the configured kind. @azure/identity is imported on first use only,
// so CLI start-up (and `--help`) never loads MSAL. Every kind signs in through @azure/identity,
// the sandbox included: it is a tenant like any other, reached over HTTPS at its own authority host.
import type * as IdentityModule from '@azure/identity';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { CredentialConfig, Endpoints } from '../../config/types.ts';
import { InputError, ServiceError, isSopError } from '../../errors.ts';
import type { Redactor } from '../../redact.ts';
import type { HttpPolicy } from '../http/index.ts';
import { createHttpPolicy, kindForStatus, sanitizeText } from '../http/index.ts';

export interface CredentialOptions {
  redactor: Redactor;
  /**
   * Per-attempt timeout and attempts for a token request. @azure/identity retries 429/5xx and
   * resets itself (Retry-After included) but waits forever for a token endpoint that never
   * answers; such an attempt is given up after `timeoutMs` and asked again.
   */
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
  if (config.clientSecret) options.redactor.register(config.clientSecret);
  // Check the config now, so a wrong config fails before anything is called.
  const build = builderFor(config, endpoints, options);
  return new LazyCredential(build, options.redactor, options.policy ?? createHttpPolicy());
}

/**
 * Instance discovery asks login.microsoftonline.com which hosts are aliases of the authority's
 * cloud; an authority on loopback (the sandbox) is in no Microsoft cloud, so it is not asked there.
 * `disableInstanceDiscovery` is @azure/identity's option for authorities outside the public clouds.
 */
function isLoopbackAuthority(authorityHost: string): boolean {
  try {
    const { hostname } = new URL(authorityHost);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

function builderFor(
  config: CredentialConfig,
  endpoints: Endpoints,
  options: CredentialOptions,
): (identity: Identity) => TokenCredential {
  const authorityHost = endpoints.login;
  const common = {
    authorityHost,
    ...(isLoopbackAuthority(authorityHost) ? { disableInstanceDiscovery: true } : {}),
  };
  const tenantId = config.tenantId;
  switch (config.kind) {
    case 'client-secret': {
      const clientId = required(config, 'clientId');
      const secret = required(config, 'clientSecret');
      return (id) => new id.ClientSecretCredential(tenantId, clientId, secret, common);
    }
    case 'client-certificate': {
      const clientId = required(config, 'clientId');
      const certificatePath = required(config, 'certificatePath');
      return (id) => new id.ClientCertificateCredential(tenantId, clientId, certificatePath, common);
    }
    case 'workload-identity':
      // The federated token file comes from the pipeline (AZURE_FEDERATED_TOKEN_FILE), read by the SDK.
      return (id) =>
        new id.WorkloadIdentityCredential({
          tenantId,
          ...common,
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
          ...common,
          ...(config.clientId ? { clientId: config.clientId } : {}),
          ...(options.onDeviceCode
            ? { userPromptCallback: (info) => options.onDeviceCode?.(info.message) }
            : {}),
        });
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

/**
 * Defers loading @azure/identity until the first token is needed, registers each token with the
 * redactor, and turns the token endpoint's refusals into typed errors (the AADSTS text sanitized).
 */
class LazyCredential implements TokenCredential {
  private inner: Promise<TokenCredential> | undefined;

  constructor(
    private readonly build: (identity: Identity) => TokenCredential,
    private readonly redactor: Redactor,
    private readonly policy: HttpPolicy,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.inner ??= import('@azure/identity').then((identity) => this.build(identity));
    const credential = await this.inner;
    const attempts = Math.max(1, this.policy.retry.maxAttempts);
    for (let attempt = 1; ; attempt += 1) {
      let token: AccessToken | null | 'timed-out';
      try {
        token = await this.withTimeout(credential.getToken(scopes, options));
      } catch (error) {
        throw this.typed(error);
      }
      if (token !== 'timed-out') {
        if (token) this.redactor.register(token.token);
        return token;
      }
      if (attempt >= attempts) {
        throw new ServiceError(
          'login',
          'timeout',
          `Sign-in failed: the token endpoint did not answer within ${this.policy.timeoutMs} ms (${attempts} attempts)`,
          { operation: 'token' },
          { hint: 'The sign-in service did not answer in time; try again later.' },
        );
      }
    }
  }

  /** The attempt's result, or 'timed-out' once `timeoutMs` passed (the attempt is then abandoned). */
  private async withTimeout<T>(pending: Promise<T>): Promise<T | 'timed-out'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timed-out'>((resolve) => {
      timer = setTimeout(() => resolve('timed-out'), this.policy.timeoutMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
      // An abandoned attempt may still fail later: nobody waits for it any more.
      pending.catch(() => undefined);
    }
  }

  private typed(error: unknown): unknown {
    if (isSopError(error) || !(error instanceof Error)) return error;
    const status = statusOf(error);
    // @azure/identity reports a refused sign-in as AuthenticationError with the token endpoint's
    // status; CredentialUnavailableError means this kind cannot sign in here at all.
    const kind =
      status !== undefined
        ? kindForStatus(status === 400 ? 401 : status)
        : error.name === 'CredentialUnavailableError'
          ? 'auth'
          : 'unavailable';
    const vendorCode = vendorCodeOf(error);
    return new ServiceError(
      'login',
      kind,
      `Sign-in failed: ${sanitizeText(error.message, this.redactor)}`,
      {
        ...(status === undefined ? {} : { status }),
        ...(vendorCode ? { vendorCode } : {}),
        operation: 'token',
      },
      {
        hint:
          kind === 'auth'
            ? 'Check the tenant id, client id and client secret or certificate of the credential in the config.'
            : 'The sign-in service did not answer in time or refused for now; try again later.',
        cause: error,
      },
    );
  }
}

/**
 * The token endpoint's HTTP status: on @azure/identity's AuthenticationError (`statusCode`), or on
 * the MSAL ServerError it wraps as the cause of an AuthenticationRequiredError (`status`).
 */
function statusOf(error: Error): number | undefined {
  for (const candidate of [error, causeOf(error)]) {
    if (candidate === undefined) continue;
    for (const field of ['statusCode', 'status']) {
      const status: unknown = Reflect.get(candidate, field);
      if (typeof status === 'number' && status > 0) return status;
    }
  }
  return undefined;
}

/** The OAuth error code (e.g. invalid_client). */
function vendorCodeOf(error: Error): string | undefined {
  const response: unknown = Reflect.get(error, 'errorResponse');
  if (typeof response === 'object' && response !== null) {
    const code: unknown = Reflect.get(response, 'error');
    if (typeof code === 'string' && code !== '') return code;
  }
  const cause = causeOf(error);
  const code: unknown = cause === undefined ? undefined : Reflect.get(cause, 'errorCode');
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function causeOf(error: Error): object | undefined {
  const cause: unknown = error.cause;
  return typeof cause === 'object' && cause !== null ? cause : undefined;
}
