// The first-party resource cache: shares found answers (and reads in flight) for Microsoft's own
// resource APIs, and never keeps "not found", failures, or the tenant's own service principals.
import { describe, expect, it } from 'vitest';
import { cacheFirstPartyLookups } from '../../../src/services/graph/client/first-party-cache.ts';
import type { ServicePrincipal } from '../../../src/services/graph/client/client.ts';

const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
const OWN_APP = '5c1e9a77-2b44-4d0e-9f31-7a0c3e6d8b12';
const sp = (appId: string, n: number) =>
  ({ id: `sp-${n}`, appId, displayName: `principal ${n}`, appRoles: [] }) as unknown as ServicePrincipal;

function countingLookup(answers: (appId: string, call: number) => ServicePrincipal | undefined | Error) {
  const calls: string[] = [];
  const lookup = async (appId: string) => {
    calls.push(appId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = answers(appId, calls.length);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { calls, lookup: cacheFirstPartyLookups(lookup) };
}

describe('cacheFirstPartyLookups', () => {
  it('reads a first-party resource once, sharing a read in flight, whatever the GUID case', async () => {
    const { calls, lookup } = countingLookup((appId, n) => sp(appId, n));
    const [a, b] = await Promise.all([lookup(EXCHANGE), lookup(EXCHANGE.toUpperCase())]);
    expect(b).toBe(a);
    expect(await lookup(EXCHANGE)).toBe(a);
    expect(calls).toEqual([EXCHANGE]);
  });

  it("always reads the tenant's own service principals", async () => {
    const { calls, lookup } = countingLookup((appId, n) => (n === 1 ? undefined : sp(appId, n)));
    expect(await lookup(OWN_APP)).toBeUndefined();
    expect((await lookup(OWN_APP))?.id).toBe('sp-2');
    expect((await lookup(OWN_APP))?.id).toBe('sp-3');
    expect(calls).toHaveLength(3);
  });

  it('asks again after "not found" or a failure', async () => {
    const { calls, lookup } = countingLookup((appId, n) =>
      n === 1 ? new Error('graph unavailable') : n === 2 ? undefined : sp(appId, n),
    );
    await expect(lookup(EXCHANGE)).rejects.toThrow('graph unavailable');
    expect(await lookup(EXCHANGE)).toBeUndefined();
    expect((await lookup(EXCHANGE))?.id).toBe('sp-3');
    expect((await lookup(EXCHANGE))?.id).toBe('sp-3');
    expect(calls).toHaveLength(3);
  });
});
