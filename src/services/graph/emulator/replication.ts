// Entra replication lag. Right after an application (or its service principal) is created, other
// directory replicas do not know it yet: the service-principal upsert answers 400 "The appId '…'
// of the service principal does not reference a valid application object." (msgraph-sdk-dotnet#3108,
// PropertyErrorCode NoBackingApplicationObject in kubernetes-anywhere#251), and granting an app role
// to a new service principal answers 400 "Not a valid reference update." (msgraph-bicep-types#193;
// microsoft-graph-docs#9738). The sandbox reproduces it only while a `replication-lag` fault rule
// is active, so that tests can prove the tool rides through it.
import type { SandboxContext } from '../../../sandbox/context.ts';
import { badRequest } from './errors.ts';

/** When each object was created, by id (ms precision; records keep only whole seconds). */
const created = new WeakMap<SandboxContext, Map<string, number>>();

export function noteCreated(ctx: SandboxContext, objectId: string): void {
  const births = created.get(ctx) ?? new Map<string, number>();
  created.set(ctx, births);
  births.set(objectId, ctx.now());
}

function ageOf(ctx: SandboxContext, objectId: string): number | undefined {
  const at = created.get(ctx)?.get(objectId);
  return at === undefined ? undefined : ctx.now() - at;
}

export interface ReplicationCall {
  method: string;
  path: string;
}

function lagging(ctx: SandboxContext, call: ReplicationCall, objectId: string): boolean {
  const age = ageOf(ctx, objectId);
  // Objects this process did not create (seeded, loaded from a state file) replicated long ago.
  if (age === undefined) return false;
  return ctx.faults.lagging({ service: 'graph', method: call.method, path: call.path }, age);
}

/** The SP upsert for an application other replicas do not know yet. */
export function assertApplicationReplicated(
  ctx: SandboxContext,
  call: ReplicationCall | undefined,
  app: { id: string; appId: string },
): void {
  if (call && lagging(ctx, call, app.id))
    throw badRequest(
      `The appId '${app.appId}' of the service principal does not reference a valid application object.`,
    );
}

/** An app role grant whose principal other replicas do not know yet. */
export function assertPrincipalReplicated(
  ctx: SandboxContext,
  call: ReplicationCall,
  principalId: string,
): void {
  if (lagging(ctx, call, principalId)) throw badRequest('Not a valid reference update.');
}
