// One redaction function guards every output path; these are its rules.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../src/redact.ts';

describe('Redactor', () => {
  const secret = 'Zq8~s3cr3t.Value_with+chars/==';

  it('replaces a registered secret in plain, base64, base64url, URL-encoded and JSON-escaped forms', () => {
    const r = new Redactor();
    r.register(secret);
    const forms = [
      secret,
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      encodeURIComponent(secret),
    ];
    for (const form of forms) expect(r.text(`before ${form} after`)).toBe('before [REDACTED] after');
    expect(r.text(JSON.stringify({ v: `a"${secret}` }))).not.toContain(secret);
  });

  it('blanks fields named like secrets, keeps references and ordinary fields', () => {
    const r = new Redactor();
    const out = r.value({
      clientSecret: 'abc123',
      access_token: 'eyJ...',
      password: 'p',
      nested: [{ apiKey: 'k-1', secretRef: 'file:proofpoint-trap', appId: 'app-1' }],
    });
    expect(out).toEqual({
      clientSecret: '[REDACTED]',
      access_token: '[REDACTED]',
      password: '[REDACTED]',
      nested: [{ apiKey: '[REDACTED]', secretRef: 'file:proofpoint-trap', appId: 'app-1' }],
    });
  });

  it('redacts registered values inside any field, and ignores values too short to be secrets', () => {
    const r = new Redactor();
    r.register(secret);
    r.register('ab');
    expect(r.value({ message: `login failed for ${secret}`, code: 'ab' })).toEqual({
      message: 'login failed for [REDACTED]',
      code: 'ab',
    });
  });

  it('prefers the longest match so a secret that contains another is fully hidden', () => {
    const r = new Redactor();
    r.register('token-1234');
    r.register('token-1234-extended');
    expect(r.text('x token-1234-extended y')).toBe('x [REDACTED] y');
  });
});
