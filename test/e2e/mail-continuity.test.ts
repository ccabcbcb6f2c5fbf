// Mail continuity through proofpoint phase 2, for every DNS provider the sandbox emulates: at every
// step boundary (each gate, each step applied and verified, every tick of every wait) an external
// sender mails the tenant (with and without TLS) and a user mails out, each through the DNS
// answers a resolver may still cache (rrset-history.ts), and after the rollback too. Every message
// must be delivered; once the old MX can no longer be cached, inbound mail must come through
// Proofpoint, and once the routing rule exists, outbound mail too. Crashes at each mutation point
// are covered by test/reliability (crash-case.ts sends the same mail after each crash).
import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/cli/prepare-run.ts';
import type { Printer } from '../../src/cli/printer.ts';
import { runbookPath } from '../../src/cli/runbook-files.ts';
import { rollbackRun, runRunbook } from '../../src/engine/index.ts';
import type { RunEvent } from '../../src/engine/types.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { tempDir } from '../cli/run-cli.ts';
import { seedShortTtl } from './sandbox-state.ts';

const silent: Printer = { out() {}, err() {}, json() {}, progress() {} };
const EXTERNAL = 'pat.sender@external.example';
const USER = 'adele.vance@contoso.example';

const SERVICE = 'scanner@contosoexample.onmicrosoft.com';
const KINDS = ['inbound', 'inboundFresh', 'plaintext', 'outbound', 'outboundOther'] as const;
type Sent = { status: string; route: string; why: string | null };
type Probe = { moment: string } & Record<(typeof KINDS)[number], Sent>;

function probe(sandbox: Sandbox, moment: string): Probe {
  const send = (from: string, to: string, options: { tls?: boolean; resolver?: 'fresh' } = {}) => {
    const d = sandbox.sendMail({ from, to, subject: `continuity: ${moment}`, ...options });
    return { status: d.status, route: d.route, why: d.rejectedReason };
  };
  return {
    moment,
    inbound: send(EXTERNAL, USER),
    // A sender whose resolver asks the authoritative servers: right after the cutover, via Proofpoint.
    inboundFresh: send(EXTERNAL, USER, { resolver: 'fresh' }),
    plaintext: send(EXTERNAL, USER, { tls: false }),
    outbound: send(USER, EXTERNAL),
    // From an accepted domain Proofpoint does not host (the tenant's onmicrosoft.com).
    outboundOther: send(SERVICE, EXTERNAL),
  };
}

function momentOf(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'gate.requested':
      return `at gate ${event.gate}`;
    case 'step.applied':
      return `after ${event.stepId} applied`;
    case 'step.verified':
      return `after ${event.stepId} verified`;
    case 'step.log':
      return event.stepId.startsWith('wait') ? `during ${event.stepId}` : undefined;
    case 'step.undone':
      return `after undoing ${event.stepId}`;
    default:
      return undefined;
  }
}

describe.each(['cloudflare', 'azure', 'route53'] as const)(
  'phase 2 through %s: mail flows at every step boundary, and after rollback',
  (provider) => {
    it('delivers every message, through Proofpoint once the old MX has expired', async () => {
      const cwd = tempDir('sop-continuity-');
      const stateDir = `${cwd}/state`;
      await seedShortTtl(stateDir);
      const prepared = await prepareRun(
        runbookPath('proofpoint', 2),
        {
          sandbox: true,
          sandboxDns: provider,
          stateDir,
          nonInteractive: true,
          output: 'json',
          color: false,
        },
        undefined,
        { printer: silent },
      );
      const probes: Probe[] = [];
      try {
        const sandbox = prepared.session.sandbox;
        if (!sandbox) throw new Error('the session started no sandbox');
        probes.push(probe(sandbox, 'before the run'));
        const events = (event: RunEvent) => {
          const moment = momentOf(event);
          if (moment) probes.push(probe(sandbox, moment));
        };
        const outcome = await runRunbook({
          ...prepared.options,
          dryRun: false,
          handleSignals: false,
          events,
        });
        expect(outcome.outcome).toBe('succeeded');
        probes.push(probe(sandbox, 'after the run'));
        const rolledBack = await rollbackRun(outcome.runId ?? '', { ...prepared.options, events });
        expect(rolledBack.undone.length).toBeGreaterThan(5);
        probes.push(probe(sandbox, 'after the rollback'));
      } finally {
        await prepared.session.close();
      }

      const lost = probes.flatMap((p) =>
        KINDS.filter((kind) => p[kind].status !== 'Delivered').map(
          (kind) => `${p.moment}: ${kind} ${p[kind].status}: ${p[kind].why ?? ''}`,
        ),
      );
      expect(lost).toEqual([]);
      // The boundaries the issue names were all probed, waits included.
      const moments = probes.map((p) => p.moment);
      for (const m of [
        'at gate cto-change-approval',
        'at gate change-window',
        'during wait-old-ttl',
        'during wait-old-mx-cache',
        'after inbound-connector verified',
        'after cut-over-mx applied',
        'after lock-down-inbound-connector verified',
        'after undoing cut-over-mx',
        'after the rollback',
      ])
        expect(moments).toContain(m);
      // Once the lock-down is verified, inbound mail (even plaintext senders') comes via Proofpoint
      // and outbound leaves through it; after the rollback, both go direct again.
      const at = (m: string) => probes.find((p) => p.moment === m)!;
      expect(at('after lock-down-inbound-connector verified').inbound.route).toBe('proofpoint');
      expect(at('after lock-down-inbound-connector verified').plaintext.route).toBe('proofpoint');
      expect(at('after the run').outbound.route).toBe('proofpoint');
      expect(at('before the run').inbound.route).toBe('direct');
      expect(at('after the rollback').inbound.route).toBe('direct');
      expect(at('after the rollback').outbound.route).toBe('direct');
      // Right after the cutover a cached resolver still sends straight to Exchange Online: the
      // window the lock-down waits for is real in the sandbox.
      expect(at('after cut-over-mx applied').inbound.route).toBe('direct');
      expect(at('after cut-over-mx applied').inboundFresh.route).toBe('proofpoint');
      // Mail from a domain Proofpoint does not host never goes through it.
      expect(at('after the run').outboundOther.route).toBe('direct');
    }, 180_000);
  },
);
