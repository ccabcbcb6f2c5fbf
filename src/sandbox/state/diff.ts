// Structural diff of two snapshots, generic over the state: every `section.collection` map of
// records keyed by id is compared, except volatile bookkeeping (tokens, secret hashes, counters).
import type { DiffEntry, DiffOptions, StateDiff } from '../types.ts';
import { SIGN_IN_COLLECTION, VOLATILE_COLLECTIONS, type SandboxState } from './model.ts';

const SINGULAR: Record<string, string> = {
  users: 'user',
  groups: 'group',
  applications: 'application',
  servicePrincipals: 'servicePrincipal',
  appRoleAssignments: 'appRoleAssignment',
  roleDefinitions: 'roleDefinition',
  roleAssignments: 'roleAssignment',
  deletedItems: 'deletedItem',
  signIns: 'signIn',
};

type Collections = Map<string, Record<string, unknown>>;

function collectionsOf(state: SandboxState, options: DiffOptions): Collections {
  const out: Collections = new Map();
  for (const [section, value] of Object.entries(state)) {
    if (section === 'meta' || section === 'tenant' || value === null || typeof value !== 'object') continue;
    for (const [name, records] of Object.entries(value as Record<string, unknown>)) {
      const path = `${section}.${name}`;
      if (VOLATILE_COLLECTIONS.has(path)) continue;
      if (path === SIGN_IN_COLLECTION && options.includeSignIns !== true) continue;
      if (records !== null && typeof records === 'object') out.set(path, records as Record<string, unknown>);
    }
  }
  return out;
}

/** A name a person recognises, whatever the record is. */
function labelOf(record: unknown): string {
  if (record === null || typeof record !== 'object') return '';
  const r = record as Record<string, unknown>;
  if (typeof r.displayName === 'string') return r.displayName;
  if (typeof r.object === 'object' && r.object !== null) return `deleted ${labelOf(r.object)}`;
  if (typeof r.principalDisplayName === 'string' && typeof r.resourceDisplayName === 'string') {
    return `${r.principalDisplayName} -> ${r.resourceDisplayName} (${String(r.appRoleId)})`;
  }
  if (typeof r.roleDefinitionId === 'string') return `${String(r.principalId)} as ${r.roleDefinitionId}`;
  if (typeof r.appDisplayName === 'string') return r.appDisplayName;
  // Exchange objects (connectors, transport rules) are identified by Name.
  if (typeof r.Name === 'string') return r.Name;
  return '';
}

function changedFields(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

export function diffStates(before: SandboxState, after: SandboxState, options: DiffOptions = {}): StateDiff {
  const diff: StateDiff = { created: [], changed: [], deleted: [] };
  const b = collectionsOf(before, options);
  const a = collectionsOf(after, options);
  for (const path of new Set([...b.keys(), ...a.keys()])) {
    const name = path.split('.')[1] ?? path;
    const kind = SINGULAR[name] ?? name;
    const was = b.get(path) ?? {};
    const now = a.get(path) ?? {};
    for (const id of new Set([...Object.keys(was), ...Object.keys(now)])) {
      const old = was[id];
      const fresh = now[id];
      const base = { kind, collection: path, id };
      if (old === undefined) {
        diff.created.push({ ...base, displayName: labelOf(fresh), after: fresh });
      } else if (fresh === undefined) {
        diff.deleted.push({ ...base, displayName: labelOf(old), before: old });
      } else {
        const fields = changedFields(old, fresh);
        if (fields.length > 0) {
          const entry: DiffEntry = {
            ...base,
            displayName: labelOf(fresh),
            changedFields: fields,
            before: old,
            after: fresh,
          };
          diff.changed.push(entry);
        }
      }
    }
  }
  return diff;
}

export function isEmptyDiff(diff: StateDiff): boolean {
  return diff.created.length === 0 && diff.changed.length === 0 && diff.deleted.length === 0;
}
