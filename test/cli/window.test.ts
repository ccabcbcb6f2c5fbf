// Change windows: outside the window a mutating step stops before the mutation (exit 5);
// dry runs are always allowed; a malformed window is invalid input (exit 2).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../e2e/sandbox-state.ts';
import { runCli, tempDir } from './run-cli.ts';

const past = '2020-01-04T22:00:00Z/2020-01-05T02:00:00Z';

describe('change window', () => {
  it('refuses a mutation outside the window with exit 5 and changes nothing', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    const result = await runCli(
      ['proofpoint', '--phase', '2', '--sandbox', '--state-dir', stateDir, '--window', past],
      { cwd },
    );
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /REFUSED_WINDOW.*step directory-sync-app would change the tenant .* after the change window/,
    );
    const state = await snapshotOf(stateDir);
    expect(
      Object.values(state.directory.applications).filter((a) => a.displayName.startsWith('Proofpoint')),
    ).toEqual([]);
  });

  it('allows a dry run outside the window, and a run inside it', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    const dry = await runCli(
      ['proofpoint', '--phase', '2', '--sandbox', '--state-dir', stateDir, '--window', past, '--dry-run'],
      { cwd },
    );
    expect(dry.code).toBe(0);
    const now = Date.now();
    const open = `${new Date(now - 60_000).toISOString()}/${new Date(now + 3_600_000).toISOString()}`;
    const inside = await runCli(
      ['proofpoint', '--phase', '2', '--sandbox', '--state-dir', stateDir, '--window', open],
      { cwd },
    );
    expect(inside.code).toBe(0);
  });

  it.each([['2026-12-05/2026-12-06'], ['2026-12-06T02:00:00Z/2026-12-05T22:00:00Z'], ['tomorrow']])(
    'rejects --window %s with exit 2',
    async (window) => {
      const result = await runCli(['proofpoint', '--phase', '2', '--sandbox', '--window', window]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--window/);
    },
  );
});
