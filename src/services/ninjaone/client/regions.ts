// NinjaOne instances (vendor-api-notes §4.1). A region key or a custom https base URL.
import { InputError } from '../../../errors.ts';

export const NINJAONE_REGIONS = {
  app: 'https://app.ninjarmm.com',
  us: 'https://app.ninjarmm.com',
  eu: 'https://eu.ninjarmm.com',
  oc: 'https://oc.ninjarmm.com',
  ca: 'https://ca.ninjarmm.com',
  us2: 'https://us2.ninjarmm.com',
  fed: 'https://fed.ninjarmm.com',
} as const;

export type NinjaOneRegion = keyof typeof NINJAONE_REGIONS;

/** Base URL for a region key, or the URL itself (custom instance, sandbox), without a trailing slash. */
export function ninjaOneBaseUrl(regionOrUrl: string): string {
  const key = regionOrUrl.trim().toLowerCase();
  if (key in NINJAONE_REGIONS) return NINJAONE_REGIONS[key as NinjaOneRegion];
  let url: URL;
  try {
    url = new URL(regionOrUrl);
  } catch {
    throw new InputError(`Unknown NinjaOne region ${regionOrUrl}`, [], {
      hint: `Use one of ${Object.keys(NINJAONE_REGIONS).join(', ')} or the instance's https URL.`,
    });
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !loopback)
    throw new InputError(`NinjaOne base URL ${regionOrUrl} must use https`, []);
  return url.toString().replace(/\/+$/, '');
}
