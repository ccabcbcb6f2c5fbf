// `sop-integrate runs` and `sop-integrate show <run-id>`: read the journal store.
import { InputError } from '../../errors.ts';
import { globalRedactor } from '../../redact.ts';
import type { RunFlags } from '../options.ts';
import { createPrinter } from '../printer.ts';
import { loadSessionConfig } from '../session.ts';

export async function runsCommand(flags: RunFlags): Promise<void> {
  const printer = createPrinter();
  const { config } = await loadSessionConfig(flags, {}, 'read');
  const { listRuns } = await import('../../engine/index.ts');
  const { runs, damaged } = await listRuns({ config, redactor: globalRedactor });
  // Damaged journals are named on stderr in both modes, so a script reading stdout still sees them.
  for (const run of damaged) {
    printer.err(
      `warning: ${run.problem}; run ${run.runId} cannot be resumed` +
        (run.listed ? `; undo what it proves with \`sop-integrate rollback ${run.runId}\`` : ''),
    );
  }
  if (flags.output === 'json') {
    printer.json({ type: 'runs', runs, damaged });
    return;
  }
  if (runs.length === 0) {
    printer.out(`No runs in ${config.stateDir}.`);
    return;
  }
  for (const run of runs) {
    printer.out(
      `${run.runId}  ${run.integration} phase ${run.phase}  ${run.status}  tenant ${run.tenantId}` +
        (run.damage ? '  (journal damaged)' : ''),
    );
  }
}

export async function showCommand(runId: string, flags: RunFlags): Promise<void> {
  const printer = createPrinter();
  const { describeLines, isRunId } = await import('../../journal/index.ts');
  if (!isRunId(runId))
    throw new InputError(`"${runId}" is not a run id`, [], {
      hint: 'list run ids with `sop-integrate runs`',
    });
  const { config } = await loadSessionConfig(flags, {}, 'read');
  const { showRun } = await import('../../engine/index.ts');
  const details = await showRun(runId, { config, redactor: globalRedactor });
  const damaged = details.damage
    ? `journal ${details.damage.source} is damaged at ${describeLines(details.damage.lines)}`
    : undefined;
  if (damaged) printer.err(`warning: ${damaged}; what follows rests on the intact records only`);
  if (flags.output === 'json') {
    printer.json({ type: 'run', ...details });
    return;
  }
  const { summary, state } = details;
  printer.out(
    `Run ${runId}: ${summary.integration} phase ${summary.phase}, tenant ${summary.tenantId}, ${summary.status}`,
  );
  if (details.tornTail)
    printer.out(`  journal ends with a torn line (line ${details.tornTail.line}); it was ignored`);
  if (damaged) {
    printer.out(
      `  ${damaged}: it cannot be resumed; \`sop-integrate rollback ${runId}\` undoes what the intact records prove`,
    );
  }
  for (const approval of state.approvals) {
    printer.out(
      `  approval ${approval.gate}: ${approval.approver} (${approval.role}) via ${approval.via} at ${approval.at}`,
    );
  }
  for (const step of state.started?.plan.steps ?? []) {
    const s = state.steps[step.id];
    const status = s?.failed
      ? `failed: ${s.failed.error.message}`
      : s?.done
        ? s.verified?.ok
          ? s.verified.verified === false
            ? `done, UNVERIFIED (operator's confirmation only: ${s.verified.reason ?? ''})`
            : 'done, verified'
          : 'done'
        : s?.attempts
          ? 'started'
          : 'pending';
    printer.out(`  ${step.id.padEnd(28)} ${step.action.padEnd(7)} ${status}`);
    if (s?.outputs && Object.keys(s.outputs).length > 0)
      printer.out(`      outputs ${JSON.stringify(s.outputs)}`);
  }
}
