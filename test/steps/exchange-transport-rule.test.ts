// exchange.transport-rule and exchange.mail-flow-inventory on the sandbox: the rule depends on its
// rule-scoped connector (plan shows it, the sandbox refuses a non-scoped one like Exchange does),
// undo newest-first removes the rule before the connector, and the inventory is a noop read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { exchangeRouteFor, isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { unknownValue } from '../../src/steps/contract.ts';
import { exchangeMailFlowInventoryStep as inventory } from '../../src/services/exchange/steps/exchange-mail-flow-inventory/index.ts';
import { exchangeOutboundConnectorStep as outbound } from '../../src/services/exchange/steps/exchange-outbound-connector/index.ts';
import { exchangeTransportRuleStep as rule } from '../../src/services/exchange/steps/exchange-transport-rule/index.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';
import {
  cmdletParametersFromNotes,
  notesAvailable,
  sentCmdlets,
} from '../adapters/exchange/cmdlet-parameters.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 991 });
});
afterAll(async () => {
  await sb.close();
});
const ctx = (id: string) => exchangeStepContext(sb, id);

describe('exchange.mail-flow-inventory', () => {
  it('plans a noop whose known outputs are the seeded domains, connectors and rules', async () => {
    const before = sb.snapshot();
    const plan = await inventory.plan(ctx('inventory'), inventory.params.parse({}));
    expect(plan.action).toBe('noop');
    const outputs = plan.knownOutputs!;
    expect((outputs.acceptedDomains as Array<{ DomainName: string }>).map((d) => d.DomainName)).toEqual(
      expect.arrayContaining(['contoso.example', 'fabrikam.example']),
    );
    expect((outputs.transportRules as Array<{ Name: string }>).map((r) => r.Name)).toEqual([
      'Tag external mail',
      'Audit mail leaving the company',
    ]);
    expect((outputs.outboundConnectors as Array<{ Name: string }>).map((c) => c.Name)).toEqual([
      'Partner TLS to northwind.example',
    ]);
    expect(plan.details).toContain('accepted domain contoso.example (Authoritative, default)');
    expect(isEmptyDiff(sb.diff(before, sb.snapshot()))).toBe(true);
    expect(inventory.params.safeParse({ extra: 1 }).success).toBe(false);
  });
});

describe('exchange.transport-rule', () => {
  const connectorParams = outbound.params.parse({
    name: 'Outbound via PP (rule test)',
    smartHosts: ['outbound.pphosted.example'],
  });
  const ruleWith = {
    name: 'Route outbound via PP (test)',
    routeMessageOutboundConnector: 'Outbound via PP (rule test)',
  };

  it('plans create showing its dependency on a connector still unknown at plan time', async () => {
    const pending = rule.params.parse({
      ...ruleWith,
      routeMessageOutboundConnector: unknownValue('steps.outbound-connector.outputs.name'),
    });
    const plan = await rule.plan(ctx('transport-rule'), pending);
    expect(plan.action).toBe('create');
    expect(plan.details?.[0]).toContain(
      'Depends on outbound connector (known after apply: steps.outbound-connector.outputs.name)',
    );
    expect(plan.changes.find((c) => c.path === 'RouteMessageOutboundConnector')?.after).toContain(
      'known after apply',
    );
    await expect(rule.apply(ctx('transport-rule'), pending, plan)).rejects.toThrow(/still unknown/);
  });

  it('is refused by the sandbox, like Exchange, when the connector is not rule-scoped or missing', async () => {
    const before = sb.snapshot();
    for (const [connector, pattern] of [
      ['Partner TLS to northwind.example', /isn't scoped to transport rules/],
      ['No such connector', /Couldn't find object/],
    ] as const) {
      const params = rule.params.parse({ ...ruleWith, routeMessageOutboundConnector: connector });
      const plan = await rule.plan(ctx('transport-rule'), params);
      const error = await rule.apply(ctx('transport-rule'), params, plan).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).kind).toBe('bad-request');
      expect((error as ServiceError).message).toMatch(pattern);
    }
    expect(isEmptyDiff(sb.diff(before, sb.snapshot()))).toBe(true);
  });

  it('connector then rule: apply, verify, route outbound mail, drift, undo newest first back to the start', async () => {
    const start = sb.snapshot();
    const connectorPlan = await outbound.plan(ctx('outbound-connector'), connectorParams);
    const connector = await outbound.apply(ctx('outbound-connector'), connectorParams, connectorPlan);
    const params = rule.params.parse({ ...ruleWith, routeMessageOutboundConnector: connector.outputs.name });
    const plan = await rule.plan(ctx('transport-rule'), params);
    expect(plan.action).toBe('create');
    expect(plan.details?.[0]).toContain(
      '"Outbound via PP (rule test)", which must exist with IsTransportRuleScoped $true',
    );
    const created = await rule.apply(ctx('transport-rule'), params, plan);
    expect(created.outputs.name).toBe('Route outbound via PP (test)');
    expect((await rule.verify(ctx('transport-rule'), params, created.outputs)).ok).toBe(true);
    expect((await rule.plan(ctx('transport-rule'), params)).action).toBe('noop');

    const route = exchangeRouteFor(sb.snapshot(), {
      from: 'priya.raman@contoso.example',
      to: 'buyer@example.net',
    });
    expect(route).toMatchObject({
      direction: 'outbound',
      routingRule: 'Route outbound via PP (test)',
      deliverVia: 'smart-host',
      outboundConnector: { name: 'Outbound via PP (rule test)', smartHosts: ['outbound.pphosted.example'] },
    });

    // Someone switches the rule to Audit by hand: the plan shows it and apply puts it back.
    const ex = await sandboxServices(sb, new Redactor()).exchange();
    await ex.transportRules.update('Route outbound via PP (test)', { Mode: 'Audit' });
    const drifted = sb.snapshot();
    const update = await rule.plan(ctx('transport-rule'), params);
    expect(update.changes).toEqual([{ path: 'Mode', before: 'Audit', after: 'Enforce' }]);
    const updated = await rule.apply(ctx('transport-rule'), params, update);
    await rule.undo!(ctx('transport-rule'), updated.undo!);
    expect(isEmptyDiff(sb.diff(drifted, sb.snapshot()))).toBe(true);

    // Removing the connector first is refused: the rule still routes through it.
    await expect(outbound.undo!(ctx('outbound-connector'), connector.undo!)).rejects.toThrow(
      /routes messages through it/,
    );
    await rule.undo!(ctx('transport-rule'), created.undo!);
    await outbound.undo!(ctx('outbound-connector'), connector.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('a priority puts the rule at that place and undo closes the gap again', async () => {
    const start = sb.snapshot();
    const connectorPlan = await outbound.plan(ctx('outbound-connector'), connectorParams);
    const connector = await outbound.apply(ctx('outbound-connector'), connectorParams, connectorPlan);
    const params = rule.params.parse({ ...ruleWith, priority: 0 });
    const created = await rule.apply(
      ctx('transport-rule'),
      params,
      await rule.plan(ctx('transport-rule'), params),
    );
    const rules = await (await sandboxServices(sb, new Redactor()).exchange()).transportRules.list();
    expect(rules.map((r) => [r.Name, r.Priority])).toEqual([
      ['Route outbound via PP (test)', 0],
      ['Tag external mail', 1],
      ['Audit mail leaving the company', 2],
    ]);
    await rule.undo!(ctx('transport-rule'), created.undo!);
    await outbound.undo!(ctx('outbound-connector'), connector.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it.skipIf(!notesAvailable)('every Exchange parameter sent is in the notes’ cmdlet parameter lists', () => {
    const lists = cmdletParametersFromNotes();
    for (const { cmdlet, parameters } of sentCmdlets(sb.requests)) {
      for (const parameter of parameters)
        expect([...(lists.get(cmdlet) ?? [])], `${cmdlet} -${parameter}`).toContain(parameter);
    }
  });
});
