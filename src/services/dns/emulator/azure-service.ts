// Azure DNS through Azure Resource Manager, under /arm: the endpoint is `{sandbox}/arm` in place
// of https://management.azure.com. It serves Microsoft.Network/dnsZones (api-version 2018-05-01)
// over the same zone data as the Cloudflare API and the loopback DNS server.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import {
  armError,
  DNS_API_VERSION,
  MAX_RECORD_SETS_PER_ZONE,
  MAX_RECORDS_PER_RECORD_SET,
  sandboxAzureDns,
  zoneResourceId,
  type ArmScope,
} from './azure-arm.ts';
import { armAuthFailure } from './azure-auth.ts';
import {
  deleteRecordSet,
  getRecordSet,
  listRecordSets,
  writeRecordSet,
  type RecordSetTarget,
} from './azure-record-set-routes.ts';
import { ALL_AZURE_RECORD_TYPES, ARM_RECORD_TYPES, recordSetsOf } from './azure-record-sets.ts';
import type { DnsZoneRecord, SandboxRecordType } from './model.ts';
import { dnsState } from './zone-data.ts';

const PREFIX = '/arm';
const ROUTE =
  /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(?:\/providers\/Microsoft\.Network\/dnsZones(?:\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?)?)?)?$/i;
/** '@' for the apex, else labels relative to the zone (underscores for _dmarc, _domainkey). */
const RELATIVE_NAME =
  /^(@|\*|(\*\.)?[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*)$/i;
const API_VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

export { sandboxAzureDns } from './azure-arm.ts';

export function createAzureDnsService(ctx: SandboxContext): EmulatedService {
  const scope = sandboxAzureDns(ctx.store.state.seed);
  return {
    name: 'arm',
    handle: async (request) => handleArm(ctx, scope, request),
    faultReply: (_request, status, retryAfterSeconds) => {
      const headers: Record<string, string> =
        retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
      if (status === 429)
        return armError(
          429,
          'TooManyRequests',
          'The request is being throttled as the limit has been reached for operation type - Write_ObservationWindow_00:01:00.',
          headers,
        );
      if (status === 503)
        return armError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', headers);
      return armError(
        status,
        'InternalServerError',
        'Encountered internal server error. Please try again.',
        headers,
      );
    },
  };
}

function apiVersionFailure(request: SandboxRequest): SandboxReply | undefined {
  const version = request.query.get('api-version');
  if (version === null || version === '')
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  if (!API_VERSION_SHAPE.test(version))
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${DNS_API_VERSION}'.`,
    );
  if (version !== DNS_API_VERSION)
    return armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'global' and API version '${version}' for type 'dnszones'. The supported api-versions are '${DNS_API_VERSION}'. The supported locations are 'global'.`,
    );
  return undefined;
}

function zoneByName(ctx: SandboxContext, name: string): DnsZoneRecord | undefined {
  const wanted = name.toLowerCase();
  return Object.values(dnsState(ctx).zones).find((z) => z.name === wanted);
}

function zoneBody(ctx: SandboxContext, scope: ArmScope, zone: DnsZoneRecord): Record<string, unknown> {
  return {
    id: zoneResourceId(scope, zone.name),
    name: zone.name,
    type: 'Microsoft.Network/dnszones',
    etag: zone.id,
    location: 'global',
    tags: {},
    properties: {
      maxNumberOfRecordSets: MAX_RECORD_SETS_PER_ZONE,
      maxNumberOfRecordsPerRecordSet: MAX_RECORDS_PER_RECORD_SET,
      // Azure counts the SOA record set, which the zone data keeps implicit.
      numberOfRecordSets: recordSetsOf(ctx, zone).length + 1,
      nameServers: zone.nameServers.map((ns) => `${ns}.`),
      zoneType: 'Public',
    },
  };
}

function methodNotAllowed(request: SandboxRequest): SandboxReply {
  return armError(
    405,
    'MethodNotAllowed',
    `The method '${request.method}' is not allowed on ${request.path}.`,
  );
}

function handleArm(ctx: SandboxContext, scope: ArmScope, request: SandboxRequest): SandboxReply {
  const auth = armAuthFailure(ctx, request.headers.authorization);
  if (auth) return auth;
  const versionProblem = apiVersionFailure(request);
  if (versionProblem) return versionProblem;
  const path = request.path.slice(PREFIX.length);
  const m = ROUTE.exec(path);
  if (!m) return armError(404, 'InvalidResourceType', `The resource type could not be found for ${path}.`);
  const [, subscription = '', group, zoneName, typeSegment, relativeName] = m;
  if (subscription.toLowerCase() !== scope.subscriptionId)
    return armError(404, 'SubscriptionNotFound', `The subscription '${subscription}' could not be found.`);
  if (group === undefined || group.toLowerCase() !== scope.resourceGroup.toLowerCase())
    return armError(404, 'ResourceGroupNotFound', `Resource group '${group ?? ''}' could not be found.`);
  if (zoneName === undefined) {
    if (request.method !== 'GET') return methodNotAllowed(request);
    const zones = Object.values(dnsState(ctx).zones).sort((a, b) => a.name.localeCompare(b.name));
    return { status: 200, body: { value: zones.map((z) => zoneBody(ctx, scope, z)) } };
  }
  const zone = zoneByName(ctx, zoneName);
  if (!zone) {
    return typeSegment === undefined
      ? armError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.Network/dnszones/${zoneName}' under resource group '${scope.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        )
      : armError(
          404,
          'ParentResourceNotFound',
          `Can not perform requested operation on nested resource. Parent resource '${zoneName}' not found.`,
        );
  }
  if (typeSegment === undefined)
    return request.method === 'GET'
      ? { status: 200, body: zoneBody(ctx, scope, zone) }
      : methodNotAllowed(request);
  return recordSetRoute(ctx, scope, zone, typeSegment, relativeName, request);
}

function recordSetRoute(
  ctx: SandboxContext,
  scope: ArmScope,
  zone: DnsZoneRecord,
  typeSegment: string,
  relativeName: string | undefined,
  request: SandboxRequest,
): SandboxReply {
  const selfUrl = `${ctx.baseUrl()}${request.path}`;
  const listsAll = ['recordsets', 'all'].includes(typeSegment.toLowerCase());
  if (listsAll && relativeName === undefined)
    return request.method === 'GET'
      ? listRecordSets(ctx, scope, zone, undefined, request, selfUrl)
      : methodNotAllowed(request);
  const type = typeSegment.toUpperCase();
  if (!ALL_AZURE_RECORD_TYPES.includes(type))
    return armError(
      400,
      'BadRequest',
      `The record type '${typeSegment}' is not a valid Azure DNS record type.`,
    );
  const emulated = (ARM_RECORD_TYPES as readonly string[]).includes(type);
  if (relativeName === undefined) {
    if (request.method !== 'GET') return methodNotAllowed(request);
    return emulated
      ? listRecordSets(ctx, scope, zone, type as SandboxRecordType, request, selfUrl)
      : { status: 200, body: { value: [] } };
  }
  if (!emulated)
    return request.method === 'GET'
      ? armError(
          404,
          'NotFound',
          `The resource record '${relativeName}' does not exist in resource group '${scope.resourceGroup}' of subscription '${scope.subscriptionId}'.`,
        )
      : armError(400, 'BadRequest', `Record sets of type ${type} are not emulated; use A, MX, NS or TXT.`);
  if (!RELATIVE_NAME.test(relativeName))
    return armError(400, 'BadRequest', `The record set name '${relativeName}' is not a valid relative name.`);
  const target: RecordSetTarget = { scope, zone, type: type as SandboxRecordType, relativeName };
  switch (request.method) {
    case 'GET':
      return getRecordSet(ctx, target);
    case 'PUT':
    case 'PATCH':
      return writeRecordSet(ctx, target, request);
    case 'DELETE':
      return deleteRecordSet(ctx, target, request);
    default:
      return methodNotAllowed(request);
  }
}
