// Faults on the sign-in path only: the built CLI signs in to the sandbox tenant through
// @azure/identity (MSAL over HTTPS), and the token endpoint answers 429 with Retry-After, 503 and
// connection resets as a real tenant's would. The run completes, or stops cleanly and `resume`
// finishes it; the tenant ends as after a clean run, and no secret reaches any output.
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli/run-cli.ts';
import { withSandboxState } from '../e2e/sandbox-state.ts';
import { cleanRun, proofpointPhase2, seededStateDir } from './support/clean-run.ts';
import { expectNoSecrets } from './support/no-secrets.ts';
import { stateSignature } from './support/state-signature.ts';

const expected = (await cleanRun(proofpointPhase2)).signature;

const mixes: Record<string, string[]> = {
  'token endpoint 429 Retry-After 1 s, twice': [
    'service=login,path=oauth2/v2.0/token,kind=status,status=429,retryAfterSeconds=1,times=2',
  ],
  'token endpoint 503 and a reset, OpenID metadata reset once': [
    'service=login,path=oauth2/v2.0/token,kind=status,status=503,times=1',
    'service=login,path=oauth2/v2.0/token,kind=reset,nth=2',
    'service=login,path=openid-configuration,kind=reset,times=1',
  ],
};

describe('faults on the sign-in path (@azure/identity against the sandbox authority)', () => {
  it.concurrent.each(Object.entries(mixes))(
    '%s',
    async (_name, faults) => {
      const { cwd, stateDir, initial } = await seededStateDir('sop-login-faults-');
      const sandbox = ['--sandbox', '--state-dir', stateDir];
      const outputs: Record<string, CliResult> = {};
      const args = ['proofpoint', '--phase', '2', ...sandbox, '--output', 'json'];
      outputs.first = await runCli([...args, ...faults.flatMap((f) => ['--sandbox-fault', f])], { cwd });
      expect([0, 1], outputs.first.stderr).toContain(outputs.first.code);
      if (outputs.first.code === 1) {
        const runId = /"runId":"([^"]+)"/.exec(outputs.first.stdout)?.[1] ?? '';
        outputs.resumed = await runCli(['resume', runId, ...sandbox], { cwd });
        expect(outputs.resumed.code, outputs.resumed.stderr).toBe(0);
      }
      await withSandboxState(stateDir, (sb) => {
        expect(stateSignature(sb.diff(initial, sb.snapshot()))).toEqual(expected);
      });
      await expectNoSecrets(
        stateDir,
        Object.fromEntries(
          Object.entries(outputs).flatMap(([n, r]) => [
            [`${n} stdout`, r.stdout],
            [`${n} stderr`, r.stderr],
          ]),
        ),
      );
    },
    180_000,
  );
});
