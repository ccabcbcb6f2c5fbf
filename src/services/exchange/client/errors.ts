// The admin API's error body (microsoft-api-notes §2.2 "Errors"): the message is read, in order,
// from error.details[].message ("<code>|<exception type>|<message>"),
// error.innererror.internalException.message, error.message; the exception type from the
// X-ExceptionType header. 403s name what the automation identity lacks (§2.3).
import { ServiceError } from '../../../errors.ts';
import { parseJsonOrUndefined, type VendorErrorInfo } from '../../../core/http/index.ts';
import { ExchangeErrorBody } from './schema.ts';

export function readExchangeError(body: string, headers: Headers): VendorErrorInfo {
  const parsed = ExchangeErrorBody.safeParse(parseJsonOrUndefined(body));
  const requestId = headers.get('request-id') ?? headers.get('x-ms-request-id') ?? undefined;
  const headerType = headers.get('x-exceptiontype') ?? undefined;
  if (!parsed.success)
    return { ...(headerType ? { code: headerType } : {}), ...(requestId ? { requestId } : {}) };
  const { error } = parsed.data;
  const details = Array.isArray(error.details) ? error.details[0] : error.details;
  const parts = details?.message?.split('|') ?? [];
  const fromDetails = parts.length >= 3 ? parts.slice(2).join('|') : details?.message;
  const detailType = parts.length >= 3 ? parts[1]?.split('.').pop() : undefined;
  const message = fromDetails ?? error.innererror?.internalException?.message ?? error.message;
  const code = headerType ?? detailType ?? error.code;
  return {
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export const EXCHANGE_PERMISSION =
  'the Exchange.ManageAsApp application permission (Office 365 Exchange Online, with admin consent) plus the Exchange Administrator role on its service principal';

export function exchangePermissionHint(): string {
  return EXCHANGE_PERMISSION;
}

/** "You have reached the maximum number of concurrent requests per tenant": safe to retry (§2.2). */
export function isConcurrencyLimit(error: unknown): error is ServiceError {
  return error instanceof ServiceError && /maximum number of concurrent requests/i.test(error.message);
}

/** Get-<Noun> -Identity for an object that does not exist. */
export function isObjectNotFound(error: unknown): boolean {
  return (
    error instanceof ServiceError &&
    error.kind === 'not-found' &&
    /ManagementObjectNotFoundException|couldn't be found/i.test(
      `${error.details.vendorCode ?? ''} ${error.message}`,
    )
  );
}
