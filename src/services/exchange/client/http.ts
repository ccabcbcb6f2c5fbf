// InvokeCommand over the shared HTTP policy (microsoft-api-notes §2.2): one POST per cmdlet with
// {"CmdletInput":{"CmdletName","Parameters"}}, the Exchange token, the system-mailbox anchor, and
// paging by re-POSTing the same body to @odata.nextLink. The tenant's concurrency limit is
// retried even for writes, because Exchange refuses such a call without running it.
// `X-SerializationLevel: Partial` and `X-ResponseFormat: json` are what the public InvokeCommand
// clients send (jflieben/M365Permissions new-ExOQuery.ps1; the module's own REST cmdlets send
// Partial with clixml): at Partial, multi-valued properties come back in their string form. The
// schemas still read the object form (./multi-valued.ts) should a row carry it.
import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import type { z } from 'zod';
import { isSopError, ServiceError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import {
  backoffDelay,
  parseJsonOrUndefined,
  parseVendorResponse,
  sanitizeText,
  sendWithPolicy,
  throwInvalid,
  type HttpPolicy,
} from '../../../core/http/index.ts';
import { exchangePermissionHint, isConcurrencyLimit, readExchangeError } from './errors.ts';
import { InvokeCommandPage } from './schema.ts';

export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';
/** The system mailbox app-only calls are anchored to (§2.2 "Anchor rules"). */
export const ANCHOR_MAILBOX = 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';

const MAX_PAGES = 200;
const PAGE_SIZE = 1000;

export interface ExchangeHttpOptions {
  /** https://outlook.office365.com, or the sandbox's `${url}/exchange`. */
  baseUrl: string;
  tenantId: string;
  credential: TokenCredential;
  policy: HttpPolicy;
  redactor: Redactor;
  scope?: string;
  /** Rows per page asked for with `Prefer: odata.maxpagesize` (default 1000, as the notes' clients use). */
  pageSize?: number;
  fetch?: typeof fetch;
}

export type CmdletParameters = Record<string, string | number | boolean | string[] | null>;

export interface InvokeOptions {
  /** Get- cmdlets are safe to repeat; New/Set/Remove are not retried after a 5xx or a reset. */
  idempotent: boolean;
}

export class ExchangeHttp {
  private readonly apiBase: string;
  private readonly url: string;

  constructor(private readonly options: ExchangeHttpOptions) {
    this.apiBase = `${options.baseUrl.replace(/\/+$/, '')}/adminapi/`;
    this.url = `${this.apiBase}beta/${encodeURIComponent(options.tenantId)}/InvokeCommand`;
  }

  /** Runs one cmdlet and returns every row of every page, each checked against `row`. */
  async invoke<Row extends z.ZodType>(
    cmdlet: string,
    parameters: CmdletParameters,
    row: Row,
    invokeOptions: InvokeOptions,
  ): Promise<z.output<Row>[]> {
    const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
    const rows: z.output<Row>[] = [];
    let url: string | undefined = this.url;
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_PAGES)
        throwInvalid({ service: 'exchange', operation: cmdlet }, `more than ${MAX_PAGES} pages`);
      const answer = await this.post(url, cmdlet, body, invokeOptions.idempotent);
      const parsed = parseVendorResponse(InvokeCommandPage, answer, {
        service: 'exchange',
        operation: cmdlet,
      });
      for (const item of parsed.value ?? [])
        rows.push(parseVendorResponse(row, item, { service: 'exchange', operation: cmdlet }));
      const next = parsed['@odata.nextLink'];
      // A next link elsewhere would receive our bearer token: refuse it.
      if (next !== undefined && !next.startsWith(this.apiBase))
        throwInvalid(
          { service: 'exchange', operation: cmdlet },
          '@odata.nextLink points outside the Exchange admin API',
        );
      url = next;
    }
    return rows;
  }

  private async post(url: string, cmdlet: string, body: string, idempotent: boolean): Promise<unknown> {
    const { policy } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await sendWithPolicy(
          {
            method: 'POST',
            url,
            headers: {
              'content-type': 'application/json; charset=utf-8',
              prefer: `odata.maxpagesize=${this.options.pageSize ?? PAGE_SIZE}`,
              'x-serializationlevel': 'Partial',
              'x-responseformat': 'json',
              'x-anchormailbox': `APP:${ANCHOR_MAILBOX}@${this.options.tenantId}`,
              'x-cmdletname': cmdlet,
              'client-request-id': randomUUID(),
            },
            body,
            idempotent,
          },
          {
            service: 'exchange',
            operation: cmdlet,
            policy,
            redactor: this.options.redactor,
            authorize: () => this.authorize(cmdlet),
            readVendorError: readExchangeError,
            permissionHint: exchangePermissionHint,
            ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
          },
        );
        const text = await response.text();
        const parsed = parseJsonOrUndefined(text);
        if (parsed === undefined)
          throwInvalid({ service: 'exchange', operation: cmdlet }, 'the body is not valid JSON');
        return parsed;
      } catch (error) {
        if (!this.retriesConcurrency(error, idempotent) || attempt >= policy.retry.maxAttempts) throw error;
        const delayMs = backoffDelay(attempt, policy.retry, policy.random);
        policy.onRetry?.({
          service: 'exchange',
          operation: cmdlet,
          attempt,
          delayMs,
          reason: 'concurrency limit',
        });
        await policy.sleep(delayMs);
      }
    }
  }

  /** The shared layer already retried 429/503 (and other 5xx for reads); this covers the rest. */
  private retriesConcurrency(error: unknown, idempotent: boolean): boolean {
    if (!isConcurrencyLimit(error)) return false;
    const status = error.details.status ?? 0;
    if (status === 429 || status === 503) return false;
    return !(idempotent && status >= 500);
  }

  private async authorize(operation: string): Promise<Record<string, string>> {
    const scope = this.options.scope ?? EXCHANGE_SCOPE;
    let token;
    try {
      token = await this.options.credential.getToken(scope);
    } catch (error) {
      if (isSopError(error)) throw error;
      const detail = sanitizeText(
        error instanceof Error ? error.message : String(error),
        this.options.redactor,
      );
      throw new ServiceError(
        'login',
        'auth',
        `Could not get a token for Exchange Online: ${detail}`,
        { operation },
        {
          hint: 'Check the credential in the config (kind, tenant id, client id, secret or certificate), or sign in again.',
          cause: error,
        },
      );
    }
    if (!token)
      throw new ServiceError('login', 'auth', 'The credential returned no token for Exchange Online', {
        operation,
      });
    this.options.redactor.register(token.token);
    return { authorization: `Bearer ${token.token}` };
  }
}
