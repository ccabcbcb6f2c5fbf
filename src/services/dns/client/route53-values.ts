// Route 53's text form of record values. MX: "10 mx1.example.com". TXT: one or more quoted
// character-strings ("part1" "part2"), each at most 255 bytes, with \" and \\ escaped and other
// bytes outside printable ASCII written \ddd (octal), which Route 53 returns as it stored them.
import { VendorResponseError } from '../../../errors.ts';
import type { MxRecord } from './provider.ts';

const MAX_STRING_BYTES = 255;

/** The record name Route 53 wants: fully qualified, lower case, trailing dot; '@' or '' is the apex. */
export function recordName(zone: string, name: string): string {
  const z = zone.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === '@' || n === '') return `${z}.`;
  return n === z || n.endsWith(`.${z}`) ? `${n}.` : `${n}.${z}.`;
}

/** Route 53 escapes some characters of names (e.g. "*" as \052); compare on the plain form. */
export function sameName(a: string, b: string): boolean {
  const plain = (s: string) =>
    s
      .replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))
      .toLowerCase()
      .replace(/\.$/, '');
  return plain(a) === plain(b);
}

export function mxValue(record: MxRecord): string {
  return `${record.preference} ${record.exchange.toLowerCase().replace(/\.$/, '')}`;
}

export function parseMxValue(value: string): MxRecord {
  const m = /^\s*(\d{1,5})\s+(\S+?)\.?\s*$/.exec(value);
  if (!m)
    throw new VendorResponseError(
      'dns',
      `Route 53 returned an MX value that is not "<preference> <host>": ${value}`,
    );
  return { preference: Number(m[1]), exchange: m[2]!.toLowerCase() };
}

function escapeBytes(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** One TXT value as Route 53 takes it: split into 255-byte character-strings, each quoted. */
export function encodeTxtValue(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const parts: string[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += MAX_STRING_BYTES)
    parts.push(`"${escapeBytes(bytes.subarray(i, i + MAX_STRING_BYTES))}"`);
  return parts.join(' ');
}

/** The text of a TXT value: its character-strings unescaped and joined (RFC 7208 §3.3 for SPF). */
export function decodeTxtValue(value: string): string {
  const bytes: number[] = [];
  let i = 0;
  let quoted = false;
  while (i < value.length) {
    const c = value[i]!;
    if (c === '"') {
      quoted = !quoted;
      i++;
    } else if (c === '\\' && i + 1 < value.length) {
      const octal = /^[0-7]{3}/.exec(value.slice(i + 1, i + 4));
      if (octal) {
        bytes.push(Number.parseInt(octal[0], 8));
        i += 4;
      } else {
        bytes.push(...Buffer.from(value[i + 1]!, 'utf8'));
        i += 2;
      }
    } else if (!quoted && /\s/.test(c)) {
      i++; // the space between character-strings is not part of the text
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
      i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
