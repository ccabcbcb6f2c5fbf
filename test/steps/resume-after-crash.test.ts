// Every mutating step whose undo depends on the state before it: applied, "crashed" before the
// journal's done record, applied again with the first plan's observation (as `resume` does), and
// the second undo record must still restore the seeded state exactly (empty sandbox diff).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { StepContext, StepHandler } from '../../src/steps/contract.ts';
import { dnsMxRecordsStep } from '../../src/services/dns/steps/dns-mx-records/index.ts';
import { dnsMxTtlStep } from '../../src/services/dns/steps/dns-mx-ttl/index.ts';
import { dnsSpfStep } from '../../src/services/dns/steps/dns-spf/index.ts';
import { exchangeInboundConnectorStep } from '../../src/services/exchange/steps/exchange-inbound-connector/index.ts';
import { exchangeOutboundConnectorStep } from '../../src/services/exchange/steps/exchange-outbound-connector/index.ts';
import { exchangeTransportRuleStep } from '../../src/services/exchange/steps/exchange-transport-rule/index.ts';
import { intuneAssignmentStep } from '../../src/services/graph/steps/intune-assignment/index.ts';
import { proofpointDomainsStep } from '../../src/services/proofpoint/steps/proofpoint-domains/index.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';
import { applyAgainAfterCrash } from './crash-resume-support.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 9191 });
});
afterAll(async () => {
  await sb.close();
});

const services = () => sandboxServices(sb, new Redactor());

/** Crash, resume, undo: the resumed undo record equals the lost one and restores the start. */
async function expectResumedUndoRestores<Params>(
  step: StepHandler<Params>,
  params: Params,
  ctx: () => StepContext = () => exchangeStepContext(sb, step.type.replace(/\W/g, '-')),
) {
  const start = sb.snapshot();
  const { first, resumed } = await applyAgainAfterCrash(step, ctx, params);
  expect(first.undo).not.toBeNull();
  expect(resumed.undo).toEqual(first.undo);
  // Times count from the attempt (a real resume passes the first attempt's time, which this
  // context does not): changedAt and the cache horizons; everything else must match.
  const untimed = (outputs: Record<string, unknown>) => ({
    ...outputs,
    changedAt: 0,
    oldMxCachedUntil: 0,
    oldSpfCachedUntil: 0,
  });
  expect(untimed(resumed.outputs)).toEqual(untimed(first.outputs));
  // Undo's waits (the cutover's cached-MX wait) are proven elsewhere; here they take no time.
  await step.undo!({ ...ctx(), sleep: async () => {} }, resumed.undo!);
  const diff = sb.diff(start, sb.snapshot());
  expect(isEmptyDiff(diff), JSON.stringify(diff)).toBe(true);
  return resumed;
}

describe('undo after a crash and resume', () => {
  it('proofpoint.domains removes the domain the crashed attempt added, and keeps the one that was there', async () => {
    await (
      await services().proofpoint()
    ).essentials!.createDomain('fabrikam.example', 'fabrikam-example.mail.protection.outlook.com');
    const params = proofpointDomainsStep.params.parse({ domains: ['contoso.example', 'fabrikam.example'] });
    const resumed = await expectResumedUndoRestores(proofpointDomainsStep, params);
    expect(resumed.undo).toEqual({ added: ['contoso.example'] });
    await (await services().proofpoint()).essentials!.deleteDomain('fabrikam.example');
  });

  it('dns.mx-ttl restores the TTL before the run, and still outputs it as the old TTL to wait for', async () => {
    const params = dnsMxTtlStep.params.parse({ domains: ['fabrikam.example'], ttl: 120 });
    const firstAttemptAt = new Date('2026-04-02T18:30:00Z');
    const ctx = () => ({ ...exchangeStepContext(sb, 'lower-ttl'), firstAttemptAt });
    const resumed = await expectResumedUndoRestores(dnsMxTtlStep, params, ctx);
    expect(resumed.undo).toEqual({ previousTtl: { 'fabrikam.example': 3600 } });
    expect(resumed.outputs).toMatchObject({ oldTtl: 3600, safeAfter: '2026-04-02T19:30:00.000Z' });
  });

  it('dns.mx-records puts back the MX records and TTL the crashed attempt replaced', async () => {
    const params = dnsMxRecordsStep.params.parse({
      domains: ['fabrikam.example'],
      hosts: ['mx1-eu1.ppe-hosted.com', 'mx2-eu1.ppe-hosted.com'],
      ttl: 600,
      ttlLoweredAt: '2026-01-05T08:00:00Z',
      oldTtl: 3600,
    });
    const resumed = await expectResumedUndoRestores(dnsMxRecordsStep, params);
    expect(Object.keys((resumed.undo?.previous ?? {}) as object)).toEqual(['fabrikam.example']);
  });

  it('dns.spf puts back the SPF record the crashed attempt rewrote', async () => {
    const params = dnsSpfStep.params.parse({
      domains: ['fabrikam.example'],
      mechanism: 'include:spf-00d4e5f6.pphosted.com',
    });
    const resumed = await expectResumedUndoRestores(dnsSpfStep, params);
    expect(resumed.undo).toMatchObject({
      previous: { 'fabrikam.example': { value: 'v=spf1 include:spf.protection.outlook.com -all' } },
    });
  });

  it('exchange.inbound-connector removes the connector the crashed attempt created', async () => {
    const params = exchangeInboundConnectorStep.params.parse({
      name: 'Inbound from PP (crash test)',
      senderIpAddresses: ['198.51.100.0/23'],
    });
    const resumed = await expectResumedUndoRestores(exchangeInboundConnectorStep, params);
    expect(resumed.undo).toMatchObject({ created: true, previous: {} });
  });

  it('exchange.outbound-connector sets back the settings the crashed attempt changed', async () => {
    const exchange = await services().exchange();
    const name = 'Outbound to PP (crash test)';
    await exchange.outboundConnectors.create({
      Name: name,
      ConnectorType: 'Partner',
      UseMXRecord: false,
      SmartHosts: ['old-relay.fabrikam.example'],
      IsTransportRuleScoped: true,
      TlsSettings: 'EncryptionOnly',
      Enabled: true,
    } as never);
    const params = exchangeOutboundConnectorStep.params.parse({
      name,
      smartHosts: ['outbound-eu1.pphosted.example'],
    });
    const resumed = await expectResumedUndoRestores(exchangeOutboundConnectorStep, params);
    expect(resumed.undo).toMatchObject({
      created: false,
      previous: { SmartHosts: ['old-relay.fabrikam.example'] },
    });
    await exchange.outboundConnectors.remove(name);
  });

  it('exchange.transport-rule removes the rule the crashed attempt created', async () => {
    const exchange = await services().exchange();
    const connector = await exchange.outboundConnectors.create({
      Name: 'Rule target (crash test)',
      ConnectorType: 'Partner',
      UseMXRecord: false,
      SmartHosts: ['outbound-eu1.pphosted.example'],
      IsTransportRuleScoped: true,
      Enabled: true,
    } as never);
    const params = exchangeTransportRuleStep.params.parse({
      name: 'Route via PP (crash test)',
      routeMessageOutboundConnector: 'Rule target (crash test)',
    });
    const resumed = await expectResumedUndoRestores(exchangeTransportRuleStep, params);
    expect(resumed.undo).toMatchObject({ created: true });
    await exchange.outboundConnectors.remove(connector.Guid || connector.Identity);
  });

  it('intune.assignment removes the assignment the crashed attempt added, and keeps the earlier one', async () => {
    const graph = await services().graph();
    const app = await graph.createWin32App({
      '@odata.type': '#microsoft.graph.win32LobApp',
      displayName: 'Crash Test Agent',
      description: 'assignment crash test',
      publisher: 'NinjaOne',
      fileName: 'c.intunewin',
      setupFilePath: 'c.msi',
      installCommandLine: 'msiexec /i c.msi /qn',
      uninstallCommandLine: 'msiexec /x {C} /qn',
      installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress' },
      returnCodes: [{ returnCode: 0, type: 'success' }],
      rules: [
        {
          '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
          ruleType: 'detection',
          productCode: '{C}',
          productVersionOperator: 'notConfigured',
          productVersion: null,
        },
      ],
      applicableArchitectures: 'x64',
      minimumSupportedWindowsRelease: '1607',
    });
    const kept = await graph.addGroupAssignment(app.id, 'allDevices', 'available');
    const params = intuneAssignmentStep.params.parse({
      appId: app.id,
      groups: ['NinjaOne Rollout Devices'],
    });
    const resumed = await expectResumedUndoRestores(intuneAssignmentStep, params);
    expect(resumed.undo?.assignmentIds).toHaveLength(1);
    expect(resumed.undo?.assignmentIds).not.toContain(kept.id);
    expect((await graph.listAppAssignments(app.id)).map((a) => a.id)).toEqual([kept.id]);
    await graph.deleteWin32App(app.id);
  });
});
