// auditLogs/signIns as Graph serves it (Learn "List signIns", v1.0 and beta):
// - v1.0 lists user sign-ins only and its signIn type has no signInEventTypes
//   (reference/graph/v1.0-metadata.xml): client-credential sign-ins never appear there.
// - beta lists interactive user sign-ins by default; other kinds only when asked with
//   `$filter=signInEventTypes/any(t: t eq 'servicePrincipal')`, combinable with `appId eq '…'`
//   and `createdDateTime ge …`.
// - Both need an Entra ID P1/P2 tenant, else 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant
//   (microsoft-graph-docs#4336 on the beta List signIns page).
import type { SignInRecord } from '../../../sandbox/state/model.ts';
import { graphFailure } from './errors.ts';
import { route } from './keys.ts';
import { READ_AUDIT_LOGS } from './permissions.ts';
import { pageOf } from './odata.ts';
import type { GraphCall, GraphDeps, GraphResult, GraphRouter } from './types.ts';

const USER_TYPES = ['interactiveUser'];

type Predicate = (signIn: BetaSignIn) => boolean;

interface BetaSignIn extends Omit<SignInRecord, 'signInEventTypes'> {
  servicePrincipalName: string;
  signInEventTypes: string[];
}

function unsupported(part: string): Error {
  return graphFailure(400, 'Request_UnsupportedQuery', `Invalid filter clause: '${part.trim()}'.`);
}

const EVENT_TYPES = /^signInEventTypes\/any\(\s*(\w+)\s*:\s*(.+)\)$/i;
const STRING_EQ = /^(appId|servicePrincipalId|id|appDisplayName)\s+eq\s+'((?:[^']|'')*)'$/i;
const DATE_CMP = /^createdDateTime\s+(ge|gt|le|lt)\s+(\d{4}-\d\d-\d\dT[0-9:.]+Z)$/i;

function eventTypesClause(variable: string, body: string, part: string): Predicate {
  const wanted = body.split(/\s+or\s+/i).map((alt) => {
    const m = new RegExp(`^${variable}\\s+eq\\s+'(\\w+)'$`, 'i').exec(alt.trim());
    if (!m) throw unsupported(part);
    return m[1]!;
  });
  return (s) => s.signInEventTypes.some((t) => wanted.includes(t));
}

function clauseOf(part: string): { predicate: Predicate; eventTypes: boolean } {
  const text = part
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  const events = EVENT_TYPES.exec(text);
  if (events) return { predicate: eventTypesClause(events[1]!, events[2]!.trim(), part), eventTypes: true };
  const eq = STRING_EQ.exec(text);
  if (eq) {
    const key = eq[1]!.toLowerCase();
    const value = eq[2]!.replace(/''/g, "'").toLowerCase();
    const field = (s: BetaSignIn) =>
      key === 'appid'
        ? s.appId
        : key === 'serviceprincipalid'
          ? s.servicePrincipalId
          : key === 'id'
            ? s.id
            : s.appDisplayName;
    return { predicate: (s) => field(s).toLowerCase() === value, eventTypes: false };
  }
  const date = DATE_CMP.exec(text);
  if (date) {
    const at = Date.parse(date[2]!);
    if (Number.isNaN(at)) throw unsupported(part);
    const op = date[1]!.toLowerCase();
    return {
      predicate: (s) => {
        const t = Date.parse(s.createdDateTime);
        return op === 'ge' ? t >= at : op === 'gt' ? t > at : op === 'le' ? t <= at : t < at;
      },
      eventTypes: false,
    };
  }
  throw unsupported(part);
}

function betaShape(record: SignInRecord): BetaSignIn {
  return {
    ...record,
    servicePrincipalName: record.appDisplayName,
    signInEventTypes: record.signInEventTypes ?? ['servicePrincipal'],
  };
}

function v1Shape(s: BetaSignIn): Omit<BetaSignIn, 'signInEventTypes'> {
  const { signInEventTypes: _dropped, ...v1 } = s;
  return v1;
}

export function registerSignInRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;

  function list(call: GraphCall, beta: boolean): GraphResult {
    if (ctx.store.state.tenant.entraIdPremium === false) {
      throw graphFailure(
        403,
        'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        "Neither tenant is B2C or tenant doesn't have premium license",
      );
    }
    const filter = call.query.get('$filter') ?? '';
    const clauses = filter.trim() === '' ? [] : filter.split(/\s+and\s+/i).map(clauseOf);
    // v1.0 has no signInEventTypes to filter on; beta without it lists user sign-ins only.
    if (!beta && clauses.some((c) => c.eventTypes)) {
      throw graphFailure(
        400,
        'Request_UnsupportedQuery',
        "Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn'.",
      );
    }
    const predicates = clauses.map((c) => c.predicate);
    if (!clauses.some((c) => c.eventTypes))
      predicates.push((s) => s.signInEventTypes.some((t) => USER_TYPES.includes(t)));
    const matching = Object.values(ctx.store.state.directory.signIns)
      .map(betaShape)
      .filter((s) => predicates.every((p) => p(s)))
      .sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
    const base = beta ? deps.graphUrl().replace(/\/v1\.0$/, '/beta') : deps.graphUrl();
    const page = pageOf(matching, call.query, `${base}/auditLogs/signIns`, 1000, 1000);
    return {
      status: 200,
      body: {
        '@odata.context': `${base}/$metadata#auditLogs/signIns`,
        value: beta ? page.value : page.value.map(v1Shape),
        ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
      },
      // Only v1.0 answers are checked against the v1.0 schema; beta has its own type.
      ...(beta ? {} : { graphTypes: { response: 'Collection(microsoft.graph.signIn)' } }),
    };
  }

  router.add('GET', route('/auditLogs/signIns'), { roles: READ_AUDIT_LOGS }, (call) => list(call, false));
  router.add('GET', route('/beta/auditLogs/signIns'), { roles: READ_AUDIT_LOGS }, (call) => list(call, true));
}
