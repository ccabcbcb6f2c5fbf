// Failures of @azure/arm-dns calls in the project's error taxonomy. The SDK's RestError carries
// the request (with its Authorization header) and the response: only its status, ARM error code,
// message and request id are read, sanitized, and never kept as a cause.
import { InputError, isSopError, RefusedError, ServiceError, type SopError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import { kindForStatus, sanitizeText } from '../../../core/http/index.ts';

export interface AzureCallContext {
  operation: string;
  zone: string;
  subscriptionId: string;
  resourceGroup: string;
  /** The record set the call reads or writes, for the concurrent-change message. */
  recordSet?: { type: string; fqdn: string };
  redactor: Redactor;
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message: string;
  request?: { url?: string; method?: string };
  response?: { headers?: { get(name: string): string | undefined } };
}

function asRestError(error: unknown): RestErrorLike | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & Partial<RestErrorLike>;
  return e.name === 'RestError' || typeof e.statusCode === 'number' ? e : undefined;
}

/** The ARM codes that say the subscription, resource group or zone in the config is wrong. */
const CONFIG_NOT_FOUND = new Set([
  'SubscriptionNotFound',
  'ResourceGroupNotFound',
  'ResourceNotFound',
  'ParentResourceNotFound',
  'InvalidSubscriptionId',
]);

/** True when a record-set read found no set (ARM's plain NotFound, not a missing parent). */
export function isRecordSetNotFound(error: unknown): boolean {
  const rest = asRestError(error);
  return rest?.statusCode === 404 && !CONFIG_NOT_FOUND.has(rest.code ?? '');
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** @azure/identity's sign-in failures: the credential, not ARM, said no. */
const CREDENTIAL_ERRORS = new Set([
  'AuthenticationError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

export function mapAzureError(error: unknown, ctx: AzureCallContext): SopError {
  // A credential of this project (the sandbox's) already speaks the taxonomy.
  if (isSopError(error)) return error;
  const rest = asRestError(error);
  if (!rest && error instanceof Error && CREDENTIAL_ERRORS.has(error.name))
    return new ServiceError(
      'dns',
      'auth',
      `dns ${ctx.operation}: signing in for Azure Resource Manager failed: ${sanitizeText(error.message, ctx.redactor)}`,
      { operation: ctx.operation },
      {
        hint: 'Check the Azure credential in the config (tenant, client id, secret or certificate, or az login).',
      },
    );
  const said = sanitizeText(
    rest?.message ?? (error instanceof Error ? error.message : String(error)),
    ctx.redactor,
  );
  const status = rest?.statusCode;
  const code = rest?.code;
  const where = `${rest?.request?.method ?? ''} ${pathOf(rest?.request?.url)}`.trim();
  const head = `dns ${ctx.operation}${where ? ` (${where})` : ''}`;
  const requestId = rest?.response?.headers?.get('x-ms-request-id');
  const details = {
    operation: ctx.operation,
    ...(status === undefined ? {} : { status }),
    ...(code === undefined ? {} : { vendorCode: code }),
    ...(requestId ? { requestId } : {}),
  };
  if (status === undefined) {
    const timedOut = code === 'ETIMEDOUT' || (error instanceof Error && error.name === 'AbortError');
    const kind = timedOut ? 'timeout' : 'network';
    return new ServiceError('dns', kind, `${head} failed: ${said}`, details, {
      hint: 'Could not reach Azure Resource Manager; check network access, proxy and the ARM endpoint in the config.',
    });
  }
  const failure = `${head} failed with ${status}${code ? ` ${code}` : ''}: ${said}`;
  if (status === 404 && CONFIG_NOT_FOUND.has(code ?? ''))
    return new InputError(
      `zone ${ctx.zone} was not found in resource group ${ctx.resourceGroup} of subscription ${ctx.subscriptionId} (${code})`,
      [],
      {
        hint: 'Check dns.azure.subscriptionId and dns.azure.resourceGroup in the config and the zone name, and that the identity can read that subscription.',
      },
    );
  if (status === 412) {
    const set = ctx.recordSet
      ? `the ${ctx.recordSet.type} record set of ${ctx.recordSet.fqdn}`
      : `a record set of ${ctx.zone}`;
    return new RefusedError(
      'REFUSED_CHANGED',
      `${set} changed while sop-integrate was editing it; re-run to re-plan`,
      {
        hint: 'Someone or something else wrote the record set between the read and the write; nothing was overwritten. Run the step again so it plans from the current records.',
      },
    );
  }
  const kind = kindForStatus(status);
  const hints: Partial<Record<typeof kind, string>> = {
    auth: 'Check the credential: ARM needs a token for https://management.azure.com (scope https://management.azure.com/.default) from the tenant that owns the subscription.',
    forbidden: `Grant the identity the "DNS Zone Contributor" role on the zone ${ctx.zone} or on resource group ${ctx.resourceGroup}.`,
    throttled: 'Azure Resource Manager is still throttling after the retries; try again in a few minutes.',
    unavailable:
      'Azure DNS failed after the retries; try again later, and quote the request id to support if it persists.',
    'bad-request': 'Azure DNS rejected the request; check the record values and TTL in the runbook.',
  };
  return new ServiceError('dns', kind, failure, details, {
    hint: hints[kind] ?? 'Re-plan to see the current state of the zone.',
  });
}
