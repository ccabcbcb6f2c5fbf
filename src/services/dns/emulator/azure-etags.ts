// Record-set etags for the Azure DNS emulation. Azure gives a record set a new etag on every
// write; the zone data is shared with the Cloudflare API, which knows nothing of etags, so each
// etag is stored with a fingerprint of the content it was issued for. A read that finds the
// content changed behind ARM's back (a Cloudflare edit, a test) issues a fresh etag, so a writer
// holding the old one gets 412. (An edit that restores the exact same content in between keeps
// the etag, which real Azure would not; no flow of the tool depends on that case.)
import type { SandboxContext } from '../../../sandbox/context.ts';
import { seededUuid } from '../../../sandbox/ids.ts';
import type { AzureRecordSetEtag, DnsRecordRecord } from './model.ts';
import { dnsState, serialOf } from './zone-data.ts';

function etags(ctx: SandboxContext): Record<string, AzureRecordSetEtag> {
  return (dnsState(ctx).azureEtags ??= {});
}

function keyOf(zoneId: string, type: string, name: string): string {
  return `${zoneId}|${type}|${name}`;
}

function fingerprintOf(records: DnsRecordRecord[]): string {
  return records
    .map((r) => `${r.ttl} ${r.priority ?? ''} ${r.content}`)
    .sort()
    .join('\n');
}

function issue(ctx: SandboxContext, key: string, zoneId: string, fingerprint: string): string {
  // The serial moves on every zone write, so a re-issued etag is never an earlier one.
  const etag = seededUuid(ctx.store.state.seed, `azure-etag|${key}|${serialOf(ctx, zoneId)}|${fingerprint}`);
  etags(ctx)[key] = { etag, fingerprint };
  return etag;
}

/**
 * The etag of the set as it is now, or undefined when the set has no records. `changed` says the
 * bookkeeping moved (the caller's reply should be marked mutated so it persists).
 */
export function currentEtag(
  ctx: SandboxContext,
  zoneId: string,
  type: string,
  name: string,
  records: DnsRecordRecord[],
): { etag: string | undefined; changed: boolean } {
  const key = keyOf(zoneId, type, name);
  const stored = etags(ctx)[key];
  if (records.length === 0) {
    if (stored === undefined) return { etag: undefined, changed: false };
    delete etags(ctx)[key];
    return { etag: undefined, changed: true };
  }
  const fingerprint = fingerprintOf(records);
  if (stored?.fingerprint === fingerprint) return { etag: stored.etag, changed: false };
  return { etag: issue(ctx, key, zoneId, fingerprint), changed: true };
}

/** After an ARM write of the set: always a new etag, even when the content is the same. */
export function renewEtag(
  ctx: SandboxContext,
  zoneId: string,
  type: string,
  name: string,
  records: DnsRecordRecord[],
): string | undefined {
  const key = keyOf(zoneId, type, name);
  if (records.length === 0) {
    delete etags(ctx)[key];
    return undefined;
  }
  return issue(ctx, key, zoneId, fingerprintOf(records));
}
