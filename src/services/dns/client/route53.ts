// The AWS Route 53 provider. Route 53 keeps all values of a name and type in one record set with
// one TTL, and applies a change batch all or nothing, so an MX swap is a single batch: mail has a
// route at every moment. Edits are guarded against concurrent changes the Route 53 way: the batch
// DELETEs the set exactly as it was read and CREATEs the new one; if someone changed the set in
// between, Route 53 rejects the DELETE and nothing is overwritten. Every write returns only once
// the change is INSYNC at Route 53's authoritative servers.
import { InputError } from '../../../errors.ts';
import type { Change, ResourceRecordSet, RRType } from '@aws-sdk/client-route-53';
import { sortMx, swapTxtValue, type DnsProvider, type MxRecord } from './provider.ts';
import { Route53Api, type RecordSet, type Route53ProviderOptions } from './route53-api.ts';
import { decodeTxtValue, encodeTxtValue, mxValue, parseMxValue, recordName } from './route53-values.ts';

export type { Route53ProviderOptions } from './route53-api.ts';

function valuesOf(set: RecordSet | undefined): string[] {
  return (set?.ResourceRecords ?? []).map((r) => r.Value ?? '');
}

function newSet(name: string, type: RRType, ttl: number, values: string[]): ResourceRecordSet {
  return { Name: name, Type: type, TTL: ttl, ResourceRecords: values.map((Value) => ({ Value })) };
}

/** The batch that turns `current` into `values` with `ttl`; empty when nothing changes. */
function replaceBatch(
  name: string,
  type: RRType,
  current: RecordSet | undefined,
  values: string[],
  ttl: number,
  same: (a: string[], b: string[]) => boolean,
): Change[] {
  if (current === undefined)
    return values.length === 0
      ? []
      : [{ Action: 'CREATE', ResourceRecordSet: newSet(name, type, ttl, values) }];
  if (values.length === 0) return [{ Action: 'DELETE', ResourceRecordSet: current }];
  if (current.TTL === ttl && same(valuesOf(current), values)) return [];
  return [
    { Action: 'DELETE', ResourceRecordSet: current },
    { Action: 'CREATE', ResourceRecordSet: newSet(name, type, ttl, values) },
  ];
}

const sameMxValues = (a: string[], b: string[]) =>
  JSON.stringify(sortMx(a.map(parseMxValue))) === JSON.stringify(sortMx(b.map(parseMxValue)));
const sameTxtValues = (a: string[], b: string[]) =>
  JSON.stringify(a.map(decodeTxtValue).sort()) === JSON.stringify(b.map(decodeTxtValue).sort());

export function createRoute53Provider(options: Route53ProviderOptions): DnsProvider {
  const api = new Route53Api(options);

  async function read(zone: string, name: string, type: RRType) {
    const zoneId = await api.hostedZoneId(zone);
    const fqdn = recordName(zone, name);
    const set = await api.recordSet(zoneId, fqdn, type);
    // An alias record set has no TTL and no values of its own: Route 53 answers with the target's
    // records and TTL ("Choosing between alias and non-alias records", Route 53 Developer Guide).
    // Lowering "its" TTL or swapping its values is impossible, so say so instead of reading the
    // set as empty (which would plan a CREATE that Route 53 rejects as a duplicate).
    if (set?.AliasTarget)
      throw new InputError(
        `${fqdn} ${type} is a Route 53 alias record (to ${set.AliasTarget.DNSName ?? 'another record'}); sop-integrate changes plain record sets only`,
        [],
        {
          hint: `Replace the alias with a plain ${type} record set holding the same values (Route 53 console: Edit record, Alias off), then re-run.`,
        },
      );
    return { zoneId, fqdn, set };
  }

  async function write(zoneId: string, changes: Change[], what: string): Promise<void> {
    if (changes.length > 0) await api.change(zoneId, changes, what);
  }

  return {
    kind: 'route53',
    writable: true,
    async getMx(zone, name) {
      const { set } = await read(zone, name, 'MX');
      return { ttl: set?.TTL, records: sortMx(valuesOf(set).map(parseMxValue)) };
    },
    async setMx(zone, name, records: MxRecord[], ttl) {
      const { zoneId, fqdn, set } = await read(zone, name, 'MX');
      const values = sortMx(records).map(mxValue);
      await write(
        zoneId,
        replaceBatch(fqdn, 'MX', set, values, ttl, sameMxValues),
        `the MX record set of ${fqdn}`,
      );
    },
    async setMxTtl(zone, name, ttl) {
      const { zoneId, fqdn, set } = await read(zone, name, 'MX');
      if (set === undefined) return; // no MX records: no TTL to change
      await write(
        zoneId,
        replaceBatch(fqdn, 'MX', set, valuesOf(set), ttl, sameMxValues),
        `the MX record set of ${fqdn}`,
      );
    },
    async getTxt(zone, name) {
      const { set } = await read(zone, name, 'TXT');
      return { ttl: set?.TTL, values: valuesOf(set).map(decodeTxtValue).sort() };
    },
    async replaceTxt(zone, name, from, to, ttl) {
      const { zoneId, fqdn, set } = await read(zone, name, 'TXT');
      const values = swapTxtValue(valuesOf(set).map(decodeTxtValue), from, to).map(encodeTxtValue);
      if (set !== undefined && sameTxtValues(valuesOf(set), values)) return; // no value changes: TTL stays
      await write(
        zoneId,
        replaceBatch(fqdn, 'TXT', set, values, ttl, sameTxtValues),
        `the TXT record set of ${fqdn}`,
      );
    },
  };
}
