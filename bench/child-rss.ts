// Runs a benchmark part in a child node process and reads its peak RSS from the child itself
// (process.resourceUsage().maxRSS, printed as the last JSON line), so the parent's memory and the
// sandbox it may host never count.
import { fileURLToPath } from 'node:url';
import { runChild } from './measure.ts';

export async function inChild<T>(
  script: string,
  args: string[],
): Promise<T & { maxRssMb: number; childWallMs: number }> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  // A .js child runs the built tool (dist/) with no TypeScript loader in its memory.
  const loader = file.endsWith('.js')
    ? []
    : ['--experimental-transform-types', '--disable-warning=ExperimentalWarning'];
  const run = await runChild(process.execPath, [...loader, file, ...args]);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code !== 0 || !last.startsWith('{'))
    throw new Error(`${script} failed (${String(run.code)}): ${run.stderr.slice(-2000)}`);
  return { ...(JSON.parse(last) as T & { maxRssMb: number }), childWallMs: run.wallMs };
}

/** The line a child prints last. */
export function reportFromChild(value: Record<string, unknown>): void {
  console.log(JSON.stringify({ ...value, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}
