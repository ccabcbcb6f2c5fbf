// The commander program. Commands lazy-import their implementation so `--help` and
// `--version` load nothing but commander (benchmarked against bare `node -e 0`).
import { Command, CommanderError, Option } from 'commander';
import { integrations } from './integrations.ts';
import {
  addOutputOptions,
  addFleetOptions,
  addRunOptions,
  collectFault,
  collectKeyValue,
  parsePhase,
  parsePositiveInt,
} from './options.ts';
import type { OutputFlags } from './options.ts';
import type { SandboxSendFlags } from './commands/sandbox-send.ts';
import { ExitCode } from './exit-codes.ts';
import { watchOutputStreams } from './output-closed.ts';
import { version } from './version.ts';

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

export function buildProgram(): Command {
  const program = new Command('sop-integrate')
    .description(
      'Runs the SOP "Integration with IT Tools" as runbooks: Microsoft 365 with Proofpoint and NinjaOne.\n' +
        'Every change is planned, approved where the SOP says so, journaled, verified and reversible.',
    )
    .version(version(), '-V, --version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      examples([
        'sop-integrate list',
        'sop-integrate proofpoint --phase 2 --sandbox --dry-run',
        'sop-integrate proofpoint --phase 2 --config contoso.yaml',
        'sop-integrate ninjaone --phase 1 --non-interactive --approvals approvals.yaml --output json',
        'sop-integrate rollback 20261126T061502Z-4f2a',
      ]) +
        '\nExit codes: 0 ok, 1 step failed or run stopped, 2 invalid input, 3 waiting, 4 changes pending, 5 refused,\n' +
        '6 rolled back, 7 done but a report could not be written, 8 rollback incomplete (damaged journal).\n',
    );

  for (const integration of integrations) {
    addRunOptions(
      addFleetOptions(
        program
          .command(integration.name)
          .description(`run a phase of ${integration.title}; phases: ${integration.phases.join(', ')}`)
          .requiredOption('--phase <n>', 'SOP phase to run', parsePhase)
          .option('--dry-run', 'show the plan and change nothing')
          .option('--detailed-exitcode', 'with --dry-run: exit 4 when there are changes to make'),
      ),
    )
      .addHelpText(
        'after',
        examples([
          `sop-integrate ${integration.name} --phase ${integration.phases[1] ?? 1} --sandbox --dry-run`,
          `sop-integrate ${integration.name} --phase ${integration.phases[0]} --set domains=contoso.com,contoso.net`,
          `CI=1 sop-integrate ${integration.name} --phase ${integration.phases[0]} --approvals approvals.yaml --output json`,
          `sop-integrate ${integration.name} --phase ${integration.phases[0]} --tenants tenants.yaml --concurrency 8 --max-errors 5% --shard 1/4`,
          ...(integration.name === 'proofpoint'
            ? ['sop-integrate proofpoint --phase 2 --sandbox --sandbox-dns route53 --sandbox-mx-ttl 60']
            : []),
        ]),
      )
      .action(async (flags: Record<string, unknown>) => {
        const { runCommand } = await import('./commands/run.ts');
        await runCommand(integration.name, flags as never);
      });
  }

  addOutputOptions(
    program.command('list').description('list integrations and phases with their titles and SOP sections'),
  )
    .addHelpText('after', examples(['sop-integrate list', 'sop-integrate list --output json']))
    .action(async (flags: OutputFlags) => (await import('./commands/list.ts')).listCommand(flags));

  addOutputOptions(
    program
      .command('validate')
      .argument('<files...>', 'runbook files')
      .description('check runbooks without running them'),
  )
    .addHelpText(
      'after',
      examples([
        'sop-integrate validate runbooks/proofpoint/*.yaml',
        'sop-integrate validate my-runbook.yaml --output json',
      ]),
    )
    .action(async (files: string[], flags: OutputFlags) =>
      (await import('./commands/validate.ts')).validateCommand(files, flags),
    );

  addRunOptions(
    program
      .command('plan')
      .argument('<integration>', `one of: ${integrations.map((i) => i.name).join(', ')}`)
      .requiredOption('--phase <n>', 'SOP phase to plan', parsePhase)
      .requiredOption('--out <file>', 'where to save the plan (JSON, no secrets)')
      .description('compute a plan against live state and save it for `apply`'),
  )
    .addHelpText(
      'after',
      examples([
        'sop-integrate plan proofpoint --phase 2 --out plan.json',
        'sop-integrate plan proofpoint --phase 2 --sandbox --out plan.json',
      ]),
    )
    .action(async (integration: string, flags: Record<string, unknown>) =>
      (await import('./commands/plan.ts')).planCommand(integration, flags as never),
    );

  addRunOptions(
    program
      .command('apply')
      .argument('<plan-file>', 'a plan saved by `plan --out`')
      .description('apply a saved plan; refuses a stale plan'),
  )
    .addHelpText(
      'after',
      examples([
        'sop-integrate apply plan.json',
        'sop-integrate apply plan.json --non-interactive --approvals approvals.yaml',
      ]),
    )
    .action(async (planFile: string, flags: Record<string, unknown>) =>
      (await import('./commands/apply.ts')).applyCommand(planFile, flags as never),
    );

  addRunOptions(program.command('runs').description('list runs in the journal store, newest first'))
    .addHelpText('after', examples(['sop-integrate runs', 'sop-integrate runs --output json']))
    .action(async (flags: Record<string, unknown>) =>
      (await import('./commands/runs.ts')).runsCommand(flags as never),
    );

  addRunOptions(
    program
      .command('show')
      .argument('<run-id>')
      .description('show a run: steps, approvals, outputs, undo records'),
  )
    .addHelpText('after', examples(['sop-integrate show 20261126T061502Z-4f2a']))
    .action(async (runId: string, flags: Record<string, unknown>) =>
      (await import('./commands/runs.ts')).showCommand(runId, flags as never),
    );

  addRunOptions(
    program
      .command('resume')
      .argument('<run-id>')
      .description('continue a run that stopped (failure, approval, manual step)'),
  )
    .addHelpText(
      'after',
      examples([
        'sop-integrate resume 20261126T061502Z-4f2a',
        'sop-integrate resume 20261126T061502Z-4f2a --sandbox',
      ]),
    )
    .action(async (runId: string, flags: Record<string, unknown>) =>
      (await import('./commands/resume.ts')).resumeCommand(runId, flags as never),
    );

  addRunOptions(
    program
      .command('rollback')
      .argument('<run-id>')
      .option('--dry-run', 'list what would be undone and change nothing')
      .description('undo a run, newest step first'),
  )
    .addHelpText(
      'after',
      examples([
        'sop-integrate rollback 20261126T061502Z-4f2a --dry-run',
        'sop-integrate rollback 20261126T061502Z-4f2a',
      ]),
    )
    .action(async (runId: string, flags: Record<string, unknown>) =>
      (await import('./commands/rollback.ts')).rollbackCommand(runId, flags as never),
    );

  addRunOptions(
    program
      .command('approve')
      .argument('<run-or-plan>', 'a run id (approval goes to its journal) or a saved plan file')
      .requiredOption('--gate <id>', 'gate id, or the id of a manual step being confirmed')
      .requiredOption('--as <name>', 'who approves')
      .requiredOption('--role <role>', 'the approver role the gate requires, e.g. CTO')
      .option(
        '--evidence <key=value>',
        'evidence the gate asks for, e.g. changeId=CHG0042; repeatable',
        collectKeyValue,
      )
      .option('--expires <iso-time>', 'approval expiry (ISO 8601)')
      .option('--file <approvals-file>', 'append to this approvals file instead of the journal store')
      .description('record an approval for a gate, or confirm a manual step'),
  )
    .addHelpText(
      'after',
      examples([
        'sop-integrate approve 20261126T061502Z-4f2a --gate cto-change-approval --as "Dana Lee" --role CTO --evidence changeId=CHG0042',
        'sop-integrate approve plan.json --gate security-review --as "Sam Roy" --role Security --file approvals.yaml',
        'sop-integrate approve 20261126T061502Z-4f2a --gate enter-sync-settings --as "Ops" --role Operator',
      ]),
    )
    .action(async (target: string, flags: Record<string, unknown>) =>
      (await import('./commands/approve.ts')).approveCommand(target, flags as never),
    );

  addRunOptions(
    program
      .command('unlock')
      .argument('<tenant>', 'tenant id (the sandbox tenant with --sandbox)')
      .argument('<integration>')
      .option(
        '--force',
        'break the lock even though its pid is alive on this host (check with `ps -p <pid> -o pid,lstart,args` first)',
      )
      .description('break a stale lock left by a crashed run'),
  )
    .addHelpText(
      'after',
      `${examples(['sop-integrate unlock 72f988bf-0000-0000-0000-000000000000 proofpoint'])}
Plain unlock refuses a lock whose pid is alive on this host. --force breaks it anyway: only for a
pid that \`ps\` shows is not a sop-integrate run (a reused pid). Breaking the lock of a run that
is still alive lets two runs change the same tenant at once.
`,
    )
    .action(async (tenant: string, integration: string, flags: Record<string, unknown>) =>
      (await import('./commands/unlock.ts')).unlockCommand(tenant, integration, flags as never),
    );

  const intunewin = program
    .command('intunewin')
    .description('package a setup folder as an Intune Win32 app (.intunewin), or verify and unpack one');
  addOutputOptions(
    intunewin
      .command('pack')
      .argument('<folder>', 'the setup folder; everything in it is packaged')
      .requiredOption('--setup <file>', 'the setup file inside the folder (e.g. setup.msi or install.ps1)')
      .requiredOption('-o, --out <file>', 'the .intunewin file to write')
      .option('--force', 'replace the output file if it already exists')
      .description('package a folder exactly as IntuneWinAppUtil does (no Windows needed)'),
  )
    .addHelpText(
      'after',
      '\nSymbolic links inside the folder are followed and packaged as copies; a link that leads out\n' +
        'of the folder, dangles or loops, any pipe, socket or device, and any name Windows cannot\n' +
        'hold (such as a:b, NUL.txt, or Setup.msi beside setup.msi) stops the pack (exit 2).\n' +
        'An output file inside the folder is never packaged into itself. The package is written to a\n' +
        'temporary file and moved into place only when complete; --force replaces an existing one.\n',
    )
    .addHelpText(
      'after',
      examples([
        'sop-integrate intunewin pack ./ninja-agent --setup NinjaOneAgent-x64.msi -o ninja-agent.intunewin',
        'sop-integrate intunewin pack ./scripts --setup install.ps1 -o out/install.intunewin --output json',
      ]),
    )
    .action(async (folder: string, flags: Record<string, unknown>) =>
      (await import('./commands/intunewin.ts')).intunewinPackCommand(folder, flags as never),
    );
  addOutputOptions(
    intunewin
      .command('unpack')
      .argument('<file>', 'an .intunewin package')
      .requiredOption('-o, --out <dir>', 'a new or empty folder for the setup files')
      .description('verify a package (MAC, digest, sizes) and extract its setup folder'),
  )
    .addHelpText('after', examples(['sop-integrate intunewin unpack ninja-agent.intunewin -o ./unpacked']))
    .action(async (file: string, flags: Record<string, unknown>) =>
      (await import('./commands/intunewin.ts')).intunewinUnpackCommand(file, flags as never),
    );

  addRunOptions(
    program
      .command('doctor')
      .argument('[integration]', 'check only what this integration needs')
      .option('--phase <n>', 'the phase to check', parsePhase)
      .description(
        "check config, tokens, and the tool identity's permissions and roles as granted in the tenant",
      ),
  )
    .addHelpText(
      'after',
      examples([
        'sop-integrate doctor',
        'sop-integrate doctor proofpoint --phase 2',
        'sop-integrate doctor --sandbox --output json',
      ]),
    )
    .action(async (integration: string | undefined, flags: Record<string, unknown>) =>
      (await import('./commands/doctor.ts')).doctorCommand(integration, flags as never),
    );

  const sandbox = program
    .command('sandbox')
    .description('the built-in sandbox tenant (local emulator of every service)');
  sandbox
    .command('start')
    .description('run the sandbox in the foreground and print its URLs and credentials')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free port)', parsePositiveInt)
    .option('--state <file>', 'load and save the sandbox state in this file')
    .addOption(new Option('--latency <ms>', 'add latency to every request').argParser(parsePositiveInt))
    .option(
      '--fault <spec>',
      'inject a fault, e.g. kind=status,status=429,retryAfterSeconds=1,rate=0.3; repeatable',
      collectFault,
    )
    .addHelpText('after', examples(['sop-integrate sandbox start --port 8400 --state sandbox.json']))
    .action(async (flags: { port?: number; state?: string; latency?: number; fault?: string[] }) =>
      (await import('./commands/sandbox.ts')).sandboxStartCommand(flags),
    );
  sandbox
    .command('send')
    .description('send a message through the sandbox mail simulation and print the route it took')
    .requiredOption('--from <address>', 'sender address')
    .requiredOption('--to <address>', 'recipient address')
    .option('--subject <text>', 'subject line')
    .option('--threat', 'a benign test threat (TAP flags it; TRAP pulls it when connected)')
    .option('--state-dir <dir>', 'where --sandbox runs keep their state (default .sop-integrate)')
    .addOption(
      new Option(
        '--resolver <view>',
        "cached: the sender's resolver may still hold an older DNS answer (worst case); fresh: the authoritative answer",
      )
        .choices(['cached', 'fresh'])
        .default('cached'),
    )
    .option(
      '--no-tls',
      'the external sender does not use TLS (inbound mail sent straight to Exchange Online)',
    )
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      [
        examples([
          'sop-integrate sandbox send --from tester@external.example --to adele.vance@contoso.example --threat',
          'sop-integrate sandbox send --from adele.vance@contoso.example --to tester@external.example --output json',
        ]),
        'Exit codes: 0 delivered, 1 rejected or lost, 2 invalid input.\n',
      ].join(''),
    )
    .action(async (flags: SandboxSendFlags) =>
      (await import('./commands/sandbox-send.ts')).sandboxSendCommand(flags),
    );

  return program;
}

/** Entry point: parse, run, and map any error to words and an exit code. */
export async function main(argv: string[]): Promise<void> {
  // bin/ installed it already; this covers callers that import main directly.
  watchOutputStreams();
  const program = buildProgram();
  program.exitOverride();
  program.commands.forEach(function override(command: Command): void {
    command.exitOverride();
    command.commands.forEach(override);
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every usage error (unknown flag, missing value, bad type) exits 2.
      process.exitCode = error.exitCode === 0 ? ExitCode.success : ExitCode.invalidInput;
      return;
    }
    const { reportError } = await import('./report-error.ts');
    process.exitCode = reportError(error, argv);
  }
}
