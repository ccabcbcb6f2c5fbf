// Finding the test message afterwards: message trace (Graph, falling back to Get-MessageTraceV2)
// within a window around the send, the connector from the trace details (Graph only), and for a
// test threat TAP's SIEM record. The outputs carry this evidence into the run's report.
import type { TracedMessage } from '../../../exchange/client/message-trace.ts';
import type { Outputs, StepContext } from '../../../../steps/contract.ts';
import { connectorOf, subjectOf, type TestMessageParams } from './params.ts';

const POLL_MS = 30_000;
/** A message sent just before the operator confirmed still counts. */
export const LOOKBACK_MS = 15 * 60_000;

export function searchStart(ctx: StepContext): Date {
  return new Date((ctx.firstAttemptAt ?? ctx.now()).getTime() - LOOKBACK_MS);
}

async function findTrace(ctx: StepContext, params: TestMessageParams, since: Date) {
  const exchange = await ctx.services.exchange();
  const subject = subjectOf(params).toLowerCase();
  const deadline = ctx.now().getTime() + params.withinSeconds * 1000;
  for (;;) {
    const result = await exchange.traceMessages({
      start: since,
      end: new Date(ctx.now().getTime() + 60_000),
      senderAddress: params.from,
      recipientAddress: params.to,
    });
    const found = result.messages
      .filter((m) => (m.subject ?? '').toLowerCase() === subject)
      .sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime))[0];
    if (found) return { found, source: result.source };
    const left = deadline - ctx.now().getTime();
    if (left <= 0) return { found: undefined, source: result.source };
    ctx.log.progress(
      `looking for "${subjectOf(params)}" in message trace (${Math.ceil(left / 1000)} s left)`,
    );
    await ctx.sleep(Math.min(POLL_MS, left));
  }
}

/** The connector the trace details name (Graph only; Get-MessageTraceV2 rows carry none). */
async function connectorIn(ctx: StepContext, params: TestMessageParams, trace: TracedMessage) {
  const graph = await ctx.services.graph();
  const details = await graph.getMessageTraceDetails(trace.traceId, params.to);
  const text = details.map((d) => `${d.description ?? ''} ${d.data ?? ''}`).join('\n');
  if (text.includes(connectorOf(params))) return connectorOf(params);
  return /connector "([^"]+)"/.exec(text)?.[1] ?? null;
}

async function tapRecord(ctx: StepContext, params: TestMessageParams, since: Date) {
  const pp = await ctx.services.proofpoint();
  // TAP is the Proofpoint on Demand product's threat service; Essentials has its own Threat API
  // (vendor-api-notes §2: Integration Keys, one hour per request, 3 days back) whose host and
  // paths are not in our references, so for Essentials the condemnation is checked by hand.
  if (pp.product === 'essentials' || !pp.tap) return null;
  const tap = pp.tap;
  const subject = subjectOf(params).toLowerCase();
  const delivered = await tap.messages('delivered', since, ctx.now());
  const match = delivered.find(
    (m) =>
      (m.subject ?? '').toLowerCase() === subject &&
      m.recipient.some((r) => r.toLowerCase() === params.to.toLowerCase()),
  );
  return match
    ? { guid: match.GUID, classification: match.threatsInfoMap[0]?.classification ?? '' }
    : { guid: '', classification: '' };
}

export async function gatherEvidence(ctx: StepContext, params: TestMessageParams): Promise<Outputs> {
  const since = searchStart(ctx);
  const { found, source } = await findTrace(ctx, params, since);
  const outputs: Outputs = { subject: subjectOf(params), traceSource: source, found: found !== undefined };
  if (!found) return outputs;
  Object.assign(outputs, {
    messageId: found.messageId,
    traceId: found.traceId,
    receivedAt: found.receivedDateTime,
    status: found.status,
    fromIP: found.fromIP,
    toIP: found.toIP,
    connector: source === 'graph' ? await connectorIn(ctx, params, found) : null,
  });
  if (params.direction === 'threat') {
    const tap = await tapRecord(ctx, params, since);
    outputs.product = (await ctx.services.proofpoint()).product;
    outputs.tapConfigured = tap !== null;
    outputs.tapGuid = tap?.guid ?? '';
    outputs.tapClassification = tap?.classification ?? '';
  }
  return outputs;
}
