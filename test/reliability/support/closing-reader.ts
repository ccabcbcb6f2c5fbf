// Runs the built CLI in a child process, optionally with a reader that goes away as
// `sop-integrate ... | head -N` does: the read side of the child's stdout (or stderr) is closed
// after N lines (0: before the child writes anything), so the child's next write meets a closed
// pipe (EPIPE), exactly as with head. A child still running after `timeoutMs` is killed, so a
// hang fails the case instead of leaving a spinning process behind.
import { spawn } from 'node:child_process';
import { cliPath } from '../../cli/run-cli.ts';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The stdout lines read (all of them, or those read before the reader went away). */
  lines: string[];
  /** stderr as read (empty when its reader went away). */
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Close this stream's reader after `afterLines` lines (0: at once; stderr: only 0). */
  closeReader?: { stream: 'stdout' | 'stderr'; afterLines: number };
  /** Called with each stdout line read (e.g. to act at a point of the run). */
  onLine?: (line: string) => void;
  timeoutMs?: number;
}

export function runCliChild(args: string[], options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CI: '1', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    const close = options.closeReader;
    const limit = close?.stream === 'stdout' ? close.afterLines : Number.POSITIVE_INFINITY;
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (lines.length >= limit) break;
        lines.push(line);
        options.onLine?.(line);
      }
      if (lines.length >= limit) child.stdout.destroy();
    });
    if (close?.afterLines === 0) (close.stream === 'stdout' ? child.stdout : child.stderr).destroy();
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (partial !== '' && lines.length < limit) lines.push(partial);
      resolve({ code, signal, lines, stderr });
    });
  });
}
