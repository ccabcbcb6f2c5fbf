// The Exchange Online admin API emulator: POST /exchange/adminapi/{beta|v1.0}/{tenant}/InvokeCommand
// with {"CmdletInput":{"CmdletName","Parameters"}}, answered as microsoft-api-notes §2.2 describes
// (rows in `value`, `@adminapi.warnings`, `@odata.nextLink` to re-POST the same body to).
import { ServiceError } from '../../../errors.ts';
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import { checkAccess } from './access.ts';
import { EXCEPTIONS, EXCHANGE_SANDBOX, exoErrorBody, exoFaultBody } from './errors.ts';
import type { CmdletEnv } from './objects.ts';
import { runCmdlet } from './run-cmdlet.ts';
import { serializeRows } from './serialization.ts';
import { exchangeStateOf } from './seed.ts';

const PATH = /^\/exchange\/adminapi\/(?<version>beta|v1\.0)\/(?<tenant>[^/]+)\/InvokeCommand$/;
/** The system mailbox the admin API routes app-only calls to (§2.2 "Anchor rules"). */
export const ANCHOR_MAILBOX_GUID = 'bb558c35-97f1-4cb9-8ff7-d53741dc928c';
const DEFAULT_PAGE_SIZE = 1000;

function failure(
  request: SandboxRequest,
  status: number,
  exceptionType: string,
  message: string,
): SandboxReply {
  return {
    status,
    headers: {
      'request-id': request.requestId,
      'x-exceptiontype': exceptionType.split('.').pop() ?? exceptionType,
    },
    body: exoErrorBody(status, exceptionType, message),
  };
}

function pageSize(prefer: string | undefined): number {
  const m = /odata\.maxpagesize=(\d+)/i.exec(prefer ?? '');
  return m ? Math.max(1, Number(m[1])) : DEFAULT_PAGE_SIZE;
}

function parseInput(rawBody: string): { cmdlet: string; parameters: unknown } | string {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return 'The request body is not valid JSON.';
  }
  const input = (body as { CmdletInput?: { CmdletName?: unknown; Parameters?: unknown } } | null)
    ?.CmdletInput;
  if (!input || typeof input.CmdletName !== 'string')
    return 'The request body has no CmdletInput.CmdletName.';
  return { cmdlet: input.CmdletName, parameters: input.Parameters };
}

export function createExchangeService(ctx: SandboxContext): EmulatedService {
  const env = (): CmdletEnv => ({
    state: ctx.store.state,
    exchange: exchangeStateOf(ctx.store.state),
    newGuid: () => ctx.store.newObjectId(),
    now: () => new Date(ctx.now()).toISOString(),
  });

  function handleInvoke(request: SandboxRequest): SandboxReply {
    const match = PATH.exec(request.path);
    if (!match)
      return failure(
        request,
        404,
        EXCEPTIONS.server,
        `The sandbox serves no Exchange resource at ${request.path}.`,
      );
    if (request.method !== 'POST')
      return failure(request, 405, EXCEPTIONS.server, 'InvokeCommand accepts POST only.');
    const access = checkAccess(ctx, request.headers.authorization);
    if (!access.ok) {
      const reply = failure(request, access.status, access.exceptionType, access.message);
      if (access.status === 401)
        reply.headers = { ...reply.headers, 'www-authenticate': 'Bearer realm="outlook.office365.com"' };
      return reply;
    }
    const { tenant } = ctx.store.state;
    const pathTenant = match.groups!.tenant!;
    const knownTenant =
      pathTenant.toLowerCase() === tenant.id ||
      tenant.verifiedDomains.some((d) => d.name === pathTenant.toLowerCase());
    if (!knownTenant)
      return failure(
        request,
        400,
        EXCEPTIONS.taskArgument,
        `Tenant '${pathTenant}' isn't the tenant of the token.`,
      );
    const anchor = request.headers['x-anchormailbox'] ?? '';
    if (anchor.toLowerCase() !== `app:systemmailbox{${ANCHOR_MAILBOX_GUID}}@${pathTenant}`.toLowerCase()) {
      return failure(
        request,
        400,
        EXCEPTIONS.taskArgument,
        `The X-AnchorMailbox header must be APP:SystemMailbox{${ANCHOR_MAILBOX_GUID}}@${pathTenant}; got '${anchor}'.`,
      );
    }
    const input = parseInput(request.rawBody);
    if (typeof input === 'string') return failure(request, 400, EXCEPTIONS.parameterBinding, input);
    const skiptoken = request.query.get('$skiptoken');
    if (skiptoken !== null && !input.cmdlet.startsWith('Get-'))
      return failure(request, 400, EXCEPTIONS.taskArgument, 'Only Get- cmdlets have further pages.');
    try {
      const result = runCmdlet(env(), input.cmdlet, input.parameters, ctx.now());
      const offset =
        skiptoken === null
          ? 0
          : Number(/^o(\d+)$/.exec(Buffer.from(skiptoken, 'base64url').toString())?.[1] ?? NaN);
      if (Number.isNaN(offset))
        return failure(request, 400, EXCEPTIONS.taskArgument, 'The $skiptoken is not valid.');
      const size = pageSize(request.headers.prefer);
      const base = `${ctx.baseUrl()}/exchange/adminapi/${match.groups!.version!}/${pathTenant}`;
      const next =
        offset + size < result.rows.length
          ? `${base}/InvokeCommand?$skiptoken=${Buffer.from(`o${offset + size}`).toString('base64url')}`
          : undefined;
      return {
        status: 200,
        headers: { 'request-id': request.requestId },
        body: {
          '@odata.context': `${base}/$metadata#Collection(Exchange.GenericHashTable)`,
          '@adminapi.warnings': [],
          value: serializeRows(
            result.rows.slice(offset, offset + size),
            request.headers['x-serializationlevel'],
          ),
          ...(next === undefined ? {} : { '@odata.nextLink': next }),
        },
        mutated: result.mutated,
      };
    } catch (error) {
      if (error instanceof ServiceError && error.service === EXCHANGE_SANDBOX) {
        return failure(
          request,
          error.details.status ?? 400,
          error.details.vendorCode ?? EXCEPTIONS.server,
          error.message,
        );
      }
      throw error;
    }
  }

  return {
    name: 'exchange',
    handle: (request) => Promise.resolve(handleInvoke(request)),
    faultReply(request, status, retryAfterSeconds) {
      const { body, exceptionType } = exoFaultBody(status);
      return {
        status,
        headers: {
          'request-id': request.requestId,
          'x-exceptiontype': exceptionType.split('.').pop() ?? exceptionType,
          ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
        },
        body,
      };
    },
  };
}
