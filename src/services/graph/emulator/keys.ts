// Path patterns for addressing directory objects by id or by alternate key, as Graph allows.
import { ODATA_STRING, unquoteOData } from '../../../sandbox/http/router.ts';

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** /{id} | (appId='…') | (uniqueName='…') */
export const APP_KEY = `(?:/(?<id>${GUID})|\\(appId=(?<appId>${ODATA_STRING})\\)|\\(uniqueName=(?<uniqueName>${ODATA_STRING})\\))`;
/** /{id} | (appId='…') */
export const SP_KEY = `(?:/(?<id>${GUID})|\\(appId=(?<appId>${ODATA_STRING})\\))`;
export const ID = `(?<id>${GUID})`;
export const OPAQUE_ID = '(?<itemId>[A-Za-z0-9_-]+)';

export function route(pattern: string): RegExp {
  return new RegExp(`^${pattern}$`);
}

export interface ObjectKey {
  id?: string;
  appId?: string;
  uniqueName?: string;
}

export function keyFromParams(params: Record<string, string>): ObjectKey {
  const key: ObjectKey = {};
  if (params.id !== undefined) key.id = params.id.toLowerCase();
  if (params.appId !== undefined) key.appId = unquoteOData(params.appId);
  if (params.uniqueName !== undefined) key.uniqueName = unquoteOData(params.uniqueName);
  return key;
}

export function describeKey(key: ObjectKey): string {
  return key.id ?? key.appId ?? key.uniqueName ?? '';
}
