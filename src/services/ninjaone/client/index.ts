export { createNinjaOneClient, type NinjaOneClient, type NinjaOneClientOptions } from './client.ts';
export type { DevicePageOptions, DownloadedFile, InstallerType, RunRequest } from './client.ts';
export type { Activity, Device, Location, Organization, ScriptOption } from './schema.ts';
export { NINJAONE_REGIONS, ninjaOneBaseUrl, type NinjaOneRegion } from './regions.ts';
export { NINJAONE_SCOPE } from './http.ts';
