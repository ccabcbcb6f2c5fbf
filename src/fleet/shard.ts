// `--shard i/n`: which tenants this CI matrix job runs. A tenant belongs to shard
// (hash(tenantId) mod n) + 1, where hash is the first 4 bytes of SHA-256 of the lower-case
// tenant id: stable across runs, machines and file order, and adding or removing a tenant
// never moves the others to another shard (contiguous blocks would shift them all).
import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';

export interface Shard {
  /** 1-based: `--shard 1/4` .. `--shard 4/4`. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InputError(`--shard "${value}" is not a shard`, [], {
      hint: 'write --shard i/n with 1 <= i <= n, e.g. --shard 2/4 for the second of four CI jobs',
    });
  }
  return { index, count };
}

export function shardOf(tenantId: string, count: number): number {
  const digest = createHash('sha256').update(tenantId.toLowerCase()).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** The tenants of one shard, in file order. */
export function selectShard<Tenant extends { tenantId: string }>(
  tenants: readonly Tenant[],
  shard: Shard | undefined,
): Tenant[] {
  if (!shard) return [...tenants];
  return tenants.filter((tenant) => shardOf(tenant.tenantId, shard.count) === shard.index);
}
