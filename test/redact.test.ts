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

  it('hides both of two overlapping secrets, and each of two adjacent ones', () => {
    const r = new Redactor();
    r.register('alpha-7Kq2');
    r.register('7Kq2-omega');
    expect(r.text('<alpha-7Kq2-omega>')).toBe('<[REDACTED]>');
    expect(r.text('alpha-7Kq27Kq2-omega!')).toBe('[REDACTED][REDACTED]!');
    expect(r.text('7Kq2-omega')).toBe('[REDACTED]');
    expect(r.text('no secret here, 7Kq2 alone is not one')).toBe('no secret here, 7Kq2 alone is not one');
  });

  it('stays correct and cheap with thousands of registered secrets (a fleet)', () => {
    const r = new Redactor();
    const secrets = Array.from({ length: 2_000 }, (_, i) => `tenant-${i}-secret-${(i * 7919).toString(36)}`);
    const started = performance.now();
    for (const [i, s] of secrets.entries()) {
      r.register(s);
      // Registering and redacting interleave in a fleet: no rebuild may make this quadratic.
      expect(r.text(`event ${i}: ${s} done`)).toBe(`event ${i}: [REDACTED] done`);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.text(`${secrets[1999]}|${secrets[0]}|tenant-3-secret`)).toBe(
      '[REDACTED]|[REDACTED]|tenant-3-secret',
    );
  });
});
