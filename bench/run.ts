// `npm run bench`: every benchmark, a table of figures (ratios against baselines measured in the
// same run) and bench/results.json. Figures, not pass/fail: targets are printed beside them.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchFleet } from './fleet.ts';
import { benchPackaging } from './packaging.ts';
import { benchPlanLatency } from './plan-latency.ts';
import { benchReconcile } from './reconcile.ts';
import { benchStartup } from './startup.ts';
import { benchThrottling } from './throttling.ts';

interface Row {
  name: string;
  figure: string;
  target: string;
  detail: string;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  at: new Date().toISOString(),
};

const only = process.argv.slice(2);
const want = (name: string): boolean => only.length === 0 || only.includes(name);

if (want('startup')) {
  const r = await benchStartup();
  results.startup = r;
  rows.push({
    name: 'start-up --help',
    figure: `${r.helpRatio.toFixed(2)}x`,
    target: '<= 1.5x',
    detail: `${r.helpMs.toFixed(1)} ms vs node -e 0 ${r.baselineMs.toFixed(1)} ms`,
  });
  rows.push({
    name: 'start-up --version',
    figure: `${r.versionRatio.toFixed(2)}x`,
    target: '<= 1.5x',
    detail: `${r.versionMs.toFixed(1)} ms`,
  });
}

if (want('plan-latency')) {
  const r = await benchPlanLatency();
  results.planLatency = r;
  rows.push({
    name: 'plan latency (pp phase 2)',
    figure: `${r.ratio.toFixed(2)}x`,
    target: '<= 1.3x',
    detail: `${r.wallMs.toFixed(0)} ms vs ${r.latencyMs} ms x chain ${r.chain} (${r.chainPath.join(' > ')}); ${r.requests} requests`,
  });
}

if (want('throttling')) {
  const r = await benchThrottling();
  results.throttling = r;
  rows.push({
    name: 'throttling 30% 429',
    figure: `${r.ratio.toFixed(2)}x`,
    target: '0 failures',
    detail: `${r.outcome}, ${r.failures} failures, ${r.throttled} x 429, wall ${(r.wallMs / 1000).toFixed(1)} s`,
  });
}

if (want('fleet')) {
  const r = await benchFleet();
  results.fleet = r;
  rows.push({
    name: 'fleet 200 / 20',
    figure: `${r.ratio.toFixed(2)}x`,
    target: '<= 1.25x, <= 250 MB',
    detail: `${(r.wallMs / 1000).toFixed(1)} s, one tenant ${r.oneTenantMs.toFixed(0)} ms, RSS ${r.maxRssMb.toFixed(0)} MB, ${JSON.stringify(r.outcomes)}`,
  });
}

if (want('reconcile')) {
  const r = await benchReconcile();
  results.reconcile = r;
  rows.push({
    name: 'reconcile 100k x 100k',
    figure: `+${(r.beyondTransferMs / 1000).toFixed(1)} s`,
    target: '<= 300 MB',
    detail: `transfer ${(r.transferMs / 1000).toFixed(1)} s, total ${(r.reconcileMs / 1000).toFixed(1)} s, RSS ${r.maxRssMb.toFixed(0)} MB`,
  });
}

if (want('packaging')) {
  const r = await benchPackaging();
  results.packaging = r;
  const figure = r.ratio === undefined ? `${(r.packMs / 1000).toFixed(1)} s` : `${r.ratio.toFixed(2)}x`;
  const baseline =
    r.baselineMs === undefined
      ? `baseline skipped (${r.skipped.join(', ')} absent)`
      : `zip+openssl+sha256sum ${(r.baselineMs / 1000).toFixed(1)} s`;
  rows.push({
    name: 'packaging 200 MB',
    figure,
    target: '<= 1.1x, <= 100 MB',
    detail: `${(r.packMs / 1000).toFixed(1)} s vs ${baseline}, RSS ${r.maxRssMb.toFixed(0)} MB`,
  });
}

const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => r[key].length));
const line = (r: Row) =>
  (['name', 'figure', 'target', 'detail'] as const).map((k) => r[k].padEnd(width(k))).join('  ');
console.log(line({ name: 'benchmark', figure: 'figure', target: 'target', detail: 'detail' }));
for (const r of rows) console.log(line(r));
await writeFile(
  fileURLToPath(new URL('./results.json', import.meta.url)),
  `${JSON.stringify(results, null, 2)}\n`,
);
