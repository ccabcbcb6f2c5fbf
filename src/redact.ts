// One redaction function guards every output path: stdout, stderr, journal, reports, errors.
// Secrets are registered the moment they are known (generated, read from a store or config),
// and every text leaving the process passes through `redact`.

const SECRET_KEY = /(secret|password|passwd|token|apikey|api_key|clientsecret|credential|sas|sig)$/i;
const REPLACEMENT = '[REDACTED]';

export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** Register a secret value; its plain, base64, base64url and URL-encoded forms are redacted. */
  register(secret: string | undefined | null): void {
    if (!secret || secret.length < 4) return;
    const forms = [
      secret,
      Buffer.from(secret, 'utf8').toString('base64'),
      Buffer.from(secret, 'utf8').toString('base64url'),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) this.values.add(form);
    this.pattern = undefined;
  }

  get size(): number {
    return this.values.size;
  }

  /** Replace every registered secret in a string. */
  text(input: string): string {
    if (this.values.size === 0) return input;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return input.replace(this.pattern, REPLACEMENT);
  }

  /** Deep-copy a JSON-like value, blanking fields named like secrets and registered values. */
  value<T>(input: T): T {
    return redactValue(input, this) as T;
  }
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
