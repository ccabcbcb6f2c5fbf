// Crash anywhere in ninjaone phase 1: every mutation point of a clean run (read from the sandbox
// request log) is hit by a SIGKILL both when the call arrives (crash-before) and once the service
// applied it (crash-after); `unlock` + `resume` must give the clean run's effect and `rollback`
// the seeded state. See docs/reliability.md.
import { describe, expect, it } from 'vitest';
import { ninjaonePhase1 } from './support/clean-run.ts';
import { runCrashCase } from './support/crash-case.ts';
import { crashCasesOf } from './support/crash-cases.ts';

const { points, cases } = await crashCasesOf(ninjaonePhase1, () => ['crash-before', 'crash-after']);

describe('ninjaone phase 1: crash at every mutation point, then unlock, resume, rollback', () => {
  it('found the app, content, upload, commit, category and assignment calls', () => {
    expect(points.map((p) => `${p.service} ${p.method}`)).toEqual([
      'graph POST',
      'graph POST',
      'graph POST',
      'blob PUT',
      'blob PUT',
      'graph POST',
      'graph PATCH',
      'graph POST', // categories/$ref
      'graph POST',
    ]);
  });
  it.concurrent.each(cases)('$name', async (c) => runCrashCase(c), 300_000);
});
