// Entra ID token-endpoint error bodies, in the shape login.microsoftonline.com returns them.
import { randomUUID } from 'node:crypto';
import type { SandboxReply } from '../http/types.ts';

export function aadstsError(
  status: number,
  error: string,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): SandboxReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    headers,
    body: {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
