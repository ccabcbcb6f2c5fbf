import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSandboxForeground } from '../../src/sandbox/cli-start.ts';
import { tokenFor } from './helpers.ts';

describe('runSandboxForeground', () => {
  it('prints the base URLs and the sandbox-only credentials that actually work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-sandbox-cli-'));
    const lines: string[] = [];
    const sandbox = await runSandboxForeground(
      {
        stateFile: join(dir, 'state.json'),
        latencyMs: 5,
        faults: [{ service: 'graph', kind: 'latency', ms: 1 }],
        seed: 2468,
      },
      (line) => lines.push(line),
    );
    try {
      const text = lines.join('\n');
      expect(text).toContain(sandbox.url);
      expect(text).toContain(`${sandbox.url}/graph/v1.0`);
      expect(text).toContain(sandbox.tenantId);
      expect(text).toContain(sandbox.credentials.clientId);
      expect(text).toMatch(
        new RegExp(
          `${sandbox.credentials.clientSecret.replace(/[.*+?^${}()|[\]\\~]/g, '\\$&')}.*sandbox-only`,
        ),
      );
      expect(text).toContain(`${sandbox.dns.nameserver.host}:${sandbox.dns.nameserver.port}`);
      expect(text).toContain(`subscription ${sandbox.dns.azure.subscriptionId}`);
      expect(text).toContain(
        `key ${sandbox.dns.route53.accessKeyId} / ${sandbox.dns.route53.secretAccessKey}`,
      );
      expect(text).toContain(sandbox.dns.cloudflareToken);
      expect(text).toContain(join(dir, 'state.json'));
      expect(text).toContain('+5 ms');
      expect(text).toContain('1 active');
      expect(await tokenFor(sandbox)).toMatch(/^sbx\./);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
