// Renders engine events as lines for a person at a terminal (or plain lines in a log).
import type { EventSink, RunEvent } from '../engine/types.ts';
import { planLines, planTotals } from './plan-text.ts';
import { createStyle } from './style.ts';

export interface TextRendererOptions {
  color: boolean;
  verbose: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Transient progress (redrawn in place on a terminal); defaults to `out`. */
  progress?: (line: string) => void;
}

function outputsText(outputs: Record<string, unknown>): string {
  return Object.entries(outputs)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export function createTextRenderer(options: TextRendererOptions): EventSink {
  const style = createStyle(options.color);
  const { out, err } = options;
  let dryRunPlanTotals = '';
  return (event: RunEvent) => {
    switch (event.type) {
      case 'run.started':
        out(
          style.bold(
            `${event.resumed ? 'Resuming' : 'Run'} ${event.runId}: ${event.integration} phase ${event.phase} on tenant ${event.tenantId}`,
          ),
        );
        break;
      case 'plan':
        for (const line of planLines(event.plan, style, options.verbose)) out(line);
        dryRunPlanTotals = planTotals(event.plan);
        out(`Plan: ${dryRunPlanTotals}.`);
        break;
      case 'gate.requested':
        out(
          style.magenta(
            `Gate ${event.gate}: approval by ${event.approverRole} needed before ${event.stepId}` +
              (event.evidence.length ? ` (evidence: ${event.evidence.join(', ')})` : ''),
          ),
        );
        break;
      case 'gate.approved':
        out(
          style.magenta(`Gate ${event.gate} approved by ${event.approver} (${event.role}) via ${event.via}`),
        );
        break;
      case 'step.started':
        if (options.verbose || event.phase !== 'plan')
          out(style.dim(`- ${event.phase} ${event.stepId}: ${event.title}`));
        break;
      case 'step.planned':
        if (options.verbose)
          out(style.dim(`  planned ${event.stepId}: ${event.plan.action} ${event.plan.summary}`));
        break;
      case 'step.skipped':
        out(style.dim(`  = ${event.stepId}: ${event.reason}`));
        break;
      case 'step.applied':
        out(
          style.green(`  ✔ applied ${event.stepId}`) +
            (Object.keys(event.outputs).length ? style.dim(`  ${outputsText(event.outputs)}`) : ''),
        );
        break;
      case 'step.verified':
        if (event.ok && event.verified === false) {
          // Confirmed by a person, proved by nothing: never shown as a green tick.
          out(
            style.yellow(
              `  ! UNVERIFIED ${event.stepId}: ${event.reason ?? 'no outside check was possible'}`,
            ),
          );
          break;
        }
        out((event.ok ? style.green('  ✔ verified ') : style.red('  ✖ verification failed ')) + event.stepId);
        if (options.verbose || !event.ok) for (const check of event.checks) out(style.dim(`      ${check}`));
        break;
      case 'step.undone':
        out(style.yellow(`  ↩ undone ${event.stepId}`));
        break;
      case 'step.failed':
        err(
          style.red(
            `  ✖ ${event.stepId} failed during ${event.phase}: [${event.error.code}] ${event.error.message}`,
          ),
        );
        break;
      case 'step.waiting':
        out(style.cyan(`  ⏸ ${event.stepId}: ${event.reason}`));
        break;
      case 'step.log':
        if (event.level === 'warn') err(style.yellow(`  ! ${event.stepId}: ${event.message}`));
        else if (event.level === 'progress') {
          const of = event.total ? ` (${event.done ?? 0}/${event.total})` : '';
          (options.progress ?? out)(style.dim(`    ${event.message}${of}`));
        } else out(`    ${event.message}`);
        break;
      case 'warning':
        err(style.yellow(`warning: ${event.message}`));
        break;
      case 'rollback.started':
        out(
          style.bold(
            `${event.dryRun ? 'Would undo' : 'Rolling back'} run ${event.runId}: ${event.steps.join(', ') || 'nothing to undo'}`,
          ),
        );
        break;
      case 'rollback.finished':
        out(
          `Rollback of ${event.runId}: ${event.undone.length} undone` +
            (event.skipped.length
              ? `, skipped ${event.skipped.map((s) => `${s.stepId} (${s.reason})`).join(', ')}`
              : ''),
        );
        break;
      case 'run.finished': {
        const { summary } = event;
        const seconds = (summary.durationMs / 1000).toFixed(1);
        if (summary.outcome === 'dry-run') {
          out(style.bold(`Dry run: nothing was changed (${seconds}s).`));
        } else {
          const c = summary.counts;
          out(
            style.bold(
              `Run ${summary.runId ?? ''} ${summary.outcome}: ${c.applied} applied, ${c.noop} unchanged, ${c.verified} verified, ${c.failed} failed (${seconds}s).`,
            ),
          );
        }
        break;
      }
    }
  };
}
