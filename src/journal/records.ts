// Journal record types. Each line of a run's journal is one of these; they are validated with
// zod when read back so a hand-edited or half-written journal is caught, not trusted.
import { z } from 'zod';

const Json: z.ZodType<unknown> = z.unknown();
const JsonObject = z.record(z.string(), Json);

export const PlannedStepShape = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  gate: z.string().optional(),
  action: z.enum(['create', 'update', 'delete', 'noop', 'manual', 'wait']),
  summary: z.string(),
  changes: z.array(z.object({ path: z.string(), before: Json, after: Json })),
  calls: z.array(z.object({ service: z.string(), method: z.string(), target: z.string() })),
  details: z.array(z.string()),
  /** True when the params still held values known only after an earlier step applies. */
  pending: z.boolean(),
});

export const GateShape = z.object({ approverRole: z.string(), evidence: z.array(z.string()) });

export const RunPlanShape = z.object({
  runbookHash: z.string(),
  inputsHash: z.string(),
  integration: z.string(),
  phase: z.number(),
  steps: z.array(PlannedStepShape),
  /** The gates these steps name, so `approve` can check role and evidence without the runbook. */
  gates: z.record(z.string(), GateShape),
  hash: z.string(),
});

const base = { at: z.string() };

export const RunStarted = z.object({
  type: z.literal('run.started'),
  ...base,
  runId: z.string(),
  integration: z.string(),
  phase: z.number(),
  tenantId: z.string(),
  runbookFile: z.string(),
  runbookHash: z.string(),
  inputsHash: z.string(),
  inputs: JsonObject,
  planHash: z.string(),
  plan: RunPlanShape,
  dryRun: z.boolean(),
  startedAt: z.string(),
  toolVersion: z.string(),
});

export const GateApproved = z.object({
  type: z.literal('gate.approved'),
  ...base,
  gate: z.string(),
  approver: z.string(),
  role: z.string(),
  evidence: z.record(z.string(), z.string()),
  planHash: z.string(),
  via: z.enum(['prompt', 'file', 'journal']),
  expiresAt: z.string().optional(),
});

export const StepIntent = z.object({
  type: z.literal('step.intent'),
  ...base,
  stepId: z.string(),
  attempt: z.number(),
  /** The live state the step's plan saw before its first attempt (StepPlan.observed). A resumed
   * attempt applies against it, so the undo record still covers what the crashed attempt made. */
  observed: Json.optional(),
});
export const StepDone = z.object({
  type: z.literal('step.done'),
  ...base,
  stepId: z.string(),
  outputs: JsonObject,
  undo: JsonObject.nullable(),
});
export const StepVerified = z.object({
  type: z.literal('step.verified'),
  ...base,
  stepId: z.string(),
  ok: z.boolean(),
  checks: z.array(z.string()),
  /** false: nothing outside could prove it; ok rests on the operator's confirmation (reason says why). */
  verified: z.literal(false).optional(),
  reason: z.string().optional(),
});
export const StepFailed = z.object({
  type: z.literal('step.failed'),
  ...base,
  stepId: z.string(),
  phase: z.enum(['plan', 'apply', 'verify', 'undo']),
  error: z.object({ code: z.string(), message: z.string() }),
});
export const StepWaiting = z.object({
  type: z.literal('step.waiting'),
  ...base,
  stepId: z.string(),
  reason: z.string(),
});
/** Why an interrupted run stopped: "stopped by SIGINT", "the output pipe closed (stdout: EPIPE)". */
const stopReason = { reason: z.string().optional() };

export const RunFinished = z.object({
  type: z.literal('run.finished'),
  ...base,
  outcome: z.enum(['succeeded', 'failed', 'interrupted', 'refused']),
  ...stopReason,
});
export const RollbackStarted = z.object({ type: z.literal('rollback.started'), ...base });
export const RollbackIntent = z.object({ type: z.literal('rollback.intent'), ...base, stepId: z.string() });
export const RollbackDone = z.object({ type: z.literal('rollback.done'), ...base, stepId: z.string() });
export const RollbackFinished = z.object({
  type: z.literal('rollback.finished'),
  ...base,
  outcome: z.enum(['rolled-back', 'failed', 'interrupted']),
  ...stopReason,
});

export const JournalRecord = z.discriminatedUnion('type', [
  RunStarted,
  GateApproved,
  StepIntent,
  StepDone,
  StepVerified,
  StepFailed,
  StepWaiting,
  RunFinished,
  RollbackStarted,
  RollbackIntent,
  RollbackDone,
  RollbackFinished,
]);

export type PlannedStep = z.infer<typeof PlannedStepShape>;
export type RunPlan = z.infer<typeof RunPlanShape>;
export type RunStarted = z.infer<typeof RunStarted>;
export type GateApproved = z.infer<typeof GateApproved>;
export type JournalRecord = z.infer<typeof JournalRecord>;
export type JournalRecordType = JournalRecord['type'];
/** A record as the engine writes it; the store stamps nothing, the engine supplies `at`. */
export type RecordOf<T extends JournalRecordType> = Extract<JournalRecord, { type: T }>;
