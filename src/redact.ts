// One redaction function guards every output path: stdout, stderr, journal, reports, errors.
// Secrets are registered the moment they are known (generated, read from a store or config),
// and every text leaving the process passes through `redact`.

const SECRET_KEY = /(secret|password|passwd|token|apikey|api_key|clientsecret|credential|sas|sig)$/i;
const REPLACEMENT = '[REDACTED]';

export class Redactor {
  /** Every registered form, bucketed by a key of its first PREFIX characters, longest first. */
  private readonly byPrefix = new Map<number, string[]>();
  private count = 0;

  /** Register a secret value; its plain, base64, base64url and URL-encoded forms are redacted. */
  register(secret: string | undefined | null): void {
    if (!secret || secret.length < PREFIX) return;
    const forms = [
      secret,
      Buffer.from(secret, 'utf8').toString('base64'),
      Buffer.from(secret, 'utf8').toString('base64url'),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) this.add(form);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Replace every registered secret in a string. One pass over the input looks each position's
   * first characters up in the prefix index, so the cost is linear in the text whatever the
   * number of secrets (a fleet registers hundreds of tenants' secrets; one big regex of all of
   * them cost tens of milliseconds to rebuild after each registration). At a position, the
   * longest matching secret wins; overlapping matches are merged, so nothing of either shows.
   */
  text(input: string): string {
    if (this.count === 0 || input.length < PREFIX) return input;
    let out = '';
    let copiedTo = 0;
    let coveredTo = -1;
    for (let i = 0; i + PREFIX <= input.length; i += 1) {
      const bucket = this.byPrefix.get(prefixKey(input, i));
      if (bucket === undefined) continue;
      const match = bucket.find((value) => input.startsWith(value, i));
      if (match === undefined) continue;
      const end = i + match.length;
      if (i < coveredTo) {
        coveredTo = Math.max(coveredTo, end);
        continue;
      }
      if (coveredTo > copiedTo) {
        out += REPLACEMENT;
        copiedTo = coveredTo;
      }
      out += input.slice(copiedTo, i);
      copiedTo = i;
      coveredTo = end;
    }
    if (coveredTo < 0) return input;
    return out + REPLACEMENT + input.slice(coveredTo);
  }

  /** Deep-copy a JSON-like value, blanking fields named like secrets and registered values. */
  value<T>(input: T): T {
    return redactValue(input, this) as T;
  }

  private add(form: string): void {
    const key = prefixKey(form, 0);
    const bucket = this.byPrefix.get(key);
    if (bucket === undefined) {
      this.byPrefix.set(key, [form]);
    } else {
      if (bucket.includes(form)) return;
      bucket.push(form);
      bucket.sort((a, b) => b.length - a.length);
    }
    this.count += 1;
  }
}

/** Registered forms are at least this long; the index keys on their first PREFIX characters. */
const PREFIX = 4;

/** A 32-bit key of the PREFIX characters at `at` (collisions only cost a `startsWith`). */
function prefixKey(text: string, at: number): number {
  let key = 0;
  for (let k = 0; k < PREFIX; k += 1) key = (Math.imul(key, 0x01000193) ^ text.charCodeAt(at + k)) | 0;
  return key;
}

function redactValue(input: unknown, redactor: Redactor, key?: string): unknown {
  if (typeof input === 'string') {
    if (key !== undefined && SECRET_KEY.test(key) && input.length > 0) return REPLACEMENT;
    return redactor.text(input);
  }
  if (Array.isArray(input)) return input.map((item) => redactValue(item, redactor));
  if (input !== null && typeof input === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) out[k] = redactValue(v, redactor, k);
    return out;
  }
  return input;
}

/** The process-wide redactor. Tests create their own; the CLI uses this one. */
export const globalRedactor = new Redactor();
