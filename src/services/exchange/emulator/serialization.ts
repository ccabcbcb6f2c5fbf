// How Get-<Noun> rows leave the emulator, by the request's `X-SerializationLevel` header.
//
// Partial (what the public InvokeCommand clients ask for) gives each value of a multi-valued
// property in its string form, as live captures show (rknightion/graph2otel exchangeconnectors
// tests: "SenderIPAddresses": ["81.187.237.31"], "SenderDomains": ["smtp:*;1"], "SmartHosts":
// ["smtp-relay.gmail.com"]). Any other level, or none, gives the .NET object Exchange holds.
// Which level the service applies when the header is absent is not documented; the emulator
// gives the fuller form then, so a client that forgets the header meets objects. No public
// capture of the object form was found: its properties are the types' public ones
// (Microsoft.Exchange.Data.IPRange with RangeFormat from the IPRange.Format enumeration on
// Microsoft Learn's Exchange Server API reference; SmartHost; SmtpDomainWithSubdomains;
// AddressSpace). The state keeps the string form either way.
import { parseIPv4 } from './values.ts';

type Form = (value: string) => unknown;

function ipv4Text(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** IPRange: a single address, a CIDR range or a lo-hi range. */
const ipRange: Form = (value) => {
  const [lo, hi] = value.split('-');
  if (hi !== undefined) return { LowerBound: lo, UpperBound: hi, CIDRLength: 32, RangeFormat: 'LoHi' };
  const v4 = parseIPv4(value);
  if (v4) {
    const start = v4.octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - v4.prefix);
    const base = Math.floor(start / size) * size;
    return {
      LowerBound: ipv4Text(base),
      UpperBound: ipv4Text(base + size - 1),
      CIDRLength: v4.prefix,
      RangeFormat: value.includes('/') ? 'CIDR' : 'SingleAddress',
    };
  }
  // IPv6 (EFSkipIPs may hold it): the bounds are not expanded here.
  const [address, prefix] = value.split('/');
  return {
    LowerBound: address,
    UpperBound: address,
    CIDRLength: prefix === undefined ? 128 : Number(prefix),
    RangeFormat: prefix === undefined ? 'SingleAddress' : 'CIDR',
  };
};

const smartHost: Form = (value) => {
  const isIp = parseIPv4(value) !== undefined || value.includes(':');
  return { Domain: isIp ? null : value, Address: isIp ? value : null, IsIPAddress: isIp };
};

const smtpDomain: Form = (value) => {
  const sub = value.startsWith('*.');
  return { Domain: sub ? value.slice(2) : value, IncludeSubDomains: sub || value === '*', Address: value };
};

/** "smtp:*;1" */
const addressSpace: Form = (value) => {
  const m = /^([^:]+):(.*);(\d+)$/.exec(value);
  return m ? { Type: m[1], Address: m[2], Cost: Number(m[3]) } : { Type: 'smtp', Address: value, Cost: 1 };
};

/** Properties whose values are one of these types, on the rows this emulator serves. */
const FORMS: Record<string, Form> = {
  SenderIPAddresses: ipRange,
  EFSkipIPs: ipRange,
  EFSkipMailGateway: ipRange,
  SmartHosts: smartHost,
  RecipientDomains: smtpDomain,
  TlsDomain: smtpDomain,
  // Get-AcceptedDomain's DomainName is an SmtpDomainWithSubdomains too.
  DomainName: smtpDomain,
  SenderDomains: addressSpace,
};

export function isPartial(level: string | undefined): boolean {
  return (level ?? '').trim().toLowerCase() === 'partial';
}

/** The rows as the admin API returns them at `level`. */
export function serializeRows(rows: unknown[], level: string | undefined): unknown[] {
  if (isPartial(level)) return rows;
  return rows.map((row) => {
    if (row === null || typeof row !== 'object') return row;
    const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const [property, form] of Object.entries(FORMS)) {
      const value = out[property];
      if (Array.isArray(value))
        out[property] = (value as unknown[]).map((v) => (typeof v === 'string' ? form(v) : v));
      else if (typeof value === 'string') out[property] = form(value);
    }
    return out;
  });
}
