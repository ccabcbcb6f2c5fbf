// proofpoint.test-message's threat test: TAP is asked only for Proofpoint on Demand (Essentials
// has its own Threat API), the test passes only when TAP condemned the threat, and the operator
// is told exactly what kind of threat to send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/create-services.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { proofpointTestMessageStep as step } from '../../src/services/proofpoint/steps/proofpoint-test-message/index.ts';
import { fastPolicy, sandboxConfig } from '../adapters/support/sandbox-services.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 4242 });
});
afterAll(async () => {
  await sb.close();
});

function ctxFor(product: 'essentials' | 'pod'): StepContext {
  const config = sandboxConfig(sb);
  config.proofpoint = { ...config.proofpoint!, product };
  return {
    ...exchangeStepContext(sb, 'trap-test'),
    services: createServices(config, new Redactor(), { policy: fastPolicy() }),
  };
}

const params = step.params.parse({
  direction: 'threat',
  from: 'someone@example.net',
  to: 'adele.vance@contoso.example',
  proofpointIps: ['148.163.129.0/24'],
});

const delivered = {
  found: true,
  subject: 'sop-integrate threat test',
  messageId: '<m1@example.net>',
  receivedAt: '2026-12-02T12:00:00Z',
  traceSource: 'graph',
  status: 'delivered',
  fromIP: '148.163.129.25',
  trapResult: 'quarantined',
  trapPulledAt: '2026-12-02T12:05:00Z',
};

describe('proofpoint.test-message, threat direction', () => {
  it('tells the operator to send a threat Proofpoint condemns, and plans a TAP read only for PoD', async () => {
    const essentialsPlan = await step.plan(ctxFor('essentials'), params);
    expect(essentialsPlan.calls.map((c) => c.target)).not.toContain('TAP /v2/siem/messages/delivered');
    expect(essentialsPlan.details!.join('\n')).toMatch(/test threat that Proofpoint condemns/);
    expect(essentialsPlan.details!.join('\n')).toMatch(/TAP never condemns it, so TRAP never/);
    const podPlan = await step.plan(ctxFor('pod'), params);
    expect(podPlan.calls.map((c) => c.target)).toContain('TAP /v2/siem/messages/delivered');
  });

  it('fails when TAP has not condemned the threat, passes when it has', async () => {
    const ctx = ctxFor('pod');
    const missing = await step.verify(ctx, params, {
      ...delivered,
      product: 'pod',
      tapConfigured: true,
      tapGuid: '',
    });
    expect(missing.ok).toBe(false);
    expect(missing.checks.join('\n')).toMatch(/TAP has not condemned the test threat/);
    const condemned = await step.verify(ctx, params, {
      ...delivered,
      product: 'pod',
      tapConfigured: true,
      tapGuid: 'guid-1',
      tapClassification: 'phish',
    });
    expect(condemned.ok).toBe(true);
  });

  it('for Essentials, does not treat TAP as its threat service and says what to check by hand', async () => {
    const result = await step.verify(ctxFor('essentials'), params, {
      ...delivered,
      product: 'essentials',
      tapConfigured: false,
      tapGuid: '',
    });
    expect(result.ok).toBe(true);
    expect(result.checks.join('\n')).toMatch(/Proofpoint Essentials: TAP does not apply/);
  });
});
