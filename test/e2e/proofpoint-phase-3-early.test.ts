// Phase 3 before phase 2, through the built CLI: MX still points at Microsoft, so the inbound test
// message bypasses Proofpoint and verification fails saying so (and why).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run-cli.ts';
import { driveToEnd } from './approve-loop.ts';

describe('proofpoint phase 3 before phase 2', () => {
  it('fails verification with the MX and the bypassing route named', async () => {
    const cwd = tempDir();
    const stateArgs = ['--sandbox', '--rehearse', '--state-dir', path.join(cwd, 'state')];
    const early = await driveToEnd(['proofpoint', '--phase', '3'], stateArgs, cwd);
    expect(early.approved).toEqual(['inbound-test']);
    expect(early.last.code).toBe(1);
    expect(early.last.stderr).toMatch(
      /MX of contoso\.example at \S+ is 0 contoso-example\.mail\.protection\.outlook\.com, not Proofpoint: inbound mail does not reach Proofpoint yet/,
    );
    expect(early.last.stderr).toMatch(
      /arrived from 203\.0\.113\.25, not from Proofpoint's IPs .*it bypassed Proofpoint/,
    );
  }, 60_000);
});
