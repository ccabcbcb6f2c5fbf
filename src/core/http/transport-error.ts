// Classifies what `fetch` threw: did the request possibly reach the server? (Decides whether a
// non-idempotent POST may be retried.)

/** Errors raised before a single byte was sent: the server cannot have acted. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface TransportFailure {
  code: string;
  reachedServer: boolean;
  detail: string;
}

function codeOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner)) return codeOf(inner[0]);
  return undefined;
}

export function classifyTransportError(error: unknown): TransportFailure {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = codeOf(cause) ?? codeOf(error) ?? 'UNKNOWN';
  const detail = cause instanceof Error ? `${code} ${cause.message}` : code;
  return { code, reachedServer: !NEVER_SENT.has(code), detail };
}
