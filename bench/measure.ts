// Small measuring helpers shared by the benchmarks: medians of repeated runs and child-process
// wall time.
import { spawn } from 'node:child_process';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface ChildRun {
  wallMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command, timing it from this process (spawn to exit). */
export function runChild(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      resolve({ wallMs, code, stdout, stderr });
    });
  });
}

/** Repeat an async measurement and keep the median (after one warm-up). */
export async function medianOf(times: number, run: () => Promise<number>): Promise<number> {
  await run();
  const values: number[] = [];
  for (let i = 0; i < times; i += 1) values.push(await run());
  return median(values);
}
