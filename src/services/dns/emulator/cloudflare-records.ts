// Cloudflare's record shape and validation rules for the emulated API (vendor-api-notes §5.1).
import type { DnsRecordRecord, DnsZoneRecord, SandboxRecordType } from './model.ts';

const SEEDED_TIME = '2026-11-01T00:00:00.000000Z';

/** Cloudflare API "DNS Records": "Setting to 1 means 'automatic'"; automatic is served as 300 s. */
export const AUTOMATIC = 1;
export const AUTOMATIC_SECONDS = 300;

export function cloudflareRecord(zone: DnsZoneRecord, record: DnsRecordRecord): Record<string, unknown> {
  return {
    id: record.id,
    zone_id: zone.id,
    zone_name: zone.name,
    name: record.name,
    type: record.type,
    content: record.content,
    ...(record.type === 'MX' ? { priority: record.priority ?? 0 } : {}),
    proxiable: record.type === 'A',
    proxied: false,
    ttl: record.automatic ? AUTOMATIC : record.ttl,
    locked: false,
    comment: null,
    tags: [],
    meta: { auto_added: false, managed_by_apps: false, managed_by_argo_tunnel: false },
    created_on: SEEDED_TIME,
    modified_on: SEEDED_TIME,
  };
}

export function cloudflareZone(zone: DnsZoneRecord): Record<string, unknown> {
  return {
    id: zone.id,
    name: zone.name,
    status: 'active',
    paused: false,
    type: 'full',
    name_servers: zone.nameServers,
    original_name_servers: null,
    account: { id: zone.account, name: zone.account },
    created_on: SEEDED_TIME,
    modified_on: SEEDED_TIME,
  };
}

export interface RecordInput {
  type: SandboxRecordType;
  name: string;
  content: string;
  ttl: number;
  automatic?: boolean;
  priority?: number;
}

export type Validation = { ok: true; value: RecordInput } | { ok: false; code: number; message: string };

const TYPES = new Set(['A', 'NS', 'MX', 'TXT']);
const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Cloudflare's rules: TTL 1 (automatic) or 60..86400; MX needs a priority 0..65535 and a host name. */
export function validateRecord(body: Record<string, unknown>, zoneName: string, minTtl = 60): Validation {
  const { type, name, content, ttl, priority } = body;
  if (typeof type !== 'string' || !TYPES.has(type))
    return { ok: false, code: 1004, message: `DNS Validation Error: unsupported type ${String(type)}` };
  if (typeof name !== 'string' || name === '')
    return { ok: false, code: 9007, message: 'Content for name is required' };
  const full = name === '@' ? zoneName : name.toLowerCase().replace(/\.$/, '');
  if (full !== zoneName && !full.endsWith(`.${zoneName}`))
    return { ok: false, code: 1004, message: `DNS Validation Error: ${full} is not in zone ${zoneName}` };
  if (typeof content !== 'string' || content === '')
    return { ok: false, code: 9005, message: 'Content is required' };
  const t = ttl === undefined ? 1 : ttl;
  if (typeof t !== 'number' || !Number.isInteger(t) || (t !== 1 && (t < minTtl || t > 86400)))
    return {
      ok: false,
      code: 9021,
      message: `Invalid TTL. Must be between ${minTtl} and 86400 seconds, or 1 for Automatic.`,
    };
  if (type === 'MX') {
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 65535)
      return { ok: false, code: 9100, message: 'Priority is required for MX records and must be 0-65535' };
    if (!HOSTNAME.test(content))
      return { ok: false, code: 9005, message: `Content for MX record is invalid: ${content}` };
  }
  if (type === 'A' && !/^(\d{1,3}\.){3}\d{1,3}$/.test(content))
    return {
      ok: false,
      code: 9005,
      message: 'Content for A record is invalid. Must be a valid IPv4 address',
    };
  return {
    ok: true,
    value: {
      type: type as SandboxRecordType,
      name: full,
      content: type === 'MX' ? content.toLowerCase().replace(/\.$/, '') : content,
      ...(t === AUTOMATIC ? { ttl: AUTOMATIC_SECONDS, automatic: true } : { ttl: t }),
      ...(type === 'MX' ? { priority: priority as number } : {}),
    },
  };
}
