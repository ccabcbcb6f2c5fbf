// Sender IP ranges for an inbound connector. Exchange accepts only IPv4 addresses and CIDR
// ranges from /24 to /32 in SenderIPAddresses (microsoft-api-notes §2.4 and §6), so wider ranges
// are split into their /24s here, before anything is sent.
import { InputError } from '../../../../errors.ts';

/** /16 = 256 ranges; anything wider is almost certainly a typo for a Proofpoint range. */
export const WIDEST_PREFIX = 16;

export interface ParsedRange {
  /** The network address, a.b.c.d. */
  network: number;
  prefix: number;
}

function toText(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
}

/** A problem with one range, or undefined when it is a usable IPv4 address or CIDR range. */
export function rangeProblem(text: string): string | undefined {
  if (text.includes(':')) return `${text} is IPv6; Exchange connectors accept IPv4 ranges only`;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return `${text} is not an IPv4 address or CIDR range (a.b.c.d/nn)`;
  if (m.slice(1, 5).some((o) => Number(o) > 255)) return `${text} has an octet above 255`;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return `${text} has a prefix above /32`;
  if (prefix < WIDEST_PREFIX)
    return `${text} is wider than /${WIDEST_PREFIX} (it would be ${2 ** (24 - prefix)} /24 ranges)`;
  return undefined;
}

export function parseRange(text: string): ParsedRange {
  const problem = rangeProblem(text);
  if (problem) {
    throw new InputError(`Invalid sender IP range: ${problem}`, [], {
      hint: 'Use the IPv4 ranges from the Proofpoint portal, written as a.b.c.d/nn.',
    });
  }
  const [address, prefixText] = text.trim().split('/');
  const octets = address!.split('.').map(Number);
  const value = octets.reduce((acc, o) => acc * 256 + o, 0);
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  const size = 2 ** (32 - prefix);
  return { network: Math.floor(value / size) * size, prefix };
}

export function formatRange(range: ParsedRange): string {
  return range.prefix === 32 ? toText(range.network) : `${toText(range.network)}/${range.prefix}`;
}

/** Normalises each range to its network address and splits anything wider than /24. Deduplicated, in order. */
export function splitToSlash24(ranges: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of ranges) {
    const range = parseRange(text);
    if (range.prefix >= 24) {
      out.push(formatRange(range));
      continue;
    }
    for (let i = 0; i < 2 ** (24 - range.prefix); i++)
      out.push(formatRange({ network: range.network + i * 256, prefix: 24 }));
  }
  return [...new Set(out)];
}

/** Normalised ranges as given (not split): what Enhanced Filtering skip-lists. */
export function normaliseRanges(ranges: readonly string[]): string[] {
  return [...new Set(ranges.map((r) => formatRange(parseRange(r))))];
}
