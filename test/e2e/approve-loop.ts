// Drives a --rehearse run to its end non-interactively: every stop for a gate or a manual step is
// answered with `sop-integrate approve <run-id>` (as the right role, with evidence), then resumed.
import { expect } from 'vitest';
import { runCli, type CliResult } from '../cli/run-cli.ts';

export interface Driven {
  runId: string;
  last: CliResult;
  /** Gates and manual steps approved, in order. */
  approved: string[];
}

export async function driveToEnd(args: string[], stateArgs: string[], cwd: string): Promise<Driven> {
  let last = await runCli([...args, ...stateArgs], { cwd });
  const runId =
    /Run (\S+):/.exec(last.stdout)?.[1] ?? /sop-integrate approve (\S+)/.exec(last.stderr)?.[1] ?? '';
  const approved: string[] = [];
  const stateDir = stateArgs[stateArgs.indexOf('--state-dir') + 1] ?? '';
  while (last.code === 3) {
    const gate = /gate (\S+) needs approval by (\S+)/.exec(last.stderr);
    const manual = /step (\S+) needs an operator/.exec(last.stderr);
    const approval = gate
      ? [
          '--gate',
          gate[1] ?? '',
          '--as',
          'Kim Akers',
          '--role',
          gate[2] ?? '',
          '--evidence',
          'changeId=CHG-4711',
        ]
      : ['--gate', manual?.[1] ?? '', '--as', 'Ops', '--role', 'operator'];
    expect(approval[1], last.stderr).not.toBe('');
    approved.push(approval[1] ?? '');
    const confirmed = await runCli(['approve', runId, ...approval, '--state-dir', stateDir], { cwd });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    last = await runCli(['resume', runId, ...stateArgs], { cwd });
  }
  return { runId, last, approved };
}
