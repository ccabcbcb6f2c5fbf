// Builders for Graph's success bodies: one entity with @odata.context, or a page of a collection.
import { applySelect, matchesFilter, pageOf, parseFilter, parseSelect } from './odata.ts';
import type { GraphCall, GraphDeps, GraphResult } from './types.ts';

export function entityResult(
  deps: GraphDeps,
  call: GraphCall,
  contextPath: string,
  typeName: string,
  record: object,
  status = 200,
): GraphResult {
  const select = parseSelect(call.query.get('$select'), typeName);
  return {
    status,
    body: {
      '@odata.context': `${deps.graphUrl()}/$metadata#${contextPath}/$entity`,
      ...applySelect(record, select),
    },
    graphTypes: { response: typeName },
  };
}

export interface ListOptions {
  filterable: string[];
  defaultTop?: number;
}

export function listResult(
  deps: GraphDeps,
  call: GraphCall,
  contextPath: string,
  typeName: string,
  records: object[],
  options: ListOptions,
): GraphResult {
  const clauses = parseFilter(call.query.get('$filter'), options.filterable);
  const select = parseSelect(call.query.get('$select'), typeName);
  const matching = records.filter((r) => matchesFilter(r, clauses));
  const page = pageOf(matching, call.query, `${deps.graphUrl()}${call.path}`, options.defaultTop ?? 100);
  const context = select === undefined ? contextPath : `${contextPath}(${select.join(',')})`;
  return {
    status: 200,
    body: {
      '@odata.context': `${deps.graphUrl()}/$metadata#${context}`,
      value: page.value.map((r) => applySelect(r, select)),
      ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
    },
    graphTypes: { response: `Collection(${typeName})` },
  };
}

export function noContent(): GraphResult {
  return { status: 204, mutated: true };
}
