// Start-up: `sop-integrate --help` and `--version` against bare `node -e 0`, median of runs.
import { fileURLToPath } from 'node:url';
import { medianOf, runChild } from './measure.ts';

const cli = fileURLToPath(new URL('../bin/sop-integrate.js', import.meta.url));

export interface StartupResult {
  baselineMs: number;
  helpMs: number;
  versionMs: number;
  helpRatio: number;
  versionRatio: number;
}

export async function benchStartup(runs = 15): Promise<StartupResult> {
  const time = (args: string[]) => async () => (await runChild(process.execPath, args)).wallMs;
  const baselineMs = await medianOf(runs, time(['-e', '0']));
  const helpMs = await medianOf(runs, time([cli, '--help']));
  const versionMs = await medianOf(runs, time([cli, '--version']));
  return {
    baselineMs,
    helpMs,
    versionMs,
    helpRatio: helpMs / baselineMs,
    versionRatio: versionMs / baselineMs,
  };
}
