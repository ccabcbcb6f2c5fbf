// Shared handling of named admin objects: lookup by Identity, Name or Guid (case-insensitive, as
// Exchange resolves identities), unique names, and the environment cmdlets run in.
import type { SandboxState } from '../../../sandbox/state/model.ts';
import { exoFailure, EXCEPTIONS, notFoundFailure } from './errors.ts';
import type { ExchangeObjectRecord, ExchangeState } from './model.ts';

export interface CmdletEnv {
  state: SandboxState;
  exchange: ExchangeState;
  newGuid(): string;
  now(): string;
}

export type Collection = Record<string, ExchangeObjectRecord>;

export function tenantName(env: CmdletEnv): string {
  const initial = env.state.tenant.verifiedDomains.find((d) => d.isInitial)?.name ?? env.state.tenant.id;
  return `${initial.split('.')[0]!.toUpperCase()}.PROD.OUTLOOK.COM`;
}

export function findObject(collection: Collection, identity: string): ExchangeObjectRecord | undefined {
  const wanted = identity.toLowerCase();
  return Object.values(collection).find(
    (o) => o.Identity.toLowerCase() === wanted || o.Name.toLowerCase() === wanted || o.Guid === wanted,
  );
}

export function requireObject(
  env: CmdletEnv,
  collection: Collection,
  identity: string,
): ExchangeObjectRecord {
  const found = findObject(collection, identity);
  if (!found) throw notFoundFailure(identity, tenantName(env));
  return found;
}

/** Names are unique per object type; `self` is the object being renamed, if any. */
export function assertNameFree(
  collection: Collection,
  name: string,
  noun: string,
  self?: ExchangeObjectRecord,
): void {
  const clash = Object.values(collection).find(
    (o) => o.Name.toLowerCase() === name.toLowerCase() && o.Guid !== self?.Guid,
  );
  if (clash) {
    throw exoFailure(
      400,
      EXCEPTIONS.alreadyExists,
      `The ${noun} "${name}" already exists. Specify a different name.`,
    );
  }
}

/** Settable fields only: Identity and Name bookkeeping stay with the caller. */
export function settings(bound: Record<string, unknown>): Record<string, unknown> {
  const { Identity: _identity, ...rest } = bound;
  return rest;
}

export function created(
  env: CmdletEnv,
  fields: Record<string, unknown> & { Name: string },
): ExchangeObjectRecord {
  return { ...fields, Identity: fields.Name, Guid: env.newGuid(), WhenCreated: env.now() };
}
