// The OData query options the sandbox honours: $filter (eq, joined by and), $select, $top with
// @odata.nextLink paging via an opaque $skiptoken.
import { graphFailure } from './errors.ts';
import { propertiesOf } from './schema.ts';
import { unknownPropertyMessage } from './validate.ts';

export interface FilterClause {
  property: string;
  value: string | boolean;
}

const CLAUSE = /^\s*([A-Za-z][A-Za-z0-9]*)\s+eq\s+('(?:[^']|'')*'|true|false|[0-9a-fA-F-]{36})\s*$/;

function unsupported(message: string): Error {
  return graphFailure(400, 'Request_UnsupportedQuery', message);
}

/** Parse `a eq 'x' and b eq 'y'`; property names are matched case-insensitively against `allowed`. */
export function parseFilter(filter: string | null, allowed: string[]): FilterClause[] {
  if (filter === null || filter.trim() === '') return [];
  return filter.split(/\s+and\s+/i).map((part) => {
    const m = CLAUSE.exec(part);
    if (!m) throw unsupported(`Unsupported or invalid query filter clause specified: '${part.trim()}'.`);
    const property = allowed.find((name) => name.toLowerCase() === m[1]!.toLowerCase());
    if (property === undefined) {
      throw unsupported(`Unsupported or invalid query filter clause specified for property '${m[1]}'.`);
    }
    const literal = m[2]!;
    const value =
      literal === 'true'
        ? true
        : literal === 'false'
          ? false
          : literal.startsWith("'")
            ? literal.slice(1, -1).replace(/''/g, "'")
            : literal;
    return { property, value };
  });
}

export function matchesFilter(record: object, clauses: FilterClause[]): boolean {
  const r = record as Record<string, unknown>;
  return clauses.every(({ property, value }) => {
    const actual = r[property];
    if (typeof value === 'boolean') return actual === value;
    // Directory string comparisons are case-insensitive.
    return typeof actual === 'string' && actual.toLowerCase() === value.toLowerCase();
  });
}

/** Parse $select and check each name against the type's declared properties. */
export function parseSelect(select: string | null, typeName: string): string[] | undefined {
  if (select === null || select.trim() === '') return undefined;
  const declared = propertiesOf(typeName);
  const names = select
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of names) if (declared[name] === undefined) throw unsupported(unknownPropertyMessage(name));
  return names;
}

export function applySelect<T extends object>(record: T, names: string[] | undefined): Partial<T> | T {
  if (names === undefined) return record;
  const r = record as Record<string, unknown>;
  return Object.fromEntries(names.filter((n) => n in r).map((n) => [n, r[n]])) as Partial<T>;
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

/** One page of `items` for $top/$skiptoken, with a nextLink that keeps the other query options. */
export function pageOf<T>(
  items: T[],
  query: URLSearchParams,
  selfUrl: string,
  defaultTop: number,
  maxTop = 999,
): Page<T> {
  const topText = query.get('$top');
  let top = defaultTop;
  if (topText !== null) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > maxTop) {
      throw graphFailure(
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${topText}'. Must be between 1 and ${maxTop} inclusive.`,
      );
    }
  }
  const token = query.get('$skiptoken');
  let offset = 0;
  if (token !== null) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded)
      throw graphFailure(
        400,
        'Request_BadRequest',
        'The specified page token value has expired or is invalid.',
      );
    offset = Number(decoded[1]);
  }
  const value = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { value };
  const next = new URLSearchParams(query);
  next.set('$skiptoken', Buffer.from(`o${offset + top}`, 'utf8').toString('base64url'));
  return { value, nextLink: `${selfUrl}?${next.toString()}` };
}
