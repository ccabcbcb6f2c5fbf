// Input values come from --set, then the config file, then the runbook default; each type is
// validated and every problem is reported at once, naming the input and the value's source.
import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../../src/errors.ts';
import { resolveInputs } from '../../src/runbook/inputs/resolve-inputs.ts';
import type { InputSpec, InputType } from '../../src/runbook/types.ts';

const spec = (type: InputType, extra: Partial<InputSpec> = {}): InputSpec => ({
  type,
  required: false,
  ...extra,
});

const runbook = {
  inputs: {
    domains: spec('domain-list', { required: true }),
    senderIps: spec('cidr-list', { required: true }),
    smartHost: spec('hostname', { required: true }),
    notify: spec('email'),
    ttlWait: spec('duration', { default: '1h30m' }),
    retries: spec('number', { default: 3 }),
    strict: spec('boolean', { default: false }),
    tags: spec('string-list'),
    site: spec('string'),
    apex: spec('domain'),
  },
};

function problemsOf(run: () => unknown): Problem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('resolveInputs', () => {
  it('types values from --set, the config file and defaults, in that order of precedence', () => {
    const values = resolveInputs(
      runbook,
      {
        config: {
          domains: ['contoso.example', 'fabrikam.example'],
          senderIps: '67.231.144.0/20',
          smartHost: 'wrong.example',
          retries: 7,
          site: 1234,
        },
        set: {
          smartHost: 'outbound-us1.ppe-hosted.com',
          strict: 'yes',
          tags: 'mail, , pilot',
          notify: 'it-ops@contoso.example',
          senderIps: '148.163.128.0/19,67.231.144.5',
        },
      },
      'sop-integrate.yaml',
    );
    expect(values).toEqual({
      domains: ['contoso.example', 'fabrikam.example'],
      senderIps: ['148.163.128.0/19', '67.231.144.5/32'],
      smartHost: 'outbound-us1.ppe-hosted.com',
      notify: 'it-ops@contoso.example',
      ttlWait: '1h30m',
      retries: 7,
      strict: true,
      tags: ['mail', 'pilot'],
      site: '1234',
    });
  });

  it('reads numbers and booleans from --set text', () => {
    const values = resolveInputs(
      { inputs: { retries: spec('number'), strict: spec('boolean'), wait: spec('duration') } },
      { config: {}, set: { retries: '2.5', strict: 'false', wait: 'PT10M' } },
    );
    expect(values).toEqual({ retries: 2.5, strict: false, wait: 'PT10M' });
  });

  it('reports every missing required input at once, naming the config file', () => {
    const problems = problemsOf(() => resolveInputs(runbook, { config: {}, set: {} }, 'ops/config.yaml'));
    expect(problems.map((p) => p.message)).toEqual([
      'required input "domains" (domain-list) has no value; set inputs.domains in ops/config.yaml or pass --set domains=...',
      'required input "senderIps" (cidr-list) has no value; set inputs.senderIps in ops/config.yaml or pass --set senderIps=...',
      'required input "smartHost" (hostname) has no value; set inputs.smartHost in ops/config.yaml or pass --set smartHost=...',
    ]);
    expect(problems.every((p) => p.file === 'ops/config.yaml')).toBe(true);
  });

  const required = { domains: 'contoso.example', senderIps: '192.0.2.0/24', smartHost: 'mx.contoso.example' };
  it.each([
    [
      'domains',
      'contoso',
      'input "domains" (domain-list) from --set domains=contoso: item 1: "contoso" is not a domain name',
    ],
    ['domains', 'contoso.example,bad_name.example', 'item 2: "bad_name.example" is not a domain name'],
    ['domains', ' , ', 'input "domains" (domain-list) from --set domains= ,  is an empty list'],
    ['senderIps', '192.0.2.0/33', '"192.0.2.0/33" has prefix length /33; use /0 to /32'],
    ['senderIps', '256.0.2.0/24', '"256.0.2.0/24" is not an IPv4 CIDR range'],
    ['senderIps', '192.0.2.7/24', '"192.0.2.7/24" has host bits set; did you mean 192.0.2.0/24?'],
    ['senderIps', '2001:db8::/32', 'is not an IPv4 CIDR range'],
    ['smartHost', '-mx.contoso.example', '"-mx.contoso.example" is not a host name'],
    [
      'notify',
      'it-ops.contoso.example',
      'input "notify" (email) from --set notify=it-ops.contoso.example: "it-ops.contoso.example" is not an email address',
    ],
    ['ttlWait', '5 minutes', '"5 minutes" is not a duration'],
    [
      'retries',
      'three',
      'input "retries" (number) from --set retries=three: expected a number, found text "three"',
    ],
    ['strict', 'maybe', 'expected true or false, found text "maybe"'],
    ['apex', 'contoso.123', '"contoso.123" is not a domain name'],
  ])('refuses --set %s=%s', (name, value, message) => {
    const problems = problemsOf(() =>
      resolveInputs(runbook, { config: {}, set: { ...required, [name]: value } }),
    );
    expect(problems).toEqual([
      { file: '(command line)', message: expect.stringContaining(message) as string },
    ]);
  });

  it('names the config file for a bad config value and lists all problems together', () => {
    const problems = problemsOf(() =>
      resolveInputs(
        runbook,
        { config: { ...required, retries: [1], strict: 'sometimes' }, set: { colour: 'blue' } },
        'prod.yaml',
      ),
    );
    expect(problems).toEqual([
      {
        file: '(command line)',
        message: expect.stringContaining(
          '--set colour: this runbook declares no input "colour"; declared inputs: domains, senderIps',
        ) as string,
      },
      {
        file: 'prod.yaml',
        message: 'input "retries" (number) from inputs.retries in prod.yaml: expected a number, found a list',
      },
      {
        file: 'prod.yaml',
        message:
          'input "strict" (boolean) from inputs.strict in prod.yaml: expected true or false, found text "sometimes"',
      },
    ]);
  });

  it('refuses a map where a list belongs', () => {
    const problems = problemsOf(() =>
      resolveInputs(runbook, { config: { ...required, tags: { a: 1 } }, set: {} }, 'c.yaml'),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'input "tags" (string-list) from inputs.tags in c.yaml: expected a list (or comma-separated text), found a map',
    ]);
  });
});
