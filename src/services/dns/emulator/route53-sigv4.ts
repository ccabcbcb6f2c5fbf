// Checks AWS Signature Version 4 the way AWS does: rebuild the canonical request from what
// arrived, sign it with the key the sandbox issued, compare. A wrong key id, a wrong secret, a
// tampered body or a stale date are all refused with the codes Route 53 answers with.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxRequest } from '../../../sandbox/http/types.ts';

export interface SigV4Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

export type SigV4Check = { ok: true } | { ok: false; code: string; message: string };

/** AWS refuses a request dated more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Non-S3 services sign the path encoded twice: once on the wire, once more in the canonical form. */
function canonicalPath(decodedPath: string): string {
  const wire = decodedPath.split('/').map(escapeUri).join('/');
  return escapeUri(wire).replace(/%2F/g, '/');
}

function canonicalQuery(query: URLSearchParams): string {
  return [...query.entries()]
    .map(([k, v]) => [escapeUri(k), escapeUri(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function verifySigV4(
  request: SandboxRequest,
  keys: SigV4Keys,
  now: number,
  region = 'us-east-1',
  service = 'route53',
): SigV4Check {
  const header = request.headers.authorization;
  if (header === undefined)
    return { ok: false, code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' };
  const m = AUTHORIZATION.exec(header.trim());
  if (!m)
    return {
      ok: false,
      code: 'IncompleteSignature',
      message: 'Authorization header requires Credential, SignedHeaders and Signature.',
    };
  const [, credential = '', signedHeaderList = '', signature = ''] = m;
  const [keyId, date, scopeRegion, scopeService, terminator] = credential.split('/');
  if (keyId !== keys.accessKeyId)
    return {
      ok: false,
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    };
  if (scopeRegion !== region || scopeService !== service || terminator !== 'aws4_request')
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: `Credential should be scoped to a valid region and service: expected ${region}/${service}.`,
    };
  const amzDate = request.headers['x-amz-date'] ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined || date !== amzDate.slice(0, 8))
    return {
      ok: false,
      code: 'IncompleteSignature',
      message: 'X-Amz-Date is missing or does not match the credential scope date.',
    };
  if (Math.abs(now - signedAt) > MAX_SKEW_MS)
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: `Signature expired: ${amzDate} is more than 15 minutes away from the server time.`,
    };
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host'))
    return { ok: false, code: 'SignatureDoesNotMatch', message: "'Host' must be a signed header." };
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const body = request.rawBytes ?? Buffer.from(request.rawBody, 'utf8');
  const canonicalRequest = [
    request.method,
    canonicalPath(request.path),
    canonicalQuery(request.query),
    canonicalHeaders,
    signedHeaderList,
    sha256Hex(body), // the body that arrived, so a tampered payload fails the check
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${keys.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, code: 'SignatureDoesNotMatch', message: MISMATCH };
  return { ok: true };
}
