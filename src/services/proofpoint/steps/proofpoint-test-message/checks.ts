// Verification of a test message from the evidence apply gathered, plus the live MX: each check is
// one line an operator can act on, and a message that bypassed Proofpoint says why.
import { parseRange } from '../../../exchange/steps/exchange-inbound-connector/cidr.ts';
import { mxAtEveryServer } from '../../../dns/client/zone-view.ts';
import type { JsonValue, Outputs, StepContext, VerifyResult } from '../../../../steps/contract.ts';
import { connectorOf, type TestMessageParams } from './params.ts';

function inRanges(ip: string, ranges: readonly string[]): boolean {
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return false;
  const value = octets.reduce((acc, o) => acc * 256 + o, 0);
  return ranges.some((text) => {
    const range = parseRange(text);
    const size = 2 ** (32 - range.prefix);
    return Math.floor(value / size) * size === range.network;
  });
}

/** An output as words: strings as they are, anything else as JSON. */
function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

interface Check {
  ok: boolean;
  line: string;
}

async function mxChecks(ctx: StepContext, params: TestMessageParams): Promise<Check[]> {
  if (!params.proofpointMxHosts || params.direction === 'outbound') return [];
  const domain = params.to.split('@')[1]!.toLowerCase();
  const wanted = new Set(params.proofpointMxHosts.map((h) => h.toLowerCase().replace(/\.$/, '')));
  const servers = await mxAtEveryServer(ctx, domain);
  return servers.map((s) => {
    const hosts = s.mx.map((entry) => entry.split(' ').at(-1)!.toLowerCase().replace(/\.$/, ''));
    const ok = hosts.length > 0 && wanted.has(hosts[0]!);
    return {
      ok,
      line: ok
        ? `MX of ${domain} at ${s.server} points at Proofpoint: ${s.mx.join(', ')}`
        : `MX of ${domain} at ${s.server} is ${s.mx.join(', ') || '(none)'}, not Proofpoint: inbound mail does not reach Proofpoint yet (phase 2's MX cutover has not happened or was undone)`,
    };
  });
}

function routeChecks(params: TestMessageParams, o: Outputs): Check[] {
  const at = `${str(o.messageId)} at ${str(o.receivedAt)} (${str(o.traceSource)})`;
  const checks: Check[] = [
    {
      ok: o.status === 'delivered',
      line:
        o.status === 'delivered'
          ? `message trace: ${at} delivered to ${params.to}`
          : `message trace: ${at} has status ${str(o.status)}, not delivered`,
    },
  ];
  const connector = connectorOf(params);
  if (params.direction === 'outbound') {
    const viaConnector = o.connector === connector;
    const viaIp = typeof o.toIP === 'string' && inRanges(o.toIP, params.proofpointIps);
    checks.push({
      ok: viaConnector || viaIp,
      line: viaConnector
        ? `left Exchange Online through the connector "${connector}" (to ${str(o.toIP)})`
        : viaIp
          ? `sent to ${str(o.toIP)}, a Proofpoint IP (trace details unavailable, so the connector is not named)`
          : `left Exchange Online ${o.connector ? `through "${str(o.connector)}"` : 'directly'} to ${str(o.toIP ?? 'an unknown IP')}, not through "${connector}": check the transport rule and the outbound connector`,
    });
    return checks;
  }
  const fromProofpoint = typeof o.fromIP === 'string' && inRanges(o.fromIP, params.proofpointIps);
  checks.push({
    ok: fromProofpoint,
    line: fromProofpoint
      ? `arrived from ${str(o.fromIP)}, a Proofpoint IP: Proofpoint handled it${o.connector ? ` (inbound connector "${str(o.connector)}")` : ''}`
      : `arrived from ${str(o.fromIP ?? 'an unknown IP')}, not from Proofpoint's IPs (${params.proofpointIps.join(', ')}): it bypassed Proofpoint`,
  });
  return checks;
}

function threatChecks(o: Outputs): Check[] {
  const checks: Check[] = [];
  if (o.product === 'essentials')
    checks.push({
      ok: true,
      line: 'Proofpoint Essentials: TAP does not apply; confirm by hand in the Essentials console that the test threat was condemned (the Essentials Threat API is not automated here)',
    });
  else if (o.tapConfigured !== true)
    checks.push({
      ok: true,
      line: 'TAP SIEM API not configured: check the TAP dashboard for the test threat by hand',
    });
  else
    checks.push({
      ok: typeof o.tapGuid === 'string' && o.tapGuid !== '',
      line: o.tapGuid
        ? `TAP logged the threat as delivered (GUID ${str(o.tapGuid)}, ${str(o.tapClassification)})`
        : 'TAP SIEM has no delivered threat with this subject and recipient: TAP has not condemned the test threat (send one Proofpoint confirms TAP condemns; see the instructions)',
    });
  if (o.trapResult === undefined)
    checks.push({
      ok: true,
      line: 'TRAP pull: confirmed by the operator (the incident shows the message quarantined)',
    });
  else
    checks.push({
      ok: o.trapResult === 'quarantined',
      line:
        o.trapResult === 'quarantined'
          ? `TRAP pulled the message from the inbox at ${str(o.trapPulledAt)}`
          : `TRAP did not pull the message: ${str(o.trapReason ?? 'TRAP is not connected')}`,
    });
  return checks;
}

export async function verifyTestMessage(
  ctx: StepContext,
  params: TestMessageParams,
  outputs: Outputs,
): Promise<VerifyResult> {
  const checks = await mxChecks(ctx, params);
  if (outputs.found !== true)
    checks.push({
      ok: false,
      line: `no message "${str(outputs.subject)}" from ${params.from} to ${params.to} in message trace within ${params.withinSeconds} s`,
    });
  else {
    checks.push(...routeChecks(params, outputs));
    if (params.direction === 'threat') checks.push(...threatChecks(outputs));
  }
  return { ok: checks.length > 0 && checks.every((c) => c.ok), checks: checks.map((c) => c.line) };
}
