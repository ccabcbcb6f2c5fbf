// Azure DNS record sets as the DNS provider interface sees them: names relative to the zone
// ('@' for the apex), TXT text split into and joined from 255-character strings, and the few
// fields of a RecordSet the provider relies on, checked before it trusts them.
import type { RecordSet } from '@azure/arm-dns';
import { z } from 'zod';
import { InputError } from '../../../errors.ts';
import { parseVendorResponse } from '../../../core/http/index.ts';
import { sortMx, type MxRecord } from './provider.ts';

/** A DNS character-string holds at most 255 octets; Azure's API takes TXT text in such strings. */
export const TXT_STRING_MAX = 255;

export function normalizeZone(zone: string): string {
  return zone.toLowerCase().replace(/\.$/, '');
}

/**
 * '@', '' or a name inside the zone (with or without the trailing dot) → Azure's relative name.
 * As in a zone file, a name without a trailing dot that does not end in the zone is taken as
 * relative to it ('www', '_dmarc'); an absolute name (trailing dot) outside the zone is an error.
 */
export function relativeName(zone: string, name: string): string {
  const z = normalizeZone(zone);
  const absolute = name.endsWith('.');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === '' || n === '@' || n === z) return '@';
  if (n.endsWith(`.${z}`)) return n.slice(0, -(z.length + 1));
  if (!absolute) return n;
  throw new InputError(`the name ${name} is not inside the zone ${zone}`, [], {
    hint: `Give a name ending in .${z}, a name relative to the zone, or '@' for the zone apex.`,
  });
}

export function fqdnOf(zone: string, relative: string): string {
  return relative === '@' ? normalizeZone(zone) : `${relative}.${normalizeZone(zone)}`;
}

/** Split by characters (never inside a surrogate pair); SPF and DKIM text is ASCII, so characters are octets. */
export function splitTxt(text: string): string[] {
  const chars = Array.from(text);
  const strings: string[] = [];
  for (let i = 0; i === 0 || i < chars.length; i += TXT_STRING_MAX)
    strings.push(chars.slice(i, i + TXT_STRING_MAX).join(''));
  return strings;
}

// TTL is read as required: Azure DNS returns it on every record set it stores, and an MX or TXT
// set cannot be an alias (Azure DNS alias record sets support A, AAAA and CNAME only: "Azure DNS
// alias records overview"), so a set without one is a shape we do not know and fails clearly.
const ExistingRecordSet = z.object({
  etag: z.string().min(1),
  ttl: z.number().int().nonnegative(),
  metadata: z.record(z.string(), z.string()).optional().catch(undefined),
  mxRecords: z.array(z.object({ preference: z.number().int(), exchange: z.string().min(1) })).optional(),
  txtRecords: z.array(z.object({ value: z.array(z.string()) })).optional(),
});

/** What the provider reads of an existing record set: its etag guards the next write. */
export interface ReadRecordSet {
  etag: string;
  ttl: number;
  metadata: Record<string, string> | undefined;
  mx: MxRecord[];
  txt: string[];
}

export function readRecordSet(set: RecordSet, operation: string): ReadRecordSet {
  const parsed = parseVendorResponse(ExistingRecordSet, set, { service: 'dns', operation });
  return {
    etag: parsed.etag,
    ttl: parsed.ttl,
    metadata: parsed.metadata,
    mx: sortMx(parsed.mxRecords ?? []),
    txt: (parsed.txtRecords ?? []).map((r) => r.value.join('')),
  };
}
