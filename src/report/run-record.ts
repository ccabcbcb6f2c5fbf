// Collects a run's events into one record the report writers read (JUnit, Markdown, JSON).
import type { RunEvent, RunFinishedSummary } from '../engine/types.ts';
import type { PlannedStep, RunPlan } from '../journal/index.ts';

export type StepOutcome = 'applied' | 'unchanged' | 'skipped' | 'failed' | 'waiting' | 'not-run' | 'planned';

export interface StepRecord {
  step: PlannedStep;
  outcome: StepOutcome;
  /** `verified: false`: ok on the operator's word only, nothing outside proved it (reason says why). */
  verified?: { ok: boolean; checks: string[]; verified?: false; reason?: string };
  error?: { code: string; message: string; phase: string };
  waiting?: string;
  outputs?: Record<string, unknown>;
  durationMs?: number;
}

/** A step whose verification rests on the operator's confirmation alone. */
export function isUnverified(s: StepRecord): boolean {
  return s.verified?.ok === true && s.verified.verified === false;
}

export interface RunRecord {
  runId: string | undefined;
  integration: string;
  phase: number;
  title: string;
  sop: string;
  tenantId: string;
  dryRun: boolean;
  plan: RunPlan | undefined;
  steps: StepRecord[];
  approvals: { gate: string; approver: string; role: string; via: string }[];
  warnings: string[];
  summary: RunFinishedSummary | undefined;
  error: { code: string; message: string; hint?: string } | undefined;
}

export interface RunRecorder {
  readonly record: RunRecord;
  readonly sink: (event: RunEvent) => void;
  fail(error: { code: string; message: string; hint?: string }): void;
}

export function createRunRecorder(meta: {
  integration: string;
  phase: number;
  title: string;
  sop: string;
  tenantId: string;
  dryRun: boolean;
}): RunRecorder {
  const record: RunRecord = {
    runId: undefined,
    ...meta,
    plan: undefined,
    steps: [],
    approvals: [],
    warnings: [],
    summary: undefined,
    error: undefined,
  };
  const started = new Map<string, number>();
  const stepOf = (id: string): StepRecord | undefined => record.steps.find((s) => s.step.id === id);
  const sink = (event: RunEvent): void => {
    switch (event.type) {
      case 'run.started':
        record.runId = event.runId;
        break;
      case 'plan':
        record.plan = event.plan;
        record.steps = event.plan.steps.map((step) => ({
          step,
          outcome: meta.dryRun ? 'planned' : 'not-run',
        }));
        break;
      case 'gate.approved':
        record.approvals.push({
          gate: event.gate,
          approver: event.approver,
          role: event.role,
          via: event.via,
        });
        break;
      case 'step.started':
        if (event.phase === 'apply' && !started.has(event.stepId)) started.set(event.stepId, Date.now());
        break;
      case 'step.applied': {
        const s = stepOf(event.stepId);
        if (s) {
          s.outcome = 'applied';
          s.outputs = event.outputs;
          const t = started.get(event.stepId);
          if (t !== undefined) s.durationMs = Date.now() - t;
        }
        break;
      }
      case 'step.skipped': {
        const s = stepOf(event.stepId);
        if (s) {
          s.outcome = event.reason.includes('earlier attempt') ? 'skipped' : 'unchanged';
          if (event.outputs) s.outputs = event.outputs;
        }
        break;
      }
      case 'step.verified': {
        const s = stepOf(event.stepId);
        if (s)
          s.verified = {
            ok: event.ok,
            checks: event.checks,
            ...(event.verified === false ? { verified: false, reason: event.reason ?? 'not given' } : {}),
          };
        break;
      }
      case 'step.failed': {
        const s = stepOf(event.stepId);
        if (s) {
          s.outcome = 'failed';
          s.error = { ...event.error, phase: event.phase };
        }
        break;
      }
      case 'step.waiting': {
        const s = stepOf(event.stepId);
        if (s) {
          s.outcome = 'waiting';
          s.waiting = event.reason;
        }
        break;
      }
      case 'warning':
        record.warnings.push(event.message);
        break;
      case 'run.finished':
        record.summary = event.summary;
        if (event.summary.runId) record.runId = event.summary.runId;
        break;
      default:
        break;
    }
  };
  return {
    record,
    sink,
    fail(error) {
      record.error = error;
    },
  };
}
