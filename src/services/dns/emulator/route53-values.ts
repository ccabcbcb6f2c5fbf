// Route 53's text form of record values, as its API takes and returns them: MX "10 mx.example.com",
// TXT as one or more quoted character-strings ("part1" "part2", each at most 255 bytes, with \"
// \\ and \ddd escapes). The shared zone data keeps the plain text and host names.
import type { DnsRecordRecord, SandboxRecordType } from './model.ts';

export const ROUTE53_TYPES = new Set<SandboxRecordType>(['A', 'NS', 'MX', 'TXT']);

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const MAX_STRING_BYTES = 255;

export type ParsedValue = { ok: true; content: string; priority?: number } | { ok: false; message: string };

function fatal(problem: string, value: string): { ok: false; message: string } {
  return {
    ok: false,
    message: `Invalid Resource Record: 'FATAL problem: ${problem} encountered with '${value}''`,
  };
}

/** Each byte of a character-string: printable ASCII as is, quote and backslash escaped, the rest \ddd. */
function escapeBytes(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}

export function renderTxt(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const parts: string[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += MAX_STRING_BYTES)
    parts.push(`"${escapeBytes(bytes.subarray(i, i + MAX_STRING_BYTES))}"`);
  return parts.join(' ');
}

/** The text of a TXT value: its character-strings concatenated. */
export function parseTxt(value: string): ParsedValue {
  const strings: Buffer[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < value.length && /\s/.test(value[i]!)) i++;
  };
  skipSpace();
  if (i >= value.length) return fatal('InvalidCharacterString (Value should not be empty)', value);
  while (i < value.length) {
    if (value[i] !== '"')
      return fatal('InvalidCharacterString (Value should be enclosed in quotation marks)', value);
    i++;
    const bytes: number[] = [];
    let closed = false;
    while (i < value.length) {
      const c = value[i]!;
      if (c === '"') {
        closed = true;
        i++;
        break;
      }
      if (c === '\\') {
        const octal = /^\d{3}/.exec(value.slice(i + 1, i + 4));
        if (octal && Number.parseInt(octal[0], 8) <= 255) {
          bytes.push(Number.parseInt(octal[0], 8));
          i += 4;
        } else if (i + 1 < value.length) {
          bytes.push(...Buffer.from(value[i + 1]!, 'utf8'));
          i += 2;
        } else return fatal('InvalidCharacterString (Value ends in a lone backslash)', value);
        continue;
      }
      bytes.push(...Buffer.from(c, 'utf8'));
      i++;
    }
    if (!closed) return fatal('InvalidCharacterString (Value should be enclosed in quotation marks)', value);
    if (bytes.length > MAX_STRING_BYTES) return fatal('TXTRDATATooLong (Value is too long)', value);
    strings.push(Buffer.from(bytes));
    const before = i;
    skipSpace();
    if (i < value.length && i === before)
      return fatal('InvalidCharacterString (Character-strings must be separated by spaces)', value);
  }
  return { ok: true, content: Buffer.concat(strings).toString('utf8') };
}

export function parseValue(type: SandboxRecordType, value: string): ParsedValue {
  switch (type) {
    case 'TXT':
      return parseTxt(value);
    case 'MX': {
      const m = /^\s*(\d{1,5})\s+(\S+)\s*$/.exec(value);
      if (!m) return fatal('MXRRDATANotTwoFields (MX record must be "<preference> <mail server>")', value);
      const priority = Number(m[1]);
      const host = m[2]!.toLowerCase().replace(/\.$/, '');
      if (priority > 65535) return fatal('MXPreferenceOutOfRange (Preference must be 0-65535)', value);
      if (!HOSTNAME.test(host)) return fatal('DomainLabelInvalid (Mail server is not a domain name)', value);
      return { ok: true, content: host, priority };
    }
    case 'NS': {
      const host = value.trim().toLowerCase().replace(/\.$/, '');
      return HOSTNAME.test(host)
        ? { ok: true, content: host }
        : fatal('DomainLabelInvalid (Value is not a domain name)', value);
    }
    case 'A': {
      const ok = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value.trim());
      return ok && ok.slice(1).every((n) => Number(n) <= 255)
        ? { ok: true, content: value.trim() }
        : fatal('ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)', value);
    }
  }
}

export function renderValue(record: Pick<DnsRecordRecord, 'type' | 'content' | 'priority'>): string {
  switch (record.type) {
    case 'TXT':
      return renderTxt(record.content);
    case 'MX':
      return `${record.priority ?? 0} ${record.content}`;
    default:
      return record.content;
  }
}

/** The identity of a value inside its set, so "10 MX.example.com." and "10 mx.example.com" agree. */
export function valueKey(type: SandboxRecordType, content: string, priority?: number): string {
  return type === 'MX' ? `${priority ?? 0} ${content}` : content;
}
