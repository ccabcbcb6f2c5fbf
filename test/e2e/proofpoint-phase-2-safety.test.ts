// Phase 2's safety rails against the sandbox: MX is never changed before the old TTL expired
// (the step refuses, checked in process so no hour is waited), and a service failing mid-run
// leaves a resumable run that completes without duplicates.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.ts';
import { Redactor } from '../../src/redact.ts';
import { createServices } from '../../src/services/create-services.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { dnsMxTtlStep } from '../../src/services/dns/steps/dns-mx-ttl/index.ts';
import { dnsMxRecordsStep } from '../../src/services/dns/steps/dns-mx-records/index.ts';
import { fastPolicy, sandboxConfig } from '../adapters/support/sandbox-services.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { snapshotOf } from './sandbox-state.ts';

const PP_MX = ['mx1-us1.ppe-hosted.com', 'mx2-us1.ppe-hosted.com'];

describe('phase 2 refuses to change MX before the old TTL has expired', () => {
  it('dns.mx-records answers REFUSED_WINDOW while a resolver may hold the 3600 s MX', async () => {
    const sb = await startSandbox({ seed: 9191, dns: { mxTtl: 3600, minTtl: 1 } });
    try {
      const redactor = new Redactor();
      let clock = Date.now();
      const config = {
        ...sandboxConfig(sb),
        dns: {
          provider: 'cloudflare' as const,
          cloudflareApiToken: sb.dns.cloudflareToken,
          nameserver: sb.dns.nameserver,
        },
      };
      const ctx = (stepId: string): StepContext => ({
        runId: 'run-ttl-1',
        stepId,
        tenantId: sb.tenantId,
        services: createServices(config, redactor, { policy: fastPolicy() }),
        secrets: new FileSecretStore('/nonexistent-ttl-tests'),
        redactor,
        log: { info: () => {}, progress: () => {}, warn: () => {} },
        signal: new AbortController().signal,
        firstAttemptAt: undefined,
        now: () => new Date(clock),
        sleep: async () => {},
      });
      const lowerParams = dnsMxTtlStep.params.parse({
        domains: ['contoso.example'],
        ttl: 300,
        cutoverHosts: PP_MX,
      });
      const lowerPlan = await dnsMxTtlStep.plan(ctx('lower-mx-ttl'), lowerParams);
      const lowered = await dnsMxTtlStep.apply(ctx('lower-mx-ttl'), lowerParams, lowerPlan);
      expect(lowered.outputs.oldTtl).toBe(3600);
      const cutParams = dnsMxRecordsStep.params.parse({
        domains: ['contoso.example'],
        hosts: PP_MX,
        ttl: 300,
        ttlLoweredAt: lowered.outputs.loweredAt,
        oldTtl: lowered.outputs.oldTtl,
      });
      const cutPlan = await dnsMxRecordsStep.plan(ctx('cut-over-mx'), cutParams);
      const refusal = await dnsMxRecordsStep.apply(ctx('cut-over-mx'), cutParams, cutPlan).then(
        () => undefined,
        (error: unknown) => error as { code?: string; message?: string },
      );
      expect(refusal?.code).toBe('REFUSED_WINDOW');
      expect(refusal?.message).toMatch(/refusing to change MX: .* from 3600 s/);
      const mx = Object.values(sb.snapshot().dns!.records).filter(
        (r) => r.type === 'MX' && r.name === 'contoso.example',
      );
      expect(mx.map((r) => r.content)).toEqual(['contoso-example.mail.protection.outlook.com']);
      // Once the old TTL has run out, the same step plans the cutover.
      clock += 3601_000;
      const plan = await dnsMxRecordsStep.plan(ctx('cut-over-mx'), cutParams);
      expect(plan.action).toBe('update');
    } finally {
      await sb.close();
    }
  }, 30_000);
});

describe("Cloudflare's automatic MX TTL", () => {
  it('counts as 300 s for the old-TTL wait, and undo restores automatic', async () => {
    const sb = await startSandbox({ seed: 6161, dns: { automaticTtl: true, minTtl: 60 } });
    try {
      const redactor = new Redactor();
      const config = {
        ...sandboxConfig(sb),
        dns: {
          provider: 'cloudflare' as const,
          cloudflareApiToken: sb.dns.cloudflareToken,
          nameserver: sb.dns.nameserver,
        },
      };
      const ctx: StepContext = {
        runId: 'run-auto-ttl',
        stepId: 'lower-mx-ttl',
        tenantId: sb.tenantId,
        services: createServices(config, redactor, { policy: fastPolicy() }),
        secrets: new FileSecretStore('/nonexistent-ttl-tests'),
        redactor,
        log: { info: () => {}, progress: () => {}, warn: () => {} },
        signal: new AbortController().signal,
        firstAttemptAt: undefined,
        now: () => new Date('2026-12-05T22:00:00Z'),
        sleep: async () => {},
      };
      const params = dnsMxTtlStep.params.parse({
        domains: ['contoso.example'],
        ttl: 120,
        cutoverHosts: PP_MX,
      });
      const plan = await dnsMxTtlStep.plan(ctx, params);
      expect(plan.action).toBe('update');
      expect(plan.changes).toEqual([{ path: 'contoso.example MX TTL', before: 300, after: 120 }]);
      const applied = await dnsMxTtlStep.apply(ctx, params, plan);
      expect(applied.outputs).toMatchObject({ oldTtl: 300, safeAfter: '2026-12-05T22:05:00.000Z' });
      const ttls = () =>
        Object.values(sb.snapshot().dns!.records)
          .filter((r) => r.type === 'MX' && r.name === 'contoso.example')
          .map((r) => `${r.ttl}${r.automatic ? ' automatic' : ''}`);
      expect(ttls()).toEqual(['120']);
      await dnsMxTtlStep.undo!(ctx, applied.undo!);
      expect(ttls()).toEqual(['300 automatic']);
      // A TTL of 1 is refused before any write: Cloudflare would read it as automatic (300 s).
      const one = dnsMxTtlStep.params.parse({ domains: ['contoso.example'], ttl: 1 });
      const refused = await dnsMxTtlStep.plan(ctx, one).then(
        () => undefined,
        (error: unknown) => error as { code?: string; message?: string },
      );
      expect(refused?.code).toBe('INPUT_INVALID');
      expect(refused?.message).toMatch(/means "automatic"/);
    } finally {
      await sb.close();
    }
  }, 30_000);
});

describe('a fault in the middle of phase 2', () => {
  it('leaves a resumable run that completes with no duplicates', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    mkdirSync(path.join(stateDir, 'sandbox'), { recursive: true });
    const seeded = await startSandbox({
      stateFile: path.join(stateDir, 'sandbox', 'state.json'),
      dns: { mxTtl: 2, minTtl: 1 },
    });
    await seeded.close();
    const state = ['--sandbox', '--state-dir', stateDir];
    const failed = await runCli(
      [
        'proofpoint',
        '--phase',
        '2',
        ...state,
        '--sandbox-fault',
        'kind=status,status=503,service=dns,method=PUT,times=6',
      ],
      { cwd },
    );
    expect(failed.code, failed.stderr).toBe(1);
    const runId = /sop-integrate resume ([\w-]+)/.exec(failed.stderr)?.[1] ?? '';
    expect(failed.stdout).toMatch(/applied proofpoint-domains/);
    expect(runId).not.toBe('');
    const resumed = await runCli(['resume', runId, ...state], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = await snapshotOf(stateDir);
    const names = (records: Record<string, { Name: string }>) => Object.values(records).map((r) => r.Name);
    expect(
      names(after.exchange.inboundConnectors).filter((n) => n === 'Inbound from Proofpoint'),
    ).toHaveLength(1);
    expect(
      names(after.exchange.outboundConnectors).filter((n) => n === 'Outbound to Proofpoint'),
    ).toHaveLength(1);
    expect(
      names(after.exchange.transportRules).filter((n) => n === 'Route Outbound via Proofpoint'),
    ).toHaveLength(1);
    const apps = Object.values(after.directory.applications).map((a) => a.displayName);
    expect(apps.filter((n) => n === 'Proofpoint-Directory-Sync')).toHaveLength(1);
    expect(apps.filter((n) => n === 'Proofpoint-TRAP')).toHaveLength(1);
    const mx = Object.values(after.dns!.records).filter(
      (r) => r.type === 'MX' && r.name === 'contoso.example',
    );
    expect(mx.map((r) => r.content).sort()).toEqual(PP_MX);
  }, 90_000);
});
