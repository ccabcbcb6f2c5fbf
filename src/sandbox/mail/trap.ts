// Threat Response Auto-Pull in the sandbox: once TAP classifies a delivered message as a threat,
// TRAP (connected through the portal's TRAP wizard) moves it out of the recipient's inbox with its
// Microsoft 365 app. The pull works only if that app still holds Mail.ReadWrite with consent.
import { seededUuid } from '../ids.ts';
import { proofpointStateOf } from '../../services/proofpoint/emulator/state.ts';
import { GRAPH_APP_ID } from '../seed/first-party-roles.ts';
import type { SandboxState } from '../state/model.ts';
import type { TrapPullRecord } from './model.ts';

const REQUIRED_ROLE = 'Mail.ReadWrite';

/** Why the TRAP app cannot move mail, or undefined when it can. */
function cannotPull(state: SandboxState, appId: string): string | undefined {
  const { servicePrincipals, appRoleAssignments } = state.directory;
  const app = Object.values(servicePrincipals).find((sp) => sp.appId === appId && sp.accountEnabled);
  if (!app) return `no enabled service principal for the TRAP app ${appId}`;
  const graph = Object.values(servicePrincipals).find((sp) => sp.appId === GRAPH_APP_ID);
  const roleId = graph?.appRoles.find((r) => r.value === REQUIRED_ROLE)?.id;
  const granted = Object.values(appRoleAssignments).some(
    (a) => a.principalId === app.id && a.resourceId === graph?.id && a.appRoleId === roleId,
  );
  return granted ? undefined : `the TRAP app ${appId} has no admin-consented ${REQUIRED_ROLE}`;
}

/** TRAP's pull of one delivered threat; undefined when TRAP is not connected. */
export function trapPull(
  state: SandboxState,
  messageId: string,
  recipient: string,
  now: Date,
): TrapPullRecord | undefined {
  const proofpoint = proofpointStateOf(state);
  const connection = proofpoint.portal.trap;
  if (!connection) return undefined;
  state.meta.idCounter += 1;
  const reason = cannotPull(state, connection.appId) ?? null;
  const record: TrapPullRecord = {
    id: seededUuid(state.seed, `trapPull:${state.meta.idCounter}`),
    messageId,
    recipient,
    pulledAt: now.toISOString(),
    appId: connection.appId,
    result: reason === null ? 'quarantined' : 'failed',
    reason,
  };
  (proofpoint.trapPulls ??= {})[record.id] = record;
  if (reason === null) {
    const inbox = state.mail?.mailboxes[recipient.toLowerCase()]?.inbox;
    if (inbox) inbox.splice(0, inbox.length, ...inbox.filter((id) => id !== messageId));
  }
  return record;
}
