// The @azure/arm-dns client as sop-integrate builds it: ARM's token scope whatever the endpoint,
// a bounded retry budget (the SDK's own retry policy honours 429 Retry-After and retries 5xx),
// every token registered with the redactor, and plain http allowed only to the loopback sandbox.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { DnsManagementClient } from '@azure/arm-dns';
import { InputError, ServiceError } from '../../errors.ts';
import { defaultRetryPolicy, parseRetryAfter } from '../http/retry-policy.ts';
import type { Redactor } from '../../redact.ts';

export const ARM_SCOPE = 'https://management.azure.com/.default';

/** The name @azure/core-rest-pipeline gives its bearer policy (`bearerTokenAuthenticationPolicyName`). */
const SDK_BEARER_POLICY = 'bearerTokenAuthenticationPolicy';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

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
 * Sets the bearer header from the credential on every attempt. Used only towards the loopback
 * sandbox: the SDK's bearerTokenAuthenticationPolicy refuses to send a token to any non-https
 * URL (rightly, in production), and the sandbox serves plain http on 127.0.0.1. Towards https
 * endpoints the SDK's own policy (token caching, CAE claim challenges) stays in place.
 */
function loopbackBearerPolicy(credential: TokenCredential): PipelinePolicy {
  return {
    name: 'sopIntegrateLoopbackBearerPolicy',
    async sendRequest(request, next) {
      const token = await credential.getToken(ARM_SCOPE, { abortSignal: request.abortSignal });
      if (token) request.headers.set('authorization', `Bearer ${token.token}`);
      return next(request);
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
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return url;
  throw new InputError(`the Azure Resource Manager endpoint '${endpoint}' is not https`, [], {
    hint: 'ARM tokens may only travel over https; plain http is allowed for the loopback sandbox alone.',
  });
}

export function createArmDnsClient(options: ArmClientOptions): DnsManagementClient {
  const url = endpointUrl(options.endpoint);
  const loopback = url.protocol === 'http:';
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
    ...(loopback ? { allowInsecureConnection: true } : {}),
  });
  // Inside the retry loop, so it sees each attempt's answer before the throttling policy waits.
  client.pipeline.addPolicy(
    retryAfterCapPolicy(options.retry?.maxRetryAfterMs ?? defaultRetryPolicy.maxRetryAfterMs),
    { afterPhase: 'Retry' },
  );
  if (loopback) {
    client.pipeline.removePolicy({ name: SDK_BEARER_POLICY });
    client.pipeline.addPolicy(loopbackBearerPolicy(credential), { phase: 'Sign' });
  }
  return client;
}
