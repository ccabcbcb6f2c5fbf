// Ids and secrets. Seeded ids are derived from (seed, label) so a tenant looks the same on every
// run; secrets are random, because a predictable secret would teach users a bad habit.
import { createHash, randomBytes } from 'node:crypto';

function formatUuid(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function seededUuid(seed: number, label: string): string {
  return formatUuid(createHash('sha256').update(`${seed}:${label}`).digest());
}

/** 43-character url-safe id, the shape Graph uses for appRoleAssignment and roleAssignment ids. */
export function seededOpaqueId(seed: number, label: string): string {
  return createHash('sha256').update(`${seed}:opaque:${label}`).digest('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-';

function randomChars(count: number): string {
  const bytes = randomBytes(count);
  let out = '';
  for (const byte of bytes) out += SECRET_ALPHABET[byte % SECRET_ALPHABET.length];
  return out;
}

/** A client secret in Entra's current shape: 3 chars, the '8Q~' marker, then 34 chars (40 total). */
export function newClientSecret(): string {
  return `${randomChars(3)}8Q~${randomChars(34)}`;
}

/** The automation app's secret is derived from the seed so `sandbox start` can print it on every run. */
export function seededClientSecret(seed: number): string {
  const body = createHash('sha256').update(`${seed}:automation-secret`).digest('base64url');
  return `sbx8Q~${body.slice(0, 34)}`;
}

export function newAccessToken(): string {
  return `sbx.${randomBytes(32).toString('base64url')}`;
}

/** mulberry32: small, fast, good enough to decide whether a fault fires. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
