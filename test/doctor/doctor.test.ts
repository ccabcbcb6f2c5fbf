// doctor checks grants as they are in the tenant: a permission revoked after consent, or a
// directory role removed, is reported with how to fix it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../src/core/credentials/index.ts';
import { runDoctor } from '../../src/doctor/run-doctor.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { sandboxConfig, sandboxServices } from '../adapters/support/sandbox-services.ts';

describe('doctor against the sandbox tenant', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await startSandbox();
  });
  afterEach(async () => {
    await sb.close();
  });

  const requirements = {
    graph: ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'Directory.Read.All'],
    exchange: ['Exchange.ManageAsApp'],
    roles: ['Exchange Administrator'],
  };

  function doctor() {
    const redactor = new Redactor();
    const config = sandboxConfig(sb);
    return runDoctor({
      config,
      services: sandboxServices(sb, redactor),
      credential: createCredential(config.credential, config.endpoints, { redactor }),
      requirements,
    });
  }

  it('passes every check for the seeded automation identity', async () => {
    const checks = await doctor();
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.what)).toEqual(
      expect.arrayContaining([
        'Microsoft Graph application permission Directory.Read.All granted (admin consent)',
        'Office 365 Exchange Online application permission Exchange.ManageAsApp granted (admin consent)',
        "Entra role Exchange Administrator assigned to the tool's service principal",
      ]),
    );
  });

  it('reports a revoked permission and a removed role, with the fix', async () => {
    const redactor = new Redactor();
    const graph = await sandboxServices(sb, redactor).graph();
    const self = await graph.getServicePrincipalByAppId(sb.credentials.clientId);
    const graphSp = await graph.getServicePrincipalByAppId('00000003-0000-0000-c000-000000000000');
    if (!self || !graphSp) throw new Error('seeded principals missing');
    const directoryRead = graphSp.appRoles.find((r) => r.value === 'Directory.Read.All');
    const grant = (await graph.listAppRoleAssignments(self.id)).find(
      (a) => a.appRoleId === directoryRead?.id,
    );
    if (!grant) throw new Error('seeded grant missing');
    await graph.revokeAppRoleAssignment(graphSp.id, grant.id);
    for (const role of await graph.listRoleAssignments(self.id)) await graph.removeRoleAssignment(role.id);

    const failed = (await doctor()).filter((c) => !c.ok);
    expect(failed.map((c) => c.what)).toEqual([
      'Microsoft Graph application permission Directory.Read.All granted (admin consent)',
      "Entra role Exchange Administrator assigned to the tool's service principal",
    ]);
    expect(failed[0]?.fix).toMatch(
      /API permissions > Add a permission > Microsoft Graph > Application permissions > Directory.Read.All/,
    );
    expect(failed[1]?.fix).toMatch(/Roles and administrators > Exchange Administrator > Add assignments/);
  });

  it('reports a wrong client secret as a failed token check, not a crash', async () => {
    const redactor = new Redactor();
    const config = sandboxConfig(sb);
    config.credential.clientSecret = 'not-the-secret';
    const checks = await runDoctor({
      config,
      services: sandboxServices(sb, redactor),
      credential: createCredential(config.credential, config.endpoints, { redactor }),
      requirements,
    });
    expect(checks.find((c) => c.what.startsWith('token for graph'))).toMatchObject({ ok: false });
    expect(JSON.stringify(checks)).not.toContain('not-the-secret');
  });
});
