// doctor says plainly whether portal steps can be verified: the service-principal sign-in log
// needs Entra ID P1/P2 (and AuditLog.Read.All). Without it, a warning (the run still works, the
// portal steps are recorded UNVERIFIED), not a failed check.
import { afterEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../src/core/credentials/index.ts';
import { runDoctor } from '../../src/doctor/run-doctor.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { sandboxConfig, sandboxServices } from '../adapters/support/sandbox-services.ts';

const WHAT = 'Entra service-principal sign-in log readable (portal steps can be verified)';

describe('doctor: sign-in log for the portal steps', () => {
  let sb: Sandbox | undefined;
  afterEach(async () => {
    await sb?.close();
  });

  async function doctor(graph: string[]) {
    const redactor = new Redactor();
    const config = sandboxConfig(sb!);
    return runDoctor({
      config,
      services: sandboxServices(sb!, redactor),
      credential: createCredential(config.credential, config.endpoints, { redactor }),
      requirements: { graph, exchange: [], roles: [] },
    });
  }

  it('passes without a warning in a P1/P2 tenant', async () => {
    sb = await startSandbox({ seed: 811 });
    const check = (await doctor(['AuditLog.Read.All'])).find((c) => c.what === WHAT);
    expect(check).toEqual({ ok: true, what: WHAT });
  });

  it('warns, naming the licence and the UNVERIFIED fallback, in a tenant without P1/P2', async () => {
    sb = await startSandbox({ seed: 812, entraIdPremium: false });
    const checks = await doctor(['AuditLog.Read.All']);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    const check = checks.find((c) => c.what === WHAT);
    expect(check?.ok).toBe(true);
    expect(check?.warning).toMatch(/no Microsoft Entra ID P1\/P2 licence/);
    expect(check?.warning).toMatch(/Authentication_RequestFromNonPremiumTenantOrB2CTenant/);
    expect(check?.warning).toMatch(/recorded as UNVERIFIED/);
  });

  it('does not probe the log for runbooks that never read it', async () => {
    sb = await startSandbox({ seed: 813, entraIdPremium: false });
    const checks = await doctor(['Application.ReadWrite.All']);
    expect(checks.find((c) => c.what === WHAT)).toBeUndefined();
    expect(sb.requests.some((r) => r.path.endsWith('/auditLogs/signIns'))).toBe(false);
  });
});
