// The names a RecordSet body may hold in Azure DNS API version 2018-05-01 (the version the tool
// calls), from the service's REST API reference "Record Sets - Create Or Update": the resource's
// id, name, type, etag and properties; in properties metadata (string map), TTL, fqdn and
// provisioningState (read-only, echoed by clients), targetResource, and one record array per type
// (ARecords, AAAARecords, MXRecords, NSRecords, PTRRecords, SRVRecords, TXTRecords, CNAMERecord,
// SOARecord, caaRecords); and the fields of each record type the sandbox serves. A name outside
// these is refused: the service's treatment of one is not documented, and the tool must not rely
// on it being ignored. The words are Json.NET's for a member a type lacks (an inference: the
// service is .NET; its reference is silent on unknown members).
import type { SandboxRecordType } from './model.ts';

const TOP = new Set(['id', 'name', 'type', 'etag', 'properties']);
const PROPERTIES = new Set([
  'metadata',
  'TTL',
  'fqdn',
  'provisioningState',
  'targetResource',
  'ARecords',
  'AAAARecords',
  'MXRecords',
  'NSRecords',
  'PTRRecords',
  'SRVRecords',
  'TXTRecords',
  'CNAMERecord',
  'SOARecord',
  'caaRecords',
]);
const RECORD_FIELDS: Record<SandboxRecordType, { array: string; model: string; fields: Set<string> }> = {
  A: { array: 'ARecords', model: 'ARecord', fields: new Set(['ipv4Address']) },
  MX: { array: 'MXRecords', model: 'MxRecord', fields: new Set(['preference', 'exchange']) },
  NS: { array: 'NSRecords', model: 'NsRecord', fields: new Set(['nsdname']) },
  TXT: { array: 'TXTRecords', model: 'TxtRecord', fields: new Set(['value']) },
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function recordSetFieldProblem(
  body: Record<string, unknown>,
  type: SandboxRecordType,
): string | undefined {
  for (const name of Object.keys(body))
    if (!TOP.has(name)) return `Could not find member '${name}' on object of type 'RecordSet'.`;
  const properties = body.properties;
  if (!isObject(properties)) return undefined;
  for (const name of Object.keys(properties))
    if (!PROPERTIES.has(name))
      return `Could not find member '${name}' on object of type 'RecordSetProperties'.`;
  const metadata = properties.metadata;
  if (metadata !== undefined && metadata !== null) {
    if (!isObject(metadata) || !Object.values(metadata).every((v) => typeof v === 'string'))
      return "The property 'metadata' must be an object of string values.";
  }
  const { array, model, fields } = RECORD_FIELDS[type];
  const records = properties[array];
  if (Array.isArray(records))
    for (const record of records)
      if (isObject(record))
        for (const name of Object.keys(record))
          if (!fields.has(name)) return `Could not find member '${name}' on object of type '${model}'.`;
  return undefined;
}
