// The sandbox's token endpoint speaks plain OAuth2 client credentials over http on loopback,
// which MSAL refuses as an authority; this small credential does the same POST and caches the
// token until five minutes before it expires, like @azure/identity does.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { InputError, ServiceError } from '../../errors.ts';
import type { Redactor } from '../../redact.ts';
import { parseJsonOrUndefined, parseVendorResponse, sendWithPolicy, type HttpPolicy } from '../http/index.ts';

const REFRESH_MARGIN_MS = 5 * 60_000;

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().optional(),
});

const OAuthError = z.object({
  error: z.string().catch(''),
  error_description: z.string().optional().catch(undefined),
  correlation_id: z.string().optional().catch(undefined),
});

export interface ClientCredentialsOptions {
  loginUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  policy: HttpPolicy;
  redactor: Redactor;
}

export class ClientCredentialsTokenCredential implements TokenCredential {
  private readonly cache = new Map<string, Promise<AccessToken>>();

  constructor(private readonly options: ClientCredentialsOptions) {
    if (!options.clientId || !options.clientSecret) {
      throw new InputError('The sandbox credential needs a client id and a client secret', [], {
        hint: 'Use the credentials `sop-integrate sandbox start` printed (credential.clientId / clientSecret).',
      });
    }
    options.redactor.register(options.clientSecret);
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes.join(' ') : scopes;
    const cached = this.cache.get(scope);
    if (cached) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresOnTimestamp - REFRESH_MARGIN_MS > this.options.policy.now().getTime())
        return token;
    }
    const pending = this.requestToken(scope, options?.abortSignal as AbortSignal | undefined);
    this.cache.set(scope, pending);
    pending.catch(() => this.cache.delete(scope));
    return pending;
  }

  private async requestToken(scope: string, signal: AbortSignal | undefined): Promise<AccessToken> {
    const { loginUrl, tenantId, clientId, clientSecret, policy, redactor } = this.options;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope,
    });
    const operation = 'token';
    try {
      const response = await sendWithPolicy(
        {
          method: 'POST',
          url: `${loginUrl.replace(/\/$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          idempotent: true, // asking for a token twice changes nothing
        },
        {
          service: 'login',
          operation,
          policy,
          redactor,
          ...(signal ? { signal } : {}),
          readVendorError: (body) => {
            const parsed = OAuthError.safeParse(parseJsonOrUndefined(body));
            if (!parsed.success) return {};
            const { error, error_description, correlation_id } = parsed.data;
            return {
              code: error,
              ...(error_description ? { message: error_description } : {}),
              ...(correlation_id ? { requestId: correlation_id } : {}),
            };
          },
        },
      );
      const body = parseVendorResponse(TokenResponse, parseJsonOrUndefined(await response.text()), {
        service: 'login',
        operation,
      });
      redactor.register(body.access_token);
      return {
        token: body.access_token,
        expiresOnTimestamp: policy.now().getTime() + body.expires_in * 1000,
        tokenType: 'Bearer',
      };
    } catch (error) {
      // The token endpoint answers a bad client id or secret with 400/401 invalid_client: that is a credential problem.
      if (error instanceof ServiceError && (error.details.status === 400 || error.details.status === 401)) {
        throw new ServiceError('login', 'auth', error.message, error.details, {
          hint: 'Check the tenant id, client id and client secret of the credential in the config.',
          cause: error,
        });
      }
      throw error;
    }
  }
}
