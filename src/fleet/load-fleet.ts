// Everything local about a fleet, checked before the first tenant starts: the tenants file,
// the shard, each tenant's config file and environment references. Bad input exits 2 with
// nothing called.
import { checkTenantConfigs } from './tenant-config.ts';
import { readTenantsFile } from './tenants-file.ts';
import { selectShard, type Shard } from './shard.ts';
import type { TenantEntry } from './tenants-schema.ts';

export interface LoadedFleet {
  file: string;
  /** The tenants this job runs (its shard), in file order. */
  tenants: TenantEntry[];
  /** How many the file lists in all. */
  total: number;
}

export async function loadFleet(
  file: string,
  options: { shard?: Shard; sandbox: boolean },
): Promise<LoadedFleet> {
  const loaded = await readTenantsFile(file);
  const indexOf = new Map(loaded.tenants.map((tenant, index) => [tenant, index]));
  const tenants = selectShard(loaded.tenants, options.shard);
  await checkTenantConfigs(tenants, file, {
    sandbox: options.sandbox,
    place: (index, keys) =>
      loaded.placeOf(['tenants', indexOf.get(tenants[index] as TenantEntry) ?? index, ...keys]),
  });
  return { file, tenants, total: loaded.tenants.length };
}
