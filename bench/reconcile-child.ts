// Child of the reconciliation benchmark: `transfer` pages through both device lists and drops
// them; `reconcile` runs the ninjaone.reconcile step over the same pages.
import { createServices } from '../src/services/create-services.ts';
import { createHttpPolicy } from '../src/core/http/index.ts';
import { Redactor } from '../src/redact.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import type { StepContext } from '../src/steps/contract.ts';
import {
  NinjaOneReconcileParams,
  reconcile,
} from '../src/services/ninjaone/steps/ninjaone-reconcile/index.ts';
import { reportFromChild } from './child-rss.ts';

const [mode = 'reconcile', devices = '100000'] = process.argv.slice(2);
const sb = await startSandbox({ seed: 4242 });
sb.ninjaone.seedSyntheticFleet(Number(devices));
const redactor = new Redactor();
const config = {
  tenantId: sb.tenantId,
  credential: {
    kind: 'client-secret' as const,
    tenantId: sb.tenantId,
    clientId: sb.credentials.clientId,
    clientSecret: sb.credentials.clientSecret,
  },
  endpoints: sb.endpoints,
  stateDir: '/nonexistent',
  secretStore: { kind: 'file' as const, dir: '/nonexistent' },
  public: {},
  inputs: {},
  ninjaone: {
    region: sb.ninjaone.baseUrl,
    clientId: sb.ninjaone.clientId,
    clientSecret: sb.ninjaone.clientSecret,
  },
};
const services = createServices(config, redactor, { policy: createHttpPolicy({ timeoutMs: 60_000 }) });
const params = NinjaOneReconcileParams.parse({ organization: 'Contoso Ltd' });
const started = performance.now();
let counted = 0;
if (mode === 'transfer') {
  const ninja = await services.ninjaone();
  const graph = await services.graph();
  const org = await ninja.findOrganization('Contoso Ltd');
  for await (const page of ninja.devicePages('devices-detailed', {
    df: `org = ${String(org?.id)}`,
    pageSize: params.pageSize,
  }))
    counted += page.length;
  for await (const page of graph.managedDevicePages(params.pageSize)) counted += page.length;
} else {
  const ctx = {
    runId: 'bench',
    stepId: 'reconcile',
    tenantId: sb.tenantId,
    services,
    secrets: {
      kind: 'file',
      put: async () => ({ store: 'file', name: '' }),
      get: async () => undefined,
      delete: async () => {},
      describe: (n: string) => n,
    },
    redactor,
    log: { info: () => {}, progress: () => {}, warn: () => {} },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
  } as unknown as StepContext;
  const o = await reconcile(ctx, params);
  counted = Number(o.ninjaDevices) + Number(o.intuneDevices);
}
const wallMs = performance.now() - started;
await sb.close();
reportFromChild({ wallMs, devices: counted });
