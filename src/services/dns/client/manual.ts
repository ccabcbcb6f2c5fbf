// The `manual` provider: the zone is edited by a person at a registrar or DNS host the tool has
// no API for. Reads come from the authoritative servers; writes are never made here: steps
// print the exact record, wait for the operator, then verify at every authoritative server.
import type { AuthoritativeResolver } from './authoritative.ts';
import { sortMx, type DnsProvider, type MxSet, type TxtSet } from './provider.ts';

function refuseWrite(): never {
  // Steps check `writable` first; reaching this is a programming error, not a user error.
  throw new TypeError('the manual DNS provider makes no changes itself; an operator does');
}

export function createManualProvider(resolver: AuthoritativeResolver): DnsProvider {
  async function read(zone: string, name: string, type: 'MX' | 'TXT') {
    const view = await resolver.query(zone, name === '@' ? zone : name, type);
    // The first server stands for the zone when reading; verification checks every server.
    return view.answers[0]?.records ?? [];
  }
  return {
    kind: 'manual',
    writable: false,
    async getMx(zone, name): Promise<MxSet> {
      const records = await read(zone, name, 'MX');
      const mx = records.flatMap((r) =>
        r.type === 'MX' ? [{ exchange: r.exchange, preference: r.preference }] : [],
      );
      return {
        ttl: records.length ? Math.max(...records.map((r) => r.ttl)) : undefined,
        records: sortMx(mx),
      };
    },
    async getTxt(zone, name): Promise<TxtSet> {
      const records = await read(zone, name, 'TXT');
      const values = records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
      return {
        ttl: records.length ? Math.max(...records.map((r) => r.ttl)) : undefined,
        values: values.sort(),
      };
    },
    setMx: refuseWrite,
    setMxTtl: refuseWrite,
    replaceTxt: refuseWrite,
  };
}
