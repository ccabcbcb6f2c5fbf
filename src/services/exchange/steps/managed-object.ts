// The plan/apply/verify/undo shared by the Exchange steps that manage one named object
// (inbound connector, outbound connector, transport rule): find it by Name, compare every managed
// setting, New- when missing, Set- only what differs, verify by reading back, and undo by
// Remove- (when this run created it) or Set- back to the values captured before.
import { z } from 'zod';
import type { ExchangeClient, ObjectApi } from '../client/index.ts';
import { InputError, ServiceError } from '../../../errors.ts';
import {
  isUnknown,
  type ApplyResult,
  type Change,
  type JsonValue,
  type Outputs,
  type StepContext,
  type StepPlan,
  type UndoRecord,
  type VerifyResult,
} from '../../../steps/contract.ts';

export type SettingValue = string | number | boolean | string[] | null;
export type Settings = Record<string, SettingValue>;

export interface ManagedObjectSpec<Params, Item extends { Name: string; Identity: string; Guid: string }> {
  /** Cmdlet noun, e.g. 'InboundConnector'. */
  noun: string;
  /** For people, e.g. 'inbound connector'. */
  label: string;
  api(exchange: ExchangeClient): ObjectApi<Item, never>;
  name(params: Params): string;
  /** The managed settings as cmdlet parameters (Name included). */
  desired(params: Params): Settings;
  /**
   * Settings sent only when the object is created, never compared or changed afterwards: for a
   * cmdlet default that must not apply at creation, while a later step owns the setting.
   */
  onCreate?(params: Params): Settings;
  /** The same settings as the live object has them. */
  current(item: Item): Settings;
  /** Lines for reviewers (dependencies, what a setting means). */
  details?(params: Params): string[];
}

/** Lists compare as sets (Exchange does not keep order); text lists case-insensitively. */
export function sameValue(a: SettingValue | undefined, b: SettingValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const norm = (v: SettingValue | undefined) =>
      (Array.isArray(v) ? v : v === null || v === undefined ? [] : [String(v)])
        .map((x) => x.toLowerCase())
        .sort();
    return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
  }
  return (a ?? null) === (b ?? null);
}

export function differences(desired: Settings, current: Settings): string[] {
  return Object.keys(desired).filter((key) => !sameValue(desired[key], current[key]));
}

function pick(settings: Settings, keys: string[]): Settings {
  return Object.fromEntries(keys.map((k) => [k, settings[k] ?? null]));
}

/** What the plan saw, so apply after a crash knows whether the object existed before this run. */
const Observed = z.object({
  existed: z.boolean(),
  guid: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
});

export const ManagedObjectUndo = z.object({
  noun: z.string(),
  name: z.string(),
  /** GUID of the object, the identity undo addresses it by (a name may have changed). */
  identity: z.string(),
  created: z.boolean(),
  /** Values of the settings this run changed, as they were before. */
  previous: z.record(z.string(), z.unknown()),
});
export type ManagedObjectUndo = z.infer<typeof ManagedObjectUndo>;

function outputsOf(item: { Name: string; Identity: string; Guid: string }): Outputs {
  return { name: item.Name, identity: item.Identity, guid: item.Guid };
}

function summaryValue(value: SettingValue): string {
  return JSON.stringify(value);
}

export function managedObjectStep<Params, Item extends { Name: string; Identity: string; Guid: string }>(
  spec: ManagedObjectSpec<Params, Item>,
) {
  const apiOf = async (ctx: StepContext) =>
    spec.api(await ctx.services.exchange()) as unknown as ObjectApi<Item, Settings>;
  const call = (method: string, parameters: Settings) => ({
    service: 'exchange',
    method: `${method}-${spec.noun}`,
    target: Object.entries(parameters)
      .map(([k, v]) => `-${k} ${summaryValue(v)}`)
      .join(' '),
  });

  async function plan(ctx: StepContext, params: Params): Promise<StepPlan> {
    const api = await apiOf(ctx);
    const name = spec.name(params);
    const desired = spec.desired(params);
    const details = spec.details?.(params) ?? [];
    if (isUnknown(name)) {
      // The object is one an earlier step of this run creates: what it holds is known only then.
      return {
        action: 'update',
        summary: `set ${Object.keys(desired)
          .filter((k) => k !== 'Name')
          .join(', ')} on the ${spec.label} an earlier step creates`,
        changes: Object.entries(desired)
          .filter(([path]) => path !== 'Name')
          .map(([path, after]) => ({ path, before: name, after })),
        calls: [call('Set', { Identity: name, ...desired })],
        details,
      };
    }
    const item = await api.get(name);
    if (!item) {
      const created = { ...spec.onCreate?.(params), ...desired };
      return {
        action: 'create',
        summary: `create ${spec.label} ${name}`,
        changes: Object.entries(created).map(([path, after]) => ({ path, before: null, after })),
        calls: [call('New', created)],
        details,
        observed: { existed: false, guid: null, before: null },
      };
    }
    const current = spec.current(item);
    const changed = differences(desired, current);
    const observed = { existed: true, guid: item.Guid, before: current as { [k: string]: JsonValue } };
    if (changed.length === 0) {
      return {
        action: 'noop',
        summary: `keep ${spec.label} ${name} (every managed setting matches)`,
        changes: [],
        calls: [],
        details,
        knownOutputs: outputsOf(item),
        observed,
      };
    }
    const changes: Change[] = changed.map((path) => ({
      path,
      before: current[path] ?? null,
      after: desired[path],
    }));
    return {
      action: 'update',
      summary: `update ${spec.label} ${name}: ${changed.join(', ')}`,
      changes,
      calls: [call('Set', { Identity: item.Guid || item.Identity, ...pick(desired, changed) })],
      details,
      observed,
    };
  }

  async function apply(ctx: StepContext, params: Params, stepPlan: StepPlan): Promise<ApplyResult> {
    const api = await apiOf(ctx);
    const name = spec.name(params);
    const desired = spec.desired(params);
    const unresolved = Object.entries(desired).find(([, v]) => isUnknown(v));
    if (unresolved) {
      throw new InputError(`${spec.label} ${name}: ${unresolved[0]} is still unknown at apply`, [], {
        hint: 'The step it depends on has not produced its outputs; run the steps in order.',
      });
    }
    const seen = Observed.safeParse(stepPlan.observed);
    const live = await api.get(name);
    if (!live) {
      ctx.log.progress(`New-${spec.noun} ${name}`);
      const item = await api.create({ ...spec.onCreate?.(params), ...desired });
      const undo: ManagedObjectUndo = {
        noun: spec.noun,
        name,
        identity: item.Guid || item.Identity,
        created: true,
        previous: {},
      };
      return { outputs: outputsOf(item), undo: undo as unknown as UndoRecord };
    }
    // Present now but absent when planned: an earlier attempt of this run created it.
    const createdByThisRun = seen.success && !seen.data.existed;
    const current = spec.current(live);
    const changed = differences(desired, current);
    if (changed.length > 0) {
      ctx.log.progress(`Set-${spec.noun} ${name}: ${changed.join(', ')}`);
      await api.update(live.Guid || live.Identity, pick(desired, changed));
    }
    // Undo restores the state the plan saw, which an interrupted attempt may already have changed.
    const before = (seen.success && seen.data.before ? seen.data.before : current) as Settings;
    const touched = Object.keys(desired).filter((k) => !sameValue(desired[k], before[k]));
    const undo: ManagedObjectUndo = {
      noun: spec.noun,
      name,
      identity: live.Guid || live.Identity,
      created: createdByThisRun,
      previous: createdByThisRun ? {} : pick(before, touched),
    };
    const item = (await api.get(live.Guid || live.Identity)) ?? live;
    return { outputs: outputsOf(item), undo: undo as unknown as UndoRecord };
  }

  async function verify(ctx: StepContext, params: Params, outputs: Outputs): Promise<VerifyResult> {
    const api = await apiOf(ctx);
    const name = spec.name(params);
    const item = await api.get(name);
    if (!item) return { ok: false, checks: [`FAILED: ${spec.label} ${name} exists`] };
    const current = spec.current(item);
    const desired = spec.desired(params);
    const checks = [`ok: ${spec.label} ${name} exists (${item.Guid || item.Identity})`];
    let ok = outputs['guid'] === undefined || outputs['guid'] === item.Guid;
    if (!ok)
      checks.push(
        `FAILED: ${spec.label} ${name} is the object this step created (${JSON.stringify(outputs['guid'])})`,
      );
    for (const [key, want] of Object.entries(desired)) {
      const good = sameValue(want, current[key]);
      ok &&= good;
      checks.push(
        `${good ? 'ok' : 'FAILED'}: ${key} = ${summaryValue(want)}${good ? '' : ` (found ${summaryValue(current[key] ?? null)})`}`,
      );
    }
    return { ok, checks };
  }

  async function undo(ctx: StepContext, record: UndoRecord): Promise<void> {
    const parsed = ManagedObjectUndo.safeParse(record);
    if (!parsed.success || parsed.data.noun !== spec.noun) {
      throw new InputError(
        `The undo record of step ${ctx.stepId} is not one a ${spec.label} step wrote`,
        [],
        {
          hint: 'The journal may have been edited; undo this step by hand.',
        },
      );
    }
    const data = parsed.data;
    const api = await apiOf(ctx);
    try {
      if (data.created) {
        ctx.log.progress(`Remove-${spec.noun} ${data.name}`);
        await api.remove(data.identity);
      } else if (Object.keys(data.previous).length > 0) {
        ctx.log.progress(`Set-${spec.noun} ${data.name}: restoring ${Object.keys(data.previous).join(', ')}`);
        await api.update(data.identity, data.previous as Settings);
      }
    } catch (error) {
      // Already gone: undo may run twice, or someone removed it by hand.
      if (error instanceof ServiceError && error.kind === 'not-found' && data.created) return;
      throw error;
    }
  }

  return { plan, apply, verify, undo };
}
