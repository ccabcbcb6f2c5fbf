// Shared preparation for commands that run a runbook. Every local check (config, runbook,
// inputs, approvals file) happens before the session opens, so bad input calls no service.
import type { Approval, Approver, EventSink, Operator, RunOptions } from '../engine/types.ts';
import type { LoadedRunbook } from '../runbook/types.ts';
import { InputError } from '../errors.ts';
import { readApprovalsFile } from './approvals-file.ts';
import { createPrinter, type Printer } from './printer.ts';
import type { RunFlags } from './options.ts';
import { createPromptApprover, createPromptOperator } from './prompts.ts';
import { createStandInApprover, createStandInOperator } from './sandbox-stand-in.ts';
import { loadSessionConfig, openSession, type Session, type SessionOverrides } from './session.ts';

export function parseSetFlags(values: string[] | undefined): Record<string, string> {
  const set: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    set[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return set;
}

export async function createEventSink(flags: RunFlags, printer: Printer): Promise<EventSink> {
  if (flags.output === 'json') {
    const { createJsonRenderer } = await import('../report/json-renderer.ts');
    return createJsonRenderer((value) => printer.json(value));
  }
  const { createTextRenderer } = await import('../report/text-renderer.ts');
  const color = flags.color && !process.env.NO_COLOR && process.stdout.isTTY === true;
  return createTextRenderer({
    color,
    verbose: flags.verbose === true,
    out: printer.out,
    err: printer.err,
    ...(printer.progress ? { progress: printer.progress } : {}),
  });
}

export interface PreparedRun {
  session: Session;
  runbook: LoadedRunbook;
  inputs: Record<string, unknown>;
  printer: Printer;
  options: Omit<RunOptions, 'dryRun' | 'savedPlan'>;
}

/** Fleet mode: one tenant's session overrides, and a printer that tags its lines with the tenant. */
export interface TenantRunOverrides extends SessionOverrides {
  printer?: Printer;
}

export async function prepareRun(
  runbookFile: string,
  flags: RunFlags,
  fixedInputs?: Record<string, unknown>,
  overrides: TenantRunOverrides = {},
): Promise<PreparedRun> {
  const printer = overrides.printer ?? createPrinter();
  const [{ loadRunbook }, { resolveInputs }] = await Promise.all([
    import('../runbook/load.ts'),
    import('../runbook/inputs/resolve-inputs.ts'),
  ]);
  const { config, file } = await loadSessionConfig(flags, overrides);
  const runbook = await loadRunbook(runbookFile);
  let inputs: Record<string, unknown>;
  if (fixedInputs) {
    if (flags.set?.length)
      throw new InputError('--set cannot change the inputs of a saved plan or a started run');
    inputs = fixedInputs;
  } else {
    const demo = flags.sandbox ? (await import('../sandbox/demo-inputs.ts')).sandboxDemoInputs : {};
    const fromConfig = { ...pickDeclared(demo, runbook), ...config.inputs };
    inputs = resolveInputs(runbook.runbook, { config: fromConfig, set: parseSetFlags(flags.set) }, file);
  }
  const approvals: Approval[] = flags.approvals ? await readApprovalsFile(flags.approvals) : [];
  const windowText = flags.window ?? config.changeWindow;
  const { parseChangeWindow } = await import('../engine/window.ts');
  const window = windowText
    ? parseChangeWindow(
        windowText,
        flags.window ? '--window' : `changeWindow in ${file ?? 'the config file'}`,
      )
    : undefined;
  const session = await openSession(flags, overrides, { config, file });
  const standIn = flags.sandbox && !flags.rehearse;
  const approver: Approver = standIn ? createStandInApprover(printer) : createPromptApprover(printer);
  const operator: Operator = standIn ? createStandInOperator(printer) : createPromptOperator(printer);
  return {
    session,
    runbook,
    inputs,
    printer,
    options: {
      ...session.env,
      runbook,
      inputs,
      interactive: standIn || session.interactive,
      approvals,
      ...(window ? { window } : {}),
      approver,
      operator,
      events: await createEventSink(flags, printer),
    },
  };
}

function pickDeclared(
  values: Readonly<Record<string, unknown>>,
  runbook: LoadedRunbook,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([name]) => Object.hasOwn(runbook.runbook.inputs, name)),
  );
}
