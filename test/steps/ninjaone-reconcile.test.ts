// ninjaone.reconcile over the sandbox's lazily generated fleet: tens of thousands of devices per
// side are matched by serial then hostname, page by page, and only the mismatches are listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import {
  FleetMatcher,
  hostKey,
  serialKey,
} from '../../src/services/ninjaone/steps/ninjaone-reconcile/match.ts';
import {
  NinjaOneReconcileParams,
  ninjaOneReconcileStep,
} from '../../src/services/ninjaone/steps/ninjaone-reconcile/index.ts';
import { createServices } from '../../src/services/create-services.ts';
import { fastPolicy, sandboxConfig } from '../adapters/support/sandbox-services.ts';

let sb: Sandbox;
const redactor = new Redactor();
const progress: string[] = [];

function context(): StepContext {
  const config = {
    ...sandboxConfig(sb),
    ninjaone: {
      region: sb.ninjaone.baseUrl,
      clientId: sb.ninjaone.clientId,
      clientSecret: sb.ninjaone.clientSecret,
    },
  };
  const services = createServices(config, redactor, { policy: fastPolicy() });
  return {
    runId: 'run-reconcile-7',
    stepId: 'reconciliation',
    tenantId: sb.tenantId,
    services,
    secrets: {
      kind: 'file',
      put: async () => ({ store: 'file', name: '' }),
      get: async () => undefined,
      delete: async () => {},
      describe: (n) => n,
    },
    redactor,
    log: { info: () => {}, progress: (m) => progress.push(m), warn: () => {} },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 2718 });
});
afterAll(() => sb.close());

describe('FleetMatcher', () => {
  it('matches by serial first, then hostname, ignoring placeholder serials and domain suffixes', () => {
    const m = new FleetMatcher(10);
    m.addNinjaOne('ws-001.corp.example', 'ABC1');
    m.addNinjaOne('WS-002', 'To Be Filled By O.E.M.');
    m.addNinjaOne('WS-003', 'XYZ3');
    m.matchIntune('renamed-001', 'abc1'); // serial wins over a renamed host
    m.matchIntune('ws-002', 'To Be Filled By O.E.M.'); // placeholder serial: hostname
    m.matchIntune('WS-009', 'NOPE');
    const r = m.finish();
    expect(r).toMatchObject({ matchedBySerial: 1, matchedByHostname: 1 });
    expect(r.missingInNinjaOne).toEqual({ count: 1, names: ['WS-009'] });
    expect(r.missingInIntune).toEqual({ count: 1, names: ['WS-003'] });
    expect(serialKey(' 0 ')).toBe('');
    expect(hostKey('Laptop-7.contoso.example')).toBe('LAPTOP-7');
  });
});

describe('ninjaone.reconcile on a generated fleet', () => {
  it('streams 20,000 devices a side and names exactly the deliberate gaps', async () => {
    sb.ninjaone.seedSyntheticFleet(20_000);
    const params = NinjaOneReconcileParams.parse({ organization: 'Contoso Ltd', listLimit: 5 });
    const before = process.memoryUsage().heapUsed;
    const plan = await ninjaOneReconcileStep.plan(context(), params);
    const grown = process.memoryUsage().heapUsed - before;
    const o = plan.knownOutputs!;
    // Seeded: 0105 has no agent, 0106 no Intune. Synthetic: every 1000th lacks NinjaOne, every 1000th+500 lacks Intune.
    expect(o.missingInNinjaOneCount).toBe(1 + 20);
    expect(o.missingInIntuneCount).toBe(1 + 20);
    expect(o.missingInNinjaOne).toEqual([
      'CONTOSO-LT-0105',
      'CONTOSO-SYN-001000',
      'CONTOSO-SYN-002000',
      'CONTOSO-SYN-003000',
      'CONTOSO-SYN-004000',
    ]);
    expect(o.matchedBySerial).toBe(3 + 20_000 - 40);
    expect(o.matchedByHostname).toBe(1);
    expect(progress.length).toBeGreaterThan(20); // one line per page: it read pages, not one blob
    // Only keys are kept: far below what 40,000 device objects would take.
    expect(grown).toBeLessThan(150 * 1024 * 1024);
    const verified = await ninjaOneReconcileStep.verify(
      context(),
      { ...params, failWhenMissingAtLeast: 10 },
      o,
    );
    expect(verified.ok).toBe(false);
    expect(verified.checks[1]).toMatch(/^missing in NinjaOne \(21\): CONTOSO-LT-0105, /);
  }, 60_000);
});
