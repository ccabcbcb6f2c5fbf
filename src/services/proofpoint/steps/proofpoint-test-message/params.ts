// `with:` of proofpoint.test-message, and the defaults that depend on the direction.
import { z } from 'zod';
import { rangeProblem } from '../../../exchange/steps/exchange-inbound-connector/cidr.ts';
import { HostName } from '../../../dns/client/zone-view.ts';

const Email = z.string().regex(/^[^@\s]+@([a-z0-9-]+\.)+[a-z0-9-]+$/i, 'must be an email address');
const Range = z.string().refine((text) => rangeProblem(text) === undefined, {
  message: 'must be an IPv4 address or CIDR range (a.b.c.d/nn)',
});

export const TestMessageParams = z.strictObject({
  /** inbound: external -> tenant via Proofpoint; outbound: tenant -> external via the connector;
   *  threat: a benign test threat inbound, which TAP logs and TRAP pulls. */
  direction: z.enum(['inbound', 'outbound', 'threat']),
  from: Email,
  to: Email,
  /** Defaults to "sop-integrate <direction> test"; the trace is matched on it. */
  subject: z.string().min(1).max(255).optional(),
  /** The ranges Proofpoint relays from (and delivers outbound from), e.g. 148.163.128.0/22. */
  proofpointIps: z.array(Range).min(1),
  /** Inbound and threat: the MX the recipient's domain must have at every authoritative server. */
  proofpointMxHosts: z.array(HostName).min(1).optional(),
  /** The Exchange connector the message must pass; defaults by direction. */
  connector: z.string().min(1).max(64).optional(),
  /** Replaces the generated instructions for the operator. */
  instructions: z.string().min(1).optional(),
  /** How long to look for the message in message trace (which can lag minutes). */
  withinSeconds: z.int().min(0).max(7200).default(900),
});
export type TestMessageParams = z.output<typeof TestMessageParams>;

export function subjectOf(params: TestMessageParams): string {
  return params.subject ?? `sop-integrate ${params.direction} test`;
}

export function connectorOf(params: TestMessageParams): string {
  return (
    params.connector ??
    (params.direction === 'outbound' ? 'Outbound to Proofpoint' : 'Inbound from Proofpoint')
  );
}

export function instructionsOf(params: TestMessageParams): string[] {
  if (params.instructions) return params.instructions.trimEnd().split('\n');
  const send = `From ${params.from}, send a message to ${params.to} with the subject "${subjectOf(params)}".`;
  if (params.direction === 'outbound') return [send];
  if (params.direction === 'inbound')
    return [send, 'Use a mailbox outside the organisation (e.g. a free webmail account).'];
  return [
    send,
    // Proofpoint publishes no benign test threat that TAP is documented to condemn (none found in
    // the TAP, TRAP or Essentials documentation): the SIEM API lists only messages whose threats
    // TAP condemned, and auto-pull acts only on those, so the test threat must be one TAP really
    // condemns, not merely a message that looks suspicious.
    'The body must carry a test threat that Proofpoint condemns: a test URL or attachment your Proofpoint',
    'team (support or account team) provides for TAP/TRAP validation and confirms TAP classifies as malicious.',
    'A harmless-looking or self-made "phishing" message is not enough: TAP never condemns it, so TRAP never',
    'pulls it and this test fails. A sample the gateway blocks on arrival (as anti-virus test files such as',
    'EICAR usually are) never reaches the inbox, so TRAP has nothing to pull either.',
    'Once TAP condemns it, check in Threat Response that the incident shows the message quarantined',
    '(trigger the pull by hand from the incident if auto-pull has not run).',
  ];
}
