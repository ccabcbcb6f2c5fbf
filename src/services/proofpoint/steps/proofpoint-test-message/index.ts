// `proofpoint.test-message`: SOP phase 3's mail tests. The operator sends a test message (in the
// sandbox the step sends it through the mail simulation, the sandbox having no person); then the
// step finds it in message trace and checks the route: inbound from Proofpoint's IPs with MX at
// Proofpoint, outbound through the Proofpoint connector, a test threat logged by TAP and pulled by
// TRAP. It changes no configuration, so there is nothing to undo.
import { defineStep, type Outputs } from '../../../../steps/contract.ts';
import { gatherEvidence } from './evidence.ts';
import { verifyTestMessage } from './checks.ts';
import { connectorOf, instructionsOf, subjectOf, TestMessageParams } from './params.ts';

export const proofpointTestMessageStep = defineStep<TestMessageParams>({
  type: 'proofpoint.test-message',
  description: 'Send (operator) a test message, then prove its route from message trace, MX, TAP and TRAP.',
  params: TestMessageParams,
  outputs: [
    'sentAt',
    'subject',
    'found',
    'messageId',
    'traceId',
    'receivedAt',
    'status',
    'fromIP',
    'toIP',
    'connector',
    'traceSource',
    'sandboxRoute',
    'product',
    'tapConfigured',
    'tapGuid',
    'tapClassification',
    'trapResult',
    'trapPulledAt',
    'trapReason',
  ],
  mutating: false,
  requires: { graph: ['ExchangeMessageTrace.Read.All'] },
  async plan(ctx, params) {
    const expect =
      params.direction === 'outbound'
        ? `leaves through the connector "${connectorOf(params)}"`
        : `arrives from Proofpoint (${params.proofpointIps.join(', ')})${params.direction === 'threat' ? ', TAP logs it and TRAP pulls it' : ''}`;
    return {
      action: 'manual',
      summary: `${params.direction} test: "${subjectOf(params)}" from ${params.from} to ${params.to}`,
      changes: [],
      calls: [
        {
          service: 'exchange',
          method: 'GET',
          target: 'message trace (Graph messageTraces, else Get-MessageTraceV2)',
        },
        ...(params.direction === 'threat' && (await ctx.services.proofpoint()).product === 'pod'
          ? [{ service: 'proofpoint', method: 'GET', target: 'TAP /v2/siem/messages/delivered' }]
          : []),
      ],
      details: [...instructionsOf(params), `then checked: the message ${expect}`],
    };
  },
  async apply(ctx, params) {
    const sentAt = ctx.now().toISOString();
    const outputs: Outputs = { sentAt };
    const sandboxMail = (await ctx.services.proofpoint()).sandboxMail;
    if (sandboxMail) {
      const delivery = await sandboxMail.send({
        from: params.from,
        to: params.to,
        subject: subjectOf(params),
        threat: params.direction === 'threat',
      });
      for (const hop of delivery.hops) ctx.log.info(`[sandbox mail] ${hop}`);
      outputs.sandboxRoute = delivery.route;
      if (params.direction === 'threat') {
        outputs.trapResult = delivery.trapPull?.result ?? 'not connected';
        outputs.trapPulledAt = delivery.trapPull?.pulledAt ?? null;
        outputs.trapReason = delivery.trapPull?.reason ?? null;
      }
    }
    Object.assign(outputs, await gatherEvidence(ctx, params));
    return { outputs, undo: null };
  },
  verify: verifyTestMessage,
});
