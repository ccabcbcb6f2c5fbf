// Route 53's value encoding on the client side: MX "pref host", TXT quoted 255-byte strings with
// escapes. The sandbox has its own independent parser; route53.test.ts proves the two agree.
import { describe, expect, it } from 'vitest';
import {
  decodeTxtValue,
  encodeTxtValue,
  mxValue,
  parseMxValue,
  recordName,
  sameName,
} from '../../../src/services/dns/client/route53-values.ts';

describe('Route 53 values', () => {
  it('quotes TXT text and escapes quote and backslash', () => {
    expect(encodeTxtValue('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(decodeTxtValue('"say \\"hi\\" \\\\ bye"')).toBe('say "hi" \\ bye');
  });

  it('splits text longer than 255 bytes into quoted character-strings and joins them back', () => {
    const text = `v=DKIM1; k=rsa; p=${'MIIBIjANBgkqh'.repeat(30)}`;
    const encoded = encodeTxtValue(text);
    const strings = encoded.match(/"[^"]*"/g) ?? [];
    expect(strings.map((s) => s.length - 2)).toEqual([255, text.length - 255]);
    expect(decodeTxtValue(encoded)).toBe(text);
  });

  it('writes bytes outside printable ASCII as \\ddd octal and reads them back', () => {
    expect(encodeTxtValue('café')).toBe('"caf\\303\\251"');
    expect(decodeTxtValue('"caf\\303\\251"')).toBe('café');
    expect(decodeTxtValue('"part one" "part two"')).toBe('part onepart two');
  });

  it('formats and parses MX values, and builds fully qualified names', () => {
    expect(mxValue({ preference: 10, exchange: 'MX1-US1.ppe-hosted.com.' })).toBe(
      '10 mx1-us1.ppe-hosted.com',
    );
    expect(parseMxValue('20 mx2-us1.ppe-hosted.com.')).toEqual({
      preference: 20,
      exchange: 'mx2-us1.ppe-hosted.com',
    });
    expect(() => parseMxValue('mx.example.com')).toThrow(/not "<preference> <host>"/);
    expect(recordName('contoso.example', '@')).toBe('contoso.example.');
    expect(recordName('contoso.example', '')).toBe('contoso.example.');
    expect(recordName('contoso.example', '_dmarc')).toBe('_dmarc.contoso.example.');
    expect(recordName('contoso.example', 'Mail.Contoso.Example.')).toBe('mail.contoso.example.');
    expect(sameName('\\052.contoso.example.', '*.contoso.example')).toBe(true);
  });
});
