// The @azure/arm-dns client as sop-integrate builds it: ARM's token scope whatever the endpoint,
// a bounded retry budget (the SDK's own retry policy honours 429 Retry-After and retries 5xx),
// every token registered with the redactor, and https only (the sandbox's ARM is https too).
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { DnsManagementClient } from '@azure/arm-dns';
import { InputError, ServiceError } from '../../../errors.ts';
import { defaultRetryPolicy, parseRetryAfter } from '../../../core/http/retry-policy.ts';
import type { Redactor } from '../../../redact.ts';

export const ARM_SCOPE = 'https://management.azure.com/.default';

type PipelinePolicy = Parameters<DnsManagementClient['pipeline']['addPolicy']>[0];

export interface AzureRetryOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** First back-off for 5xx and network errors (default 800 ms); 429 waits what Retry-After says. */
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
  /** A Retry-After longer than this fails the call as throttled (default: the HTTP layer's 120 s). */
  maxRetryAfterMs?: number;
}

export interface ArmClientOptions {
  subscriptionId: string;
  endpoint: string;
  credential: TokenCredential;
  redactor: Redactor;
  retry?: AzureRetryOptions;
}

/** Hands out the credential's tokens and registers each with the redactor as it passes. */
function redactingCredential(credential: TokenCredential, redactor: Redactor): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const token = await credential.getToken(scopes, options);
      if (token) redactor.register(token.token);
      return token;
    },
  };
}

/**
 * The SDK's throttling policy waits whatever Retry-After says, however long. Like the project's
 * HTTP layer, a wait beyond `maxRetryAfterMs` is not sat out inside a change window: the call
 * fails as throttled, the run stops journaled, and `resume` picks it up later.
 */
function retryAfterCapPolicy(maxRetryAfterMs: number): PipelinePolicy {
  return {
    name: 'sopIntegrateRetryAfterCap',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status !== 429 && response.status !== 503) return response;
      const waitMs = parseRetryAfter(response.headers.get('retry-after'), new Date());
      if (waitMs === undefined || waitMs <= maxRetryAfterMs) return response;
      throw new ServiceError(
        'dns',
        'throttled',
        `Azure Resource Manager asked to wait ${Math.ceil(waitMs / 1000)} s before retrying`,
        { status: response.status, operation: `${request.method} record set` },
        { hint: 'The subscription is being throttled; resume the run later.' },
      );
    },
  };
}

function endpointUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(`the Azure Resource Manager endpoint '${endpoint}' is not a URL`, [], {
      hint: "Use https://management.azure.com (or your cloud's ARM endpoint).",
    });
  }
  if (url.protocol === 'https:') return url;
  throw new InputError(`the Azure Resource Manager endpoint '${endpoint}' is not https`, [], {
    hint: 'ARM tokens may only travel over https.',
  });
}

export function createArmDnsClient(options: ArmClientOptions): DnsManagementClient {
  endpointUrl(options.endpoint);
  const credential = redactingCredential(options.credential, options.redactor);
  const client = new DnsManagementClient(credential, options.subscriptionId, {
    endpoint: options.endpoint.replace(/\/+$/, ''),
    // The SDK would otherwise ask for `${endpoint}/.default`, which for the sandbox is no ARM scope.
    credentialScopes: ARM_SCOPE,
    retryOptions: {
      maxRetries: options.retry?.maxRetries ?? 3,
      retryDelayInMs: options.retry?.retryDelayInMs ?? 800,
      maxRetryDelayInMs: options.retry?.maxRetryDelayInMs ?? 30_000,
    },
    userAgentOptions: { userAgentPrefix: 'sop-integrate' },
  });
  // Inside the retry loop, so it sees each attempt's answer before the throttling policy waits.
  client.pipeline.addPolicy(
    retryAfterCapPolicy(options.retry?.maxRetryAfterMs ?? defaultRetryPolicy.maxRetryAfterMs),
    { afterPhase: 'Retry' },
  );
  return client;
}
