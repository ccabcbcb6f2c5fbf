// The Graph SDK builds requests and runs our middleware instead of its own chain: auth, the
// shared retry/timeout/error policy, and a record that carries our mapped error past the SDK
// (which would otherwise rewrap it into a GraphError without the details).
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';
import { isSopError, ServiceError, type SopError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import { sanitizeText, sendWithPolicy, type HttpPolicy } from '../../../core/http/index.ts';
import { graphPermissionHint, readGraphError } from './errors.ts';

/** Per-call options passed through the SDK's middleware control. */
export class GraphCallOptions implements MiddlewareOptions {
  failure: SopError | undefined;
  constructor(
    readonly operation: string,
    readonly idempotent: boolean | undefined,
  ) {}
}

export interface PolicyMiddlewareDeps {
  credential: TokenCredential;
  scope: string;
  policy: HttpPolicy;
  redactor: Redactor;
}

export class PolicyMiddleware implements Middleware {
  constructor(private readonly deps: PolicyMiddlewareDeps) {}

  async execute(context: Context): Promise<void> {
    const call = context.middlewareControl?.getMiddlewareOptions(GraphCallOptions) as
      GraphCallOptions | undefined;
    const operation = call?.operation ?? 'request';
    // The SDK passes the URL string it built; a Request object only if a caller hands one in.
    const request: unknown = context.request;
    const url = typeof request === 'string' ? request : (request as Request).url;
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const body: unknown = context.options?.body;
    try {
      context.response = await sendWithPolicy(
        {
          method,
          url,
          headers: headersToRecord(context.options?.headers),
          ...(typeof body === 'string' ? { body } : {}),
          ...(call?.idempotent !== undefined ? { idempotent: call.idempotent } : {}),
        },
        {
          service: 'graph',
          operation,
          policy: this.deps.policy,
          redactor: this.deps.redactor,
          authorize: () => this.authorize(operation),
          readVendorError: readGraphError,
          permissionHint: graphPermissionHint,
        },
      );
    } catch (error) {
      if (call && isSopError(error)) call.failure = error;
      throw error;
    }
  }

  private async authorize(operation: string): Promise<Record<string, string>> {
    let token;
    try {
      token = await this.deps.credential.getToken(this.deps.scope);
    } catch (error) {
      if (isSopError(error)) throw error;
      const detail = sanitizeText(error instanceof Error ? error.message : String(error), this.deps.redactor);
      throw new ServiceError(
        'login',
        'auth',
        `Could not get a token for Microsoft Graph: ${detail}`,
        { operation },
        {
          hint: 'Check the credential in the config (kind, tenant id, client id, secret or certificate), or sign in again.',
          cause: error,
        },
      );
    }
    if (!token)
      throw new ServiceError('login', 'auth', 'The credential returned no token for Microsoft Graph', {
        operation,
      });
    this.deps.redactor.register(token.token);
    return { authorization: `Bearer ${token.token}` };
  }
}

function headersToRecord(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  if (!headers) return {};
  return Object.fromEntries(new Headers(headers).entries());
}
