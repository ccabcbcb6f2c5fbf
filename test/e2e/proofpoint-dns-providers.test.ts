// Phase 2's MX cutover through the built CLI with each DNS provider the sandbox emulates besides
// Cloudflare (which the other end-to-end tests use): Azure DNS (etag-guarded record sets) and
// Route 53 (change batches waited to INSYNC). The same proofs: the authoritative server answers
// Proofpoint's MX, a re-run plans nothing, rollback restores the zone and the tenant exactly, and
// no provider credential reaches any output.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { authoritativeMx, seedShortTtl, snapshotOf, withSandboxState } from './sandbox-state.ts';
import { findSecrets } from './secret-scan.ts';

/** The request each provider's plan names for the MX swap. */
const MX_SWAP_CALL = {
  azure: 'azure PUT recordsets/MX (If-Match etag)',
  route53: 'route53 ChangeResourceRecordSets MX, then GetChange until INSYNC',
};

describe.each(['azure', 'route53'] as const)('proofpoint phase 2 with the %s DNS provider', (provider) => {
  it('cuts MX over, re-runs as noop, and rolls back exactly', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    const args = ['--sandbox', '--sandbox-dns', provider, '--state-dir', stateDir];
    await seedShortTtl(stateDir);
    const secrets = await withSandboxState(stateDir, (sb) => [
      sb.dns.cloudflareToken,
      sb.dns.route53.secretAccessKey,
    ]);
    const before = await snapshotOf(stateDir);

    const dry = await runCli(['proofpoint', '--phase', '2', ...args, '--dry-run', '--verbose'], { cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout + dry.stderr).toContain(MX_SWAP_CALL[provider]);

    const applied = await runCli(['proofpoint', '--phase', '2', ...args, '--output', 'json'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
    expect(await authoritativeMx(stateDir)).toEqual([
      '10 mx1-us1.ppe-hosted.com',
      '20 mx2-us1.ppe-hosted.com',
    ]);
    const runId = applied.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; runId?: string })
      .find((event) => event.type === 'run.started')?.runId;
    expect(runId, applied.stdout).toMatch(/\S/);

    const again = await runCli(['proofpoint', '--phase', '2', ...args, '--dry-run'], { cwd });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to delete/);

    const rolledBack = await runCli(['rollback', runId!, ...args], { cwd });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    await withSandboxState(stateDir, (sandbox) => {
      const diff = sandbox.diff(before, sandbox.snapshot());
      expect(isEmptyDiff(diff), JSON.stringify(diff, null, 1)).toBe(true);
    });
    expect(await authoritativeMx(stateDir)).toEqual(['0 contoso-example.mail.protection.outlook.com']);

    const outputs = Object.fromEntries(
      Object.entries({ dry, applied, again, rolledBack }).flatMap(([name, r]) => [
        [`${name} stdout`, r.stdout],
        [`${name} stderr`, r.stderr],
      ]),
    );
    expect(findSecrets(secrets, outputs)).toEqual([]);
  }, 150_000);
});
