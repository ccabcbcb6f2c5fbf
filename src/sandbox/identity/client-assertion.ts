// Certificate credentials: the client signs a JWT with the private key of a certificate registered
// on its app (keyCredentials, type AsymmetricX509Cert, usage Verify) and sends it as
// client_assertion. Checked as Microsoft Learn, "Microsoft identity platform application
// authentication certificate credentials", describes the assertion: header alg RS256 or PS256 and
// the certificate's thumbprint in x5t (SHA-1) or x5t#S256 (SHA-256), base64url; claims aud (the
// token endpoint), iss and sub (the client id), jti, exp and nbf.
import { X509Certificate, constants, createHash, verify } from 'node:crypto';
import { z } from 'zod';
import type { SandboxReply } from '../http/types.ts';
import type { ApplicationRecord } from '../state/model.ts';
import { aadstsError } from './aadsts.ts';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Clock skew Entra tolerates on exp and nbf. */
const SKEW_SECONDS = 300;

const Header = z.object({
  alg: z.string(),
  typ: z.string().optional(),
  x5t: z.string().optional(),
  'x5t#S256': z.string().optional(),
});
const Claims = z.object({
  aud: z.union([z.string(), z.array(z.string())]),
  iss: z.string(),
  sub: z.string(),
  jti: z.string().min(1),
  exp: z.number(),
  nbf: z.number().optional(),
});
const KeyCredential = z.object({
  type: z.string(),
  usage: z.string(),
  key: z.string().nullable().optional(),
  startDateTime: z.string().nullable().optional(),
  endDateTime: z.string().nullable().optional(),
});

export interface AssertionCheck {
  app: ApplicationRecord;
  clientId: string;
  assertion: string;
  /** The token endpoint URLs this assertion may name as its audience. */
  audiences: string[];
  now: number;
}

function base64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

function decodeJson(part: string | undefined): unknown {
  if (part === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** undefined when the assertion is good, else the AADSTS error a real tenant answers with. */
export function checkClientAssertion(check: AssertionCheck): SandboxReply | undefined {
  const { app, clientId, assertion, audiences, now } = check;
  const parts = assertion.split('.');
  const header = Header.safeParse(decodeJson(parts[0]));
  const claims = Claims.safeParse(decodeJson(parts[1]));
  if (parts.length !== 3 || !header.success || !claims.success) {
    return aadstsError(400, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const thumbprint = header.data['x5t#S256'] ?? header.data.x5t;
  const sha = header.data['x5t#S256'] === undefined ? 'sha1' : 'sha256';
  const certificate = thumbprint === undefined ? undefined : registeredCertificate(app, thumbprint, sha, now);
  if (certificate === undefined) {
    return aadstsError(
      401,
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint ?? ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    );
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
  const signature = Buffer.from(parts[2] ?? '', 'base64url');
  const key = certificate.publicKey;
  const valid =
    header.data.alg === 'RS256'
      ? verify('sha256', signed, key, signature)
      : header.data.alg === 'PS256'
        ? verify(
            'sha256',
            signed,
            { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            signature,
          )
        : false;
  if (!valid) {
    return aadstsError(
      401,
      'invalid_client',
      700027,
      'Client assertion failed signature validation. [Reason - The key was found, but the signature does not match.]',
    );
  }
  const { aud, iss, sub, exp, nbf } = claims.data;
  if (iss !== clientId || sub !== clientId) {
    return aadstsError(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    );
  }
  const seconds = Math.floor(now / 1000);
  if (exp + SKEW_SECONDS < seconds || (nbf !== undefined && nbf - SKEW_SECONDS > seconds)) {
    return aadstsError(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${new Date(now).toISOString()}, assertion valid from ${nbf === undefined ? 'unset' : new Date(nbf * 1000).toISOString()}, expiry time of assertion ${new Date(exp * 1000).toISOString()}.`,
    );
  }
  const named = Array.isArray(aud) ? aud : [aud];
  if (!named.some((a) => audiences.includes(a.replace(/\/$/, '')))) {
    return aadstsError(
      401,
      'invalid_client',
      50027,
      `Invalid JWT token. The audience '${named.join(', ')}' of the client assertion is not the token endpoint.`,
    );
  }
  return undefined;
}

function registeredCertificate(
  app: ApplicationRecord,
  thumbprint: string,
  sha: 'sha1' | 'sha256',
  now: number,
): X509Certificate | undefined {
  for (const raw of app.keyCredentials) {
    const parsed = KeyCredential.safeParse(raw);
    if (!parsed.success) continue;
    const { type, usage, key, startDateTime, endDateTime } = parsed.data;
    if (type !== 'AsymmetricX509Cert' || usage !== 'Verify' || !key) continue;
    if (startDateTime && Date.parse(startDateTime) > now) continue;
    if (endDateTime && Date.parse(endDateTime) <= now) continue;
    const der = Buffer.from(key, 'base64');
    if (base64url(createHash(sha).update(der).digest()) !== thumbprint) continue;
    try {
      return new X509Certificate(der);
    } catch {
      continue;
    }
  }
  return undefined;
}
