// An Azure Blob Storage compatible upload endpoint (the SAS URL Intune hands out): Put Block and
// Put Block List with SAS signature and expiry checks and Azure's XML error bodies.
import type { SandboxContext } from '../../../../sandbox/context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../../../../sandbox/http/types.ts';
import { BLOB_CONTAINER, blobOf, sasSignature } from './blob-store.ts';

function azureError(status: number, code: string, message: string, requestId: string): SandboxReply {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`;
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-request-id': requestId, 'x-ms-error-code': code },
    body: { error: code, message },
    rawPayload: xml,
  };
}

function created(requestId: string, extra: Record<string, string> = {}): SandboxReply {
  return {
    status: 201,
    headers: { 'x-ms-request-id': requestId, 'x-ms-version': '2021-08-06', 'content-length': '0', ...extra },
    rawPayload: '',
  };
}

/** Block ids inside <BlockList>, in order (Latest/Committed/Uncommitted all name uploaded blocks here). */
function blockListIds(xml: string): string[] | undefined {
  if (!/<BlockList>[\s\S]*<\/BlockList>/.test(xml)) return undefined;
  return [
    ...xml.matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\/(?:Latest|Uncommitted|Committed)>/g),
  ].map((m) => m[1] ?? '');
}

function validBlockId(id: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(id) && Buffer.from(id, 'base64').length <= 64;
}

export function createBlobService(ctx: SandboxContext): EmulatedService {
  function handle(request: SandboxRequest): SandboxReply {
    const rid = request.requestId;
    const m = new RegExp(`^/blob/${BLOB_CONTAINER}/([^/]+)\\.bin$`).exec(request.path);
    if (!m) return azureError(404, 'ResourceNotFound', 'The specified resource does not exist.', rid);
    const fileId = m[1] ?? '';
    const se = request.query.get('se') ?? '';
    const sig = request.query.get('sig') ?? '';
    if (sig === '' || sasSignature(ctx, fileId, se) !== sig)
      return azureError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.', rid);
    if (Number.isNaN(Date.parse(se)) || Date.parse(se) <= ctx.now())
      return azureError(
        403,
        'AuthenticationFailed',
        'Signature not valid in the specified time frame: expired SAS.',
        rid,
      );
    if (request.method !== 'PUT')
      return azureError(
        405,
        'UnsupportedHttpVerb',
        "The resource doesn't support the specified HTTP verb.",
        rid,
      );
    const blob = blobOf(ctx, fileId);
    const body = request.rawBytes ?? Buffer.from(request.rawBody, 'utf8');
    const comp = request.query.get('comp');
    if (comp === 'block') {
      const blockId = request.query.get('blockid') ?? '';
      if (!validBlockId(blockId))
        return azureError(
          400,
          'InvalidQueryParameterValue',
          'Value for one of the query parameters specified in the request URI is invalid.',
          rid,
        );
      const first = blob.blocks.keys().next();
      // Azure: every block id of one blob has the same length before base64 encoding.
      const decodedLength = (id: string) => Buffer.from(id, 'base64').length;
      if (!first.done && decodedLength(first.value) !== decodedLength(blockId))
        return azureError(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.', rid);
      blob.blocks.set(blockId, Buffer.from(body));
      return { ...created(rid, { 'content-md5': '' }), loggedRequestBody: { blockId, bytes: body.length } };
    }
    if (comp === 'blocklist') {
      const ids = blockListIds(request.rawBody);
      if (ids === undefined)
        return azureError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.', rid);
      const parts: Buffer[] = [];
      for (const id of ids) {
        const block = blob.blocks.get(id);
        if (!block) return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.', rid);
        parts.push(block);
      }
      blob.committed = Buffer.concat(parts);
      blob.blocks.clear();
      return { ...created(rid), loggedRequestBody: { blocks: ids.length } };
    }
    return azureError(
      400,
      'InvalidQueryParameterValue',
      'The sandbox accepts comp=block and comp=blocklist.',
      rid,
    );
  }

  return {
    name: 'blob',
    handle: async (request) => handle(request),
    faultReply: (request, status, retryAfterSeconds) => ({
      ...azureError(
        status,
        status === 403 ? 'AuthenticationFailed' : status === 503 ? 'ServerBusy' : 'InternalError',
        status === 403
          ? 'Signature not valid in the specified time frame: expired SAS.'
          : 'Injected by the sandbox.',
        request.requestId,
      ),
      ...(retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(retryAfterSeconds) } }),
    }),
  };
}
