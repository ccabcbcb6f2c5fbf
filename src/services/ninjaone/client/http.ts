// NinjaOne API v2 over the shared HTTP layer: OAuth2 client credentials (`/ws/oauth/token`,
// scopes `monitoring management control`), a cached bearer token, JSON calls validated with zod.
import type { z } from 'zod';
import { ServiceError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import {
  parseJsonOrUndefined,
  parseVendorResponse,
  sendWithPolicy,
  throwInvalid,
  type HttpPolicy,
  type SendOptions,
  type VendorErrorInfo,
} from '../../../core/http/index.ts';
import { NinjaErrorBody, TokenResponse } from './schema.ts';

export const NINJAONE_SCOPE = 'monitoring management control';

export interface NinjaHttpOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  policy: HttpPolicy;
  redactor: Redactor;
  scope?: string;
}

export interface NinjaCall {
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotent?: boolean;
}

export function readNinjaError(body: string, headers: Headers): VendorErrorInfo {
  const parsed = NinjaErrorBody.safeParse(parseJsonOrUndefined(body));
  const data = parsed.success ? parsed.data : {};
  const code = data.error ?? data.resultCode ?? undefined;
  const message = data.error_description ?? data.errorMessage ?? undefined;
  const requestId = data.incidentId ?? headers.get('x-request-id') ?? undefined;
  return {
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** Refresh a little before the vendor's expiry so a token never dies mid-call. */
const EXPIRY_MARGIN_MS = 60_000;

export class NinjaHttp {
  readonly baseUrl: string;
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: NinjaHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    options.redactor.register(options.clientSecret);
  }

  private async accessToken(): Promise<string> {
    const now = this.options.policy.now().getTime();
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > now) return this.token.value;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const operation = 'oauth.token';
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      scope: this.options.scope ?? NINJAONE_SCOPE,
    });
    const response = await sendWithPolicy(
      {
        method: 'POST',
        url: `${this.baseUrl}/ws/oauth/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        idempotent: true, // asking for a token twice is harmless
      },
      this.sendOptions(operation),
    );
    const body = parseVendorResponse(TokenResponse, parseJsonOrUndefined(await response.text()), {
      service: 'ninjaone',
      operation,
    });
    this.options.redactor.register(body.access_token);
    const lifetimeMs = (body.expires_in ?? 3600) * 1000;
    this.token = { value: body.access_token, expiresAt: this.options.policy.now().getTime() + lifetimeMs };
    return body.access_token;
  }

  private sendOptions(operation: string, signal?: AbortSignal) {
    return {
      service: 'ninjaone',
      operation,
      policy: this.options.policy,
      redactor: this.options.redactor,
      readVendorError: readNinjaError,
      permissionHint: () =>
        'the API client app (Administration > Apps > API) with the monitoring, management and control scopes',
      ...(signal ? { signal } : {}),
    };
  }

  url(path: string, query: NinjaCall['query'] = {}): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  async send(call: NinjaCall, signal?: AbortSignal): Promise<Response> {
    return sendWithPolicy(
      {
        method: call.method,
        url: this.url(call.path, call.query),
        headers: {
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        ...(call.idempotent === undefined ? {} : { idempotent: call.idempotent }),
      },
      {
        ...this.sendOptions(call.operation, signal),
        authorize: async () => ({ authorization: `Bearer ${await this.accessToken()}` }),
      },
    );
  }

  async json<Schema extends z.ZodType>(call: NinjaCall, schema: Schema): Promise<z.output<Schema>> {
    const response = await this.send(call);
    const text = await response.text();
    const body = parseJsonOrUndefined(text);
    if (body === undefined)
      throwInvalid({ service: 'ninjaone', operation: call.operation }, 'the body is not valid JSON');
    return parseVendorResponse(schema, body, { service: 'ninjaone', operation: call.operation });
  }

  /**
   * Downloads a file. The installer link may point at another host (a CDN); the bearer token
   * goes only to the API's own origin. With `consumeBody`, the body is streamed to it, not held.
   */
  async download(
    url: string,
    operation: string,
    consumeBody?: SendOptions['consumeBody'],
  ): Promise<Response> {
    const sameOrigin = new URL(url).origin === new URL(this.baseUrl).origin;
    return sendWithPolicy(
      { method: 'GET', url },
      {
        ...this.sendOptions(operation),
        ...(sameOrigin
          ? { authorize: async () => ({ authorization: `Bearer ${await this.accessToken()}` }) }
          : {}),
        ...(consumeBody ? { consumeBody } : {}),
      },
    );
  }
}

export function notFound(operation: string, message: string, hint: string): ServiceError {
  return new ServiceError('ninjaone', 'not-found', message, { operation }, { hint });
}
