// `sandbox send` as a script would use it: exit 0 and a JSON line for a delivered message, exit 1
// for a rejected one (here: Proofpoint refuses a domain it does not host, after MX moved to it
// in a state changed out of band), exit 2 for bad input.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.ts';

describe('sop-integrate sandbox send', () => {
  it('exits 0 with --output json when delivered, 1 when rejected, 2 on a bad address', async () => {
    const cwd = tempDir('sop-send-');
    const stateDir = path.join(cwd, 'state');
    const args = ['sandbox', 'send', '--state-dir', stateDir];
    const delivered = await runCli(
      [...args, '--from', 'pat@external.example', '--to', 'adele.vance@contoso.example', '--output', 'json'],
      { cwd },
    );
    expect(delivered.code, delivered.stderr).toBe(0);
    const line = JSON.parse(delivered.stdout.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      delivered: true,
      direction: 'inbound',
      route: 'direct',
      status: 'Delivered',
    });

    // An admin points MX at Proofpoint by hand before the domain was added there.
    const { startSandbox } = await import('../../src/sandbox/index.ts');
    const sb = await startSandbox({ stateFile: path.join(stateDir, 'sandbox', 'state.json') });
    try {
      const zone = (await fetch(`${sb.endpoints.dnsApi}/zones?name=contoso.example`, {
        headers: { authorization: `Bearer ${sb.dns.cloudflareToken}` },
      }).then((r) => r.json())) as { result: Array<{ id: string }> };
      const created = await fetch(`${sb.endpoints.dnsApi}/zones/${zone.result[0]!.id}/dns_records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sb.dns.cloudflareToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'MX',
          name: 'contoso.example',
          content: 'mx1-us1.ppe-hosted.com',
          priority: 0,
          ttl: 60,
        }),
      });
      expect(created.status).toBe(200);
      const records = `${sb.endpoints.dnsApi}/zones/${zone.result[0]!.id}/dns_records`;
      const auth = { authorization: `Bearer ${sb.dns.cloudflareToken}` };
      const listed = (await fetch(`${records}?type=MX&name=contoso.example`, { headers: auth }).then((r) =>
        r.json(),
      )) as { result: Array<{ id: string; content: string }> };
      const microsoft = listed.result.find((r) => r.content.endsWith('.mail.protection.outlook.com'));
      const removed = await fetch(`${records}/${microsoft!.id}`, { method: 'DELETE', headers: auth });
      expect(removed.status).toBe(200);
    } finally {
      await sb.close();
    }
    const rejected = await runCli(
      [
        ...args,
        '--from',
        'pat@external.example',
        '--to',
        'adele.vance@contoso.example',
        '--resolver',
        'fresh',
      ],
      { cwd },
    );
    expect(rejected.code, rejected.stdout).toBe(1);
    expect(rejected.stdout).toMatch(/Failed, route rejected/);
    expect(rejected.stdout).toMatch(/relaying denied/);

    const bad = await runCli([...args, '--from', 'not-an-address', '--to', 'adele.vance@contoso.example'], {
      cwd,
    });
    expect(bad.code).toBe(2);
  }, 60_000);
});
