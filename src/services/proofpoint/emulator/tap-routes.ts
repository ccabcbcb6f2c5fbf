// TAP SIEM API v2 emulation (vendor-api-notes §1.1): Basic auth with the service principal and
// secret, GET only, `interval=<start>/<end>` of thirty seconds to one hour ("The minimum interval
// is thirty seconds. The maximum interval is one hour.", the SIEM API's interval parameter) within
// the last 7 days, JSON with the structure always present. Only messages that carried a threat
// appear, as in TAP. The status and wording of a refused interval are not documented: 400 with a
// plain-text reason, as the documented "400 Bad Request" row for invalid parameters suggests.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import type { ProofpointMessageRecord } from './model.ts';
import { proofpointStateOf } from './state.ts';
import { sandboxProofpointSecrets, sandboxTapPrincipal } from './seed.ts';

const HOUR = 3_600_000;

function siemEvent(m: ProofpointMessageRecord) {
  return {
    GUID: m.GUID,
    QID: m.QID,
    messageID: `<${m.GUID}@sandbox.pphosted.example>`,
    messageTime: m.messageTime,
    sender: m.sender,
    fromAddress: [m.sender],
    recipient: m.recipient,
    toAddresses: m.recipient,
    subject: m.subject,
    spamScore: 0,
    phishScore: m.threat ? 100 : 0,
    malwareScore: 0,
    impostorScore: 0,
    threatsInfoMap: m.threat
      ? [
          {
            threatType: m.threat.threatType,
            threat: m.threat.threat,
            classification: m.threat.classification,
            threatStatus: 'active',
          },
        ]
      : [],
    messageParts: [],
  };
}

export function tapRoutes(ctx: SandboxContext) {
  const principal = sandboxTapPrincipal(ctx.store.state.seed);
  const { tapSecret } = sandboxProofpointSecrets(ctx.store.state.seed);
  const expected = `Basic ${Buffer.from(`${principal}:${tapSecret}`).toString('base64')}`;

  return async function handle(request: SandboxRequest, sub: string): Promise<SandboxReply> {
    if (request.headers.authorization !== expected) return { status: 401, body: 'Unauthorized' };
    if (request.method !== 'GET') return { status: 405, body: 'Method Not Allowed' };
    const kind = /^\/v2\/siem\/(all|messages\/delivered|messages\/blocked)$/.exec(sub)?.[1];
    if (!kind) return { status: 404, body: 'Not Found' };
    const interval = request.query.get('interval') ?? '';
    const [startText, endText] = interval.split('/');
    const start = Date.parse(startText ?? '');
    const end = Date.parse(endText ?? '');
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
      return { status: 400, body: 'The interval parameter must be an ISO-8601 interval <start>/<end>' };
    if (end - start > HOUR)
      return { status: 400, body: 'The requested interval is too long: at most 1 hour' };
    if (end - start < 30_000)
      return { status: 400, body: 'The requested interval is too short: at least thirty seconds' };
    if (ctx.now() - start > 7 * 24 * HOUR)
      return { status: 400, body: 'The requested start time is too far into the past' };
    const inWindow = Object.values(proofpointStateOf(ctx.store.state).messages).filter((m) => {
      const at = Date.parse(m.messageTime);
      return m.threat !== null && at >= start && at < end;
    });
    const delivered = inWindow.filter((m) => m.disposition === 'delivered').map(siemEvent);
    const blocked = inWindow.filter((m) => m.disposition === 'blocked').map(siemEvent);
    const body = {
      queryEndTime: new Date(end).toISOString(),
      messagesDelivered: kind === 'messages/blocked' ? [] : delivered,
      messagesBlocked: kind === 'messages/delivered' ? [] : blocked,
      clicksPermitted: [],
      clicksBlocked: [],
    };
    return { status: 200, body };
  };
}
