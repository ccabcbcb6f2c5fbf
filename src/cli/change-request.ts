// A planning phase whose runbook says `changeRequestFor: <phase>` produces the SOP 5.0 change
// request: the later phase is planned against live state (read-only) and rendered as Markdown.
import type { RunOptions } from '../engine/types.ts';
import type { LoadedRunbook } from '../runbook/types.ts';
import type { RunRecord } from '../report/run-record.ts';
import { runbookPath } from './runbook-files.ts';
import type { RunFlags } from './options.ts';
import { parseSetFlags } from './prepare-run.ts';

export interface ChangeRequestContext {
  runbook: LoadedRunbook;
  flags: RunFlags;
  configInputs: Record<string, unknown>;
  options: Omit<RunOptions, 'dryRun' | 'savedPlan'>;
  tenantId: string;
}

export async function changeRequestLines(ctx: ChangeRequestContext, record?: RunRecord): Promise<string[]> {
  const targetPhase = ctx.runbook.runbook.metadata.changeRequestFor;
  if (targetPhase === undefined) return [];
  const integration = ctx.runbook.runbook.metadata.integration;
  const [{ loadRunbook }, { resolveInputs }, { planRun }, { renderChangeRequest }] = await Promise.all([
    import('../runbook/load.ts'),
    import('../runbook/inputs/resolve-inputs.ts'),
    import('../engine/index.ts'),
    import('../report/change-request.ts'),
  ]);
  const target = await loadRunbook(runbookPath(integration, targetPhase));
  const demo = ctx.flags.sandbox ? (await import('../sandbox/demo-inputs.ts')).sandboxDemoInputs : {};
  const declared = Object.fromEntries(
    Object.entries(demo).filter(([k]) => Object.hasOwn(target.runbook.inputs, k)),
  );
  const set = Object.fromEntries(
    Object.entries(parseSetFlags(ctx.flags.set)).filter(([k]) => Object.hasOwn(target.runbook.inputs, k)),
  );
  const inputs = resolveInputs(target.runbook, { config: { ...declared, ...ctx.configInputs }, set });
  const plan = await planRun({ ...ctx.options, runbook: target, inputs, events: () => undefined });
  const findings = (record?.steps ?? [])
    .filter((s) => s.outputs && Object.keys(s.outputs).length > 0 && s.step.action === 'noop')
    .map((s) => ({ stepId: s.step.id, title: s.step.title, outputs: s.outputs ?? {} }));
  return renderChangeRequest({
    integration,
    tenantId: ctx.tenantId,
    target: {
      phase: targetPhase,
      title: target.runbook.metadata.title,
      sop: target.runbook.metadata.sop,
      plan,
    },
    findings,
    generatedAt: new Date(),
  });
}
