// `npm run bench`: every benchmark, a table of figures (ratios against baselines measured in the
// same run) and bench/results.json. Figures, not pass/fail: targets are printed beside them.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchStartup } from './startup.ts';

interface Row {
  name: string;
  figure: string;
  target: string;
  detail: string;
}

const rows: Row[] = [];
const results: Record<string, unknown> = { node: process.version, platform: `${process.platform}-${process.arch}`, at: new Date().toISOString() };

const only = process.argv.slice(2);
const want = (name: string): boolean => only.length === 0 || only.includes(name);

if (want('startup')) {
  const r = await benchStartup();
  results.startup = r;
  rows.push({ name: 'start-up --help', figure: `${r.helpRatio.toFixed(2)}x`, target: '<= 1.5x', detail: `${r.helpMs.toFixed(1)} ms vs node -e 0 ${r.baselineMs.toFixed(1)} ms` });
  rows.push({ name: 'start-up --version', figure: `${r.versionRatio.toFixed(2)}x`, target: '<= 1.5x', detail: `${r.versionMs.toFixed(1)} ms` });
}

const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => r[key].length));
const line = (r: Row) => (['name', 'figure', 'target', 'detail'] as const).map((k) => r[k].padEnd(width(k))).join('  ');
console.log(line({ name: 'benchmark', figure: 'figure', target: 'target', detail: 'detail' }));
for (const r of rows) console.log(line(r));
await writeFile(fileURLToPath(new URL('./results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
