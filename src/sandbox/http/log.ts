// The request log: every answered request, with secrets (issued values and secret-named fields) redacted.
import type { SandboxContext } from '../context.ts';
import type { RequestLogEntry } from '../types.ts';

export function recordRequest(ctx: SandboxContext, entry: RequestLogEntry): void {
  const redactor = ctx.secrets.redactor;
  ctx.requests.push({
    ...entry,
    requestBody: redactor.value(entry.requestBody),
    responseBody: redactor.value(entry.responseBody),
  });
}

export function queryRecord(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries(query.entries());
}
