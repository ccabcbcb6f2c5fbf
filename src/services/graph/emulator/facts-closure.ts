// Cuts the part of the full model that the served request bodies can reach: each served type with
// its base types, every type derived from a served or property type (any of them may be named by
// '@odata.type'; types derived from a base type are not, or the cut would hold all of Graph), and the complex and enum types of their properties and action parameters.
// Navigation targets are not followed (the sandbox takes no deep inserts), but navigation names
// stay so 'x@odata.bind' annotations are recognised. Facts only: names, types, members.
import type { GraphModel } from './csdl-model.ts';
import { SERVED_ACTIONS, SERVED_ENTITY_TYPES } from './served-types.ts';

export function servedClosure(full: GraphModel): GraphModel {
  const out: GraphModel = { types: {}, enums: {}, actions: {} };
  const pending: Array<[name: string, withDerived: boolean]> = SERVED_ENTITY_TYPES.map((t) => [t, true]);
  const expanded = new Set<string>();
  const derived = new Map<string, string[]>();
  for (const [name, type] of Object.entries(full.types))
    if (type.baseType !== undefined)
      derived.set(type.baseType, [...(derived.get(type.baseType) ?? []), name]);
  const visitType = (ref: string) => {
    const name = ref.replace(/^Collection\((.+)\)$/, '$1');
    if (full.enums[name] && !out.enums[name]) out.enums[name] = full.enums[name];
    if (full.types[name] && !out.types[name]) pending.push([name, true]);
  };
  for (const key of SERVED_ACTIONS) {
    const parameters = full.actions[key];
    if (!parameters) continue;
    out.actions[key] = parameters;
    pending.push([key.split('/')[0]!, false]);
    Object.values(parameters).forEach(visitType);
  }
  while (pending.length > 0) {
    const [name, withDerived] = pending.pop()!;
    const type = full.types[name];
    if (!type) continue;
    if (withDerived && !expanded.has(name)) {
      expanded.add(name);
      for (const child of derived.get(name) ?? []) pending.push([child, true]);
    }
    if (out.types[name]) continue;
    out.types[name] = type;
    if (type.baseType !== undefined) pending.push([type.baseType, false]);
    Object.values(type.properties).forEach(visitType);
  }
  return sortModel(out);
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function sortModel(model: GraphModel): GraphModel {
  return { types: sorted(model.types), enums: sorted(model.enums), actions: sorted(model.actions) };
}
