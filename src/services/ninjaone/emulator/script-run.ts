// POST /v2/device/{id}/script/run: validates the RunScriptRequest against the device's scripting
// options and records the activity an agent would report (sourceConfigUid: the action's uid, or a
// uuid for a library script; sourceName: its name); an online device completes at once, an offline
// one never starts.
import { ServiceError } from '../../../errors.ts';
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { SandboxReply } from '../../../sandbox/http/types.ts';
import { findDevice } from './device-query.ts';
import type { NinjaOneState } from './model.ts';
import { scriptCatalog, sourceUidOf } from './scripting-options.ts';

const FIRST_ACTIVITY_ID = 880_000;

const bad = (message: string) =>
  new ServiceError('ninjaone-sandbox', 'bad-request', message, {
    status: 400,
    vendorCode: 'INVALID_REQUEST',
  });

export function runOnDevice(
  ctx: SandboxContext,
  state: NinjaOneState,
  deviceId: number,
  raw: string,
): SandboxReply {
  const device = findDevice(state, ctx.store.state.seed, deviceId);
  if (!device)
    throw new ServiceError('ninjaone-sandbox', 'not-found', `Device ${deviceId} not found`, { status: 404 });
  let body: { type?: unknown; uid?: unknown; id?: unknown };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    throw bad('The body is not JSON');
  }
  if (body.type !== 'ACTION' && body.type !== 'SCRIPT') throw bad('type must be ACTION or SCRIPT');
  // Only what the device's scripting options list can run.
  const entry = scriptCatalog(ctx.store.state.seed).find((e) =>
    body.type === 'ACTION'
      ? e.type === 'ACTION' && e.uid === body.uid
      : e.type === 'SCRIPT' && e.id === body.id,
  );
  if (!entry) throw bad(body.type === 'ACTION' ? 'Unknown built-in action uid' : 'Unknown script id');
  const source = sourceUidOf(ctx.store.state.seed, entry);
  const name = entry.name;
  // Activity ids continue from the newest one (the log is volatile state, so no separate counter).
  const id = Math.max(FIRST_ACTIVITY_ID, ...Object.values(state.activities).map((a) => a.id)) + 1;
  state.activities[String(id)] = {
    id,
    activityTime: Math.floor(ctx.now() / 1000),
    deviceId,
    activityType: body.type === 'ACTION' ? 'ACTION' : 'SCRIPTING',
    statusCode: device.offline ? 'START_REQUESTED' : 'COMPLETED',
    status: device.offline ? 'Start requested' : 'Completed',
    ...(device.offline ? {} : { activityResult: 'SUCCESS' as const }),
    sourceConfigUid: source,
    sourceName: name,
    subject: name,
    message: device.offline ? `${name} is waiting for the device` : `${name} completed`,
  };
  return { status: 204, mutated: true };
}
