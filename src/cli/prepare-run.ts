// Shared preparation for commands that run a runbook. Every local check (config, runbook,
// inputs, approvals file) happens before the session opens, so bad input calls no service.
import type { Approval, Approver, EventSink, Operator, RunOptions } from '../engine/types.ts';
import type { ToolConfig } from '../config/types.ts';
import type { InputSources } from '../runbook/inputs/resolve-inputs.ts';
import type { LoadedRunbook } from '../runbook/types.ts';
import { InputError } from '../errors.ts';
import { readApprovalsFile } from './approvals-file.ts';
import { createPrinter, type Printer } from './printer.ts';
import type { RunFlags } from './options.ts';
import { createPromptApprover, createPromptOperator } from './prompts.ts';
import { createStandInApprover, createStandInOperator } from './sandbox-stand-in.ts';
import { loadSessionConfig, openSession, type Session, type SessionOverrides } from './session.ts';

export function parseSetFlags(values: string[] | undefined): Record<string, string> {
  // Null prototype: `--set __proto__=x` is a key like any other (and refused as undeclared),
  // not a write to Object.prototype that silently drops the value.
  const set = Object.create(null) as Record<string, string>;
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

/** Inputs fixed by a saved plan or a started run, instead of the config file and --set. */
export interface FixedInputs {
  values: Record<string, unknown>;
  /** A saved plan's inputs are checked like the config file's, pointing at this file. */
  checkAs?: string;
  /** More checks that need the config and runbook, run before any service is called. */
  check?: (loaded: { config: ToolConfig; runbook: LoadedRunbook }) => void;
}

export async function prepareRun(
  runbookFile: string,
  flags: RunFlags,
  fixed?: FixedInputs,
  overrides: TenantRunOverrides = {},
): Promise<PreparedRun> {
  const printer = overrides.printer ?? createPrinter();
  const [{ loadRunbook }, { resolveInputs }, { checkStepParams }, { stepHandlers }] = await Promise.all([
    import('../runbook/load.ts'),
    import('../runbook/inputs/resolve-inputs.ts'),
    import('../runbook/inputs/check-step-params.ts'),
    import('../steps/registry.ts'),
  ]);
  const { config, file } = await loadSessionConfig(flags, overrides);
  const runbook = await loadRunbook(runbookFile);
  let inputs: Record<string, unknown>;
  if (fixed) {
    if (flags.set?.length)
      throw new InputError('--set cannot change the inputs of a saved plan or a started run');
    inputs = fixed.values;
    fixed.check?.({ config, runbook });
    if (fixed.checkAs !== undefined) {
      const sources = { config: fixed.values, set: {} };
      resolveInputs(runbook.runbook, sources, fixed.checkAs);
      checkStepParams(runbook.runbook, inputs, sources, fixed.checkAs, stepHandlers);
    }
  } else {
    const demo = flags.sandbox ? (await import('../sandbox/demo-inputs.ts')).sandboxDemoInputs : {};
    const sources: InputSources = {
      config: config.inputs,
      set: parseSetFlags(flags.set),
      ...(config.places ? { configPlaces: config.places } : {}),
      fallback: { values: pickDeclared(demo, runbook), label: "the sandbox's demo inputs" },
    };
    inputs = resolveInputs(runbook.runbook, sources, file);
    checkStepParams(runbook.runbook, inputs, sources, file ?? 'config file', stepHandlers);
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
