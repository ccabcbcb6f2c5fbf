// POST /v2/device/{id}/script/run: validates the RunScriptRequest and records the activity an
// agent would report; an online device completes at once, an offline one never starts.
import { ServiceError } from '../../errors.ts';
import type { SandboxContext } from '../context.ts';
import type { SandboxReply } from '../http/types.ts';
import { findDevice } from './device-query.ts';
import type { NinjaOneState } from './model.ts';

/** Built-in actions the sandbox knows (uids as the API reports them in scripting options). */
export const BUILT_IN_ACTIONS: Record<string, string> = {
  'a3ba5c4b-3d70-4a2c-9c19-5d4a0bf5f0a1': 'Refresh device inventory',
  'e7c1b0f2-8a6e-4f0e-b1c5-2f1d7a9e6c3b': 'Flush DNS cache',
};

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
  if (body.type === 'ACTION' && (typeof body.uid !== 'string' || !BUILT_IN_ACTIONS[body.uid]))
    throw bad('Unknown built-in action uid');
  if (body.type === 'SCRIPT' && !Number.isInteger(body.id)) throw bad('id must be a script id');
  const source = body.type === 'ACTION' ? String(body.uid) : String(body.id);
  const name = body.type === 'ACTION' ? (BUILT_IN_ACTIONS[source] ?? source) : `Script ${source}`;
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
