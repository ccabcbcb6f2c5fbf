// intune.assignment: assign an app as Required to Entra device group(s), one assignment each
// (POST /assignments, which leaves other assignments alone). "All Devices" is refused unless
// `allowAllDevices: true`, as the SOP warns. Undo removes exactly what was added.
import { z } from 'zod';
import { InputError, ServiceError } from '../../../../errors.ts';
import type { MobileAppAssignment } from '../../client/client.ts';
import { defineStep, isUnknown, unknownValue, type StepContext } from '../../../../steps/contract.ts';
import { show } from '../../../../steps/show.ts';

const ALL_DEVICES = /^all devices$/i;

export const IntuneAssignmentParams = z.strictObject({
  appId: z.string().min(1),
  /** Entra group display names or object ids; "All Devices" needs allowAllDevices. */
  groups: z.array(z.string().min(1)).min(1),
  intent: z.enum(['required', 'available', 'uninstall']).default('required'),
  allowAllDevices: z.boolean().default(false),
});
export type IntuneAssignmentParams = z.infer<typeof IntuneAssignmentParams>;

/** The plan's observation: the app's assignments before this run (undo never removes these). */
const Observed = z.object({ assignmentIds: z.array(z.string()) });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refuseAllDevices(params: IntuneAssignmentParams): void {
  if (params.groups.some((g) => ALL_DEVICES.test(g)) && !params.allowAllDevices)
    throw new InputError('Assigning the agent to "All Devices" is refused', [], {
      hint: 'The SOP says to avoid All Devices: name the Entra device group(s), or set allowAllDevices: true deliberately.',
    });
}

async function resolveGroups(ctx: StepContext, params: IntuneAssignmentParams) {
  const graph = await ctx.services.graph();
  const groups: { id: string; name: string }[] = [];
  for (const group of params.groups) {
    if (ALL_DEVICES.test(group)) {
      groups.push({ id: 'allDevices', name: 'All Devices' });
      continue;
    }
    if (GUID.test(group)) {
      groups.push({ id: group.toLowerCase(), name: group });
      continue;
    }
    const found = await graph.findGroupByDisplayName(group);
    if (!found)
      throw new ServiceError(
        'graph',
        'not-found',
        `Entra group ${group} does not exist`,
        { operation: 'groups.findByDisplayName' },
        {
          hint: 'Create the device group in Entra (or fix the name in the runbook inputs), then run again.',
        },
      );
    groups.push({ id: found.id, name: group });
  }
  return groups;
}

function targetOf(a: MobileAppAssignment): string {
  return a.target['@odata.type'] === '#microsoft.graph.allDevicesAssignmentTarget'
    ? 'alldevices'
    : String(a.target.groupId ?? '').toLowerCase();
}

async function missingGroups(ctx: StepContext, params: IntuneAssignmentParams) {
  const groups = await resolveGroups(ctx, params);
  if (isUnknown(params.appId)) return { groups, missing: groups, existing: undefined };
  const existing = await (await ctx.services.graph()).listAppAssignments(params.appId);
  const assigned = new Set(existing.filter((a) => a.intent === params.intent).map(targetOf));
  return { groups, missing: groups.filter((g) => !assigned.has(g.id.toLowerCase())), existing };
}

export const intuneAssignmentStep = defineStep<IntuneAssignmentParams>({
  type: 'intune.assignment',
  description:
    'Assign an Intune app (Required by default) to Entra device groups; refuses All Devices unless allowed',
  params: IntuneAssignmentParams,
  outputs: ['assignmentIds'],
  mutating: true,
  async plan(ctx, params) {
    refuseAllDevices(params);
    const { groups, missing, existing } = await missingGroups(ctx, params);
    const names = (list: typeof groups) => list.map((g) => g.name);
    // Unknown while the app is only planned: the plan made just before apply has it.
    const observed = existing ? { observed: { assignmentIds: existing.map((a) => a.id) } } : {};
    if (missing.length === 0) {
      return {
        action: 'noop',
        summary: `keep ${params.intent} assignment to ${names(groups).join(', ')}`,
        changes: [],
        calls: [],
        knownOutputs: { assignmentIds: (existing ?? []).map((a) => a.id) },
        ...observed,
      };
    }
    return {
      ...observed,
      action: 'create',
      summary: `assign ${params.intent} to ${names(missing).join(', ')}`,
      changes: [
        {
          path: `assignments.${params.intent}`,
          // With the app not known yet, its current assignments are not known either.
          before: isUnknown(params.appId)
            ? unknownValue('current assignments of the app')
            : names(groups.filter((g) => !missing.includes(g))),
          after: isUnknown(params.appId)
            ? unknownValue(`${names(groups).join(', ')} unless already assigned`)
            : names(groups),
        },
      ],
      calls: missing.map((g) => ({
        service: 'graph',
        method: 'POST',
        target: `/deviceAppManagement/mobileApps/${params.appId}/assignments (${params.intent}, group ${g.name})`,
      })),
    };
  },
  async apply(ctx, params, plan) {
    refuseAllDevices(params);
    const graph = await ctx.services.graph();
    const { groups, missing, existing } = await missingGroups(ctx, params);
    // After a crash, assignments to our groups that were absent when the run first planned were
    // made by the interrupted attempt: they are this run's to undo, although present now.
    const seen = Observed.safeParse(plan.observed);
    const ours = new Set(groups.map((g) => g.id.toLowerCase()));
    const added = seen.success
      ? (existing ?? [])
          .filter((a) => a.intent === params.intent && ours.has(targetOf(a)))
          .filter((a) => !seen.data.assignmentIds.includes(a.id))
          .map((a) => a.id)
      : [];
    for (const group of missing) {
      const assignment = await graph.addGroupAssignment(params.appId, group.id, params.intent);
      added.push(assignment.id);
      ctx.log.info(`assigned ${params.intent} to ${group.name}`);
    }
    return { outputs: { assignmentIds: added }, undo: { appId: params.appId, assignmentIds: added } };
  },
  async verify(ctx, params) {
    const { groups, missing } = await missingGroups(ctx, params);
    return {
      ok: missing.length === 0,
      checks: groups.map(
        (g) => `${params.intent} assignment to ${g.name}: ${missing.includes(g) ? 'missing' : 'present'}`,
      ),
    };
  },
  async undo(ctx, record) {
    const graph = await ctx.services.graph();
    const ids = Array.isArray(record.assignmentIds) ? record.assignmentIds.map(String) : [];
    for (const id of ids) {
      try {
        await graph.deleteAppAssignment(show(record.appId), id);
      } catch (error) {
        if (!(error instanceof ServiceError && error.kind === 'not-found')) throw error;
      }
    }
    ctx.log.info(`removed ${ids.length} assignment(s)`);
  },
});
