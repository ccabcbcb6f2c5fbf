// Reading and annotating runs: `runs`, `show`, `approve <run-id>` and `unlock`.
import { InputError } from '../errors.ts';
import {
  replay,
  summarizeRun,
  type GateApproved,
  type JournalDamage,
  type JournalStore,
  type RunList,
  type RunStarted,
  type RunState,
  type RunSummary,
  type TornTail,
} from '../journal/index.ts';
import { globalRedactor, type Redactor } from '../redact.ts';
import { rejectionOf } from './gates.ts';
import { noStartRecord, refuseDamaged } from './journal-damage.ts';
import type { LockInfo } from './lock.ts';
import type { LockStore } from './lock-store.ts';
import { storesFor, type StoresConfig } from './lock-stores.ts';
import type { Approval } from './types.ts';

export interface StoreOptions {
  config: StoresConfig;
  redactor: Redactor;
  journal?: JournalStore;
  locks?: LockStore;
  now?: () => Date;
}

async function storeOf(opts: StoreOptions): Promise<JournalStore> {
  return opts.journal ?? (await storesFor(opts.config, opts.redactor)).journal;
}

/** Every run, newest first, and the journals that are damaged. */
export async function listRuns(opts: StoreOptions): Promise<RunList> {
  const { runs, damaged } = await (await storeOf(opts)).list();
  return { runs: runs.reverse(), damaged: damaged.reverse() };
}

/** A run's start record and damage, without requiring either (resume and rollback decide). */
export async function readRun(
  runId: string,
  opts: StoreOptions,
): Promise<{ started?: RunStarted; damage?: JournalDamage }> {
  const journal = await (await storeOf(opts)).read(runId);
  const started = replay(journal.records).started;
  return { ...(started ? { started } : {}), ...(journal.damage ? { damage: journal.damage } : {}) };
}

export interface RunDetails {
  summary: RunSummary;
  state: RunState;
  tornTail?: TornTail;
  /** Damaged lines: the summary and state rest on the intact records only. */
  damage?: JournalDamage;
}

export async function showRun(runId: string, opts: StoreOptions): Promise<RunDetails> {
  const journal = await (await storeOf(opts)).read(runId);
  const summary = summarizeRun(runId, journal);
  if (!summary) throw noStartRecord(runId, journal.damage);
  const state = replay(journal.records);
  return {
    summary,
    state,
    ...(journal.tornTail ? { tornTail: journal.tornTail } : {}),
    ...(journal.damage ? { damage: journal.damage } : {}),
  };
}

/**
 * Record an approval in a run's journal (`approve <run-id> --gate <id>`). The gate is either a
 * gate of the run's plan (role and evidence are checked now, so a typo fails here and not at
 * resume) or the id of a manual step being confirmed.
 */
export async function approveRun(
  runId: string,
  approval: Omit<Approval, 'planHash'>,
  opts: StoreOptions,
): Promise<GateApproved> {
  const store = await storeOf(opts);
  const journal = await store.read(runId);
  // An approval is only of use to a resume, which a damaged journal refuses.
  if (journal.damage) throw refuseDamaged(runId, journal.damage, 'approved');
  const state = replay(journal.records);
  const plan = state.started?.plan;
  if (!plan) throw new InputError(`run ${runId} has no run.started record`);
  const gate = plan.gates[approval.gate];
  const manual = plan.steps.find((s) => s.id === approval.gate && s.action === 'manual');
  if (!gate && !manual) {
    const known = [
      ...Object.keys(plan.gates),
      ...plan.steps.filter((s) => s.action === 'manual').map((s) => s.id),
    ];
    throw new InputError(
      `run ${runId} has no gate or manual step "${approval.gate}" (known: ${known.join(', ') || 'none'})`,
    );
  }
  const full: Approval = { ...approval, planHash: plan.hash };
  const why = rejectionOf(
    full,
    {
      gate: approval.gate,
      ...(gate ? { approverRole: gate.approverRole } : {}),
      evidence: gate?.evidence ?? [],
      planHash: plan.hash,
    },
    opts.now?.() ?? new Date(),
  );
  if (why !== undefined) throw new InputError(`this approval would not count: ${why}`);
  const record: GateApproved = {
    type: 'gate.approved',
    at: (opts.now?.() ?? new Date()).toISOString(),
    gate: full.gate,
    approver: full.approver,
    role: full.role,
    evidence: full.evidence,
    planHash: full.planHash,
    via: 'journal',
    ...(full.expiresAt ? { expiresAt: full.expiresAt } : {}),
  };
  await store.append(runId, record);
  return record;
}

/**
 * Break a tenant + integration lock left by a crashed run; undefined when there was none.
 * `force` breaks even a holder whose PID is alive on this host (see lock.ts).
 */
export async function unlock(
  tenantId: string,
  integration: string,
  opts: Pick<StoreOptions, 'config' | 'locks'> & { redactor?: Redactor; force?: boolean },
): Promise<LockInfo | undefined> {
  const locks = opts.locks ?? (await storesFor(opts.config, opts.redactor ?? globalRedactor)).locks;
  return locks.break(tenantId, integration, { force: opts.force ?? false });
}
