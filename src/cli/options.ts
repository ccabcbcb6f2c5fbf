// Option parsers and the options shared by every command that runs a runbook.
import { InvalidArgumentError, Option, type Command } from 'commander';

export function parsePhase(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) {
    throw new InvalidArgumentError('the phase is a whole number, e.g. --phase 2');
  }
  return Number(value);
}

export function collectKeyValue(value: string, previous: string[] = []): string[] {
  if (!/^[^=\s]+=/.test(value)) {
    throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  }
  return [...previous, value];
}

export function collectFault(value: string, previous: string[] = []): string[] {
  if (!/(^|,)kind=/.test(value)) throw new InvalidArgumentError(`a fault needs kind=..., got "${value}"`);
  return [...previous, value];
}

export function parseTtl(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 86400) {
    throw new InvalidArgumentError('a TTL is whole seconds from 1 to 86400');
  }
  return Number(value);
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new InvalidArgumentError('expected a whole number between 1 and 65535');
  }
  return Number(value);
}

/** Output options every command shares. */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'plain text without colours (NO_COLOR is honoured too)')
    .option('--verbose', 'show every call and its timing');
}

/** Options of commands that plan or run a runbook. */
export function addRunOptions(command: Command): Command {
  return addOutputOptions(
    command
      .option('--config <file>', 'config file (default: sop-integrate.config.yaml if present)')
      .option(
        '--set <key=value>',
        'set a runbook input; repeatable, lists are comma separated',
        collectKeyValue,
      )
      .option('--sandbox', 'run against the built-in sandbox tenant (no real tenant is touched)')
      .option('--non-interactive', 'never prompt (default when stdin is not a TTY or CI is set)')
      .option(
        '--report <kind=path>',
        'write a report: junit=<path>, markdown=<path> or json=<path>; repeatable',
        collectKeyValue,
      )
      .option(
        '--window <start/end>',
        'change window (ISO 8601 interval); mutating steps outside it stop with exit 5',
      )
      .option('--approvals <file>', 'approvals file (YAML/JSON) written by `sop-integrate approve`')
      .option(
        '--sandbox-fault <spec>',
        'with --sandbox: inject a fault, e.g. kind=status,status=429,rate=0.3; repeatable',
        collectFault,
      )
      .option(
        '--sandbox-mx-ttl <seconds>',
        'with --sandbox: MX TTL of a new sandbox tenant (default 10; 3600 rehearses the real wait)',
        parseTtl,
      )
      .addOption(
        new Option(
          '--sandbox-dns <provider>',
          "with --sandbox: the DNS provider API the sandbox emulates (default: the config's dns.provider, else cloudflare)",
        ).choices(['cloudflare', 'azure', 'route53']),
      )
      .option(
        '--rehearse',
        'with --sandbox: approve gates and confirm manual steps yourself instead of the stand-in',
      )
      .option('--state-dir <dir>', 'where journals, locks and sandbox state live (default .sop-integrate)')
      .option(
        '--journal <location>',
        'shared journal and locks: azblob://<account>/<container> (connection string only from SOP_INTEGRATE_JOURNAL_CONNECTION_STRING)',
      )
      .addOption(
        new Option('--secret-store <kind>', 'where created secrets go (default: config, else file)').choices([
          'file',
          'keyvault',
        ]),
      ),
  );
}

/** `--tenants` and its companions (README "Fleets"); checked and parsed in commands/fleet.ts. */
export function addFleetOptions(command: Command): Command {
  return command
    .option('--tenants <file>', 'run on every tenant listed in this tenants file (YAML)')
    .option('--concurrency <n>', 'with --tenants: tenants run at the same time (default 4)', parsePositiveInt)
    .option('--max-errors <n|n%>', 'with --tenants: stop starting tenants once more than this many failed')
    .option('--shard <i/n>', 'with --tenants: run only shard i of n (for CI matrix jobs)')
    .option(
      '--tenant-rate <n>',
      'with --tenants: at most n requests per second per tenant and service',
      parsePositiveInt,
    );
}

export interface OutputFlags {
  output: 'text' | 'json';
  color: boolean;
  verbose?: boolean;
}

export interface RunFlags extends OutputFlags {
  config?: string;
  set?: string[];
  sandbox?: boolean;
  nonInteractive?: boolean;
  approvals?: string;
  rehearse?: boolean;
  sandboxFault?: string[];
  sandboxMxTtl?: number;
  sandboxDns?: 'cloudflare' | 'azure' | 'route53';
  window?: string;
  stateDir?: string;
  journal?: string;
  secretStore?: 'file' | 'keyvault';
}
