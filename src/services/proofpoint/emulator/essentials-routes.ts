// Proofpoint Essentials API v1 emulation (vendor-api-notes §2): organisations addressed by their
// primary domain, literal X-User / X-Password headers, domains and users. A domain is the object
// the Essentials help shows ("API and Domains": name, is_active, is_relay, destination,
// failovers); GET .../domains answers a bare array of them (WYRE-AI/node-proofpoint-essentials
// types the list as Domain[]). POST takes one such object (Midnigh7/PSProofpoint
// New-ProofpointDomain) or the batch {domains: [...]} (WYRE), PUT .../domains/{d} the fields to
// change. `destination` and `failovers` must be host names or IPv4 addresses: the help's example
// uses IPs, and an Exchange Online MX host is a name; the exact validation rules and messages are
// not documented (422 with `errors[]`, as WYRE's client handles validation errors).
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import type { EssentialsDomainRecord } from './model.ts';
import { proofpointStateOf } from './state.ts';
import { SANDBOX_ESSENTIALS_ORG, SANDBOX_ESSENTIALS_USER, sandboxProofpointSecrets } from './seed.ts';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const isHost = (v: unknown): v is string => typeof v === 'string' && (DOMAIN.test(v) || IPV4.test(v));

/** Problems with the destination fields of a POST or PUT body. */
function routeProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (body.destination !== undefined && !isHost(body.destination))
    problems.push(`destination: ${JSON.stringify(body.destination)} is not a host name or IP address`);
  if (body.failovers !== undefined && !(Array.isArray(body.failovers) && body.failovers.every(isHost)))
    problems.push('failovers: a list of host names or IP addresses is required');
  for (const flag of ['is_active', 'is_relay'])
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
      problems.push(`${flag}: a boolean is required`);
  return problems;
}

function reply(status: number, body?: unknown, mutated = false): SandboxReply {
  return body === undefined ? { status, mutated } : { status, body, mutated };
}

function domainJson(d: EssentialsDomainRecord) {
  return {
    name: d.name,
    is_active: d.is_active,
    is_relay: d.is_relay,
    destination: d.destination,
    failovers: d.failovers ?? [],
  };
}

function parseBody(raw: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(raw);
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function essentialsRoutes(ctx: SandboxContext) {
  const { essentialsPassword } = sandboxProofpointSecrets(ctx.store.state.seed);
  const state = () => proofpointStateOf(ctx.store.state);

  function addDomain(
    org: string,
    body: Record<string, unknown>,
  ): { ok: true; record: EssentialsDomainRecord } | { ok: false; error: string; status: number } {
    const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
    if (!DOMAIN.test(name))
      return { ok: false, status: 422, error: `"${String(body.name)}" is not a valid domain name` };
    const problems = routeProblems(body);
    if (problems.length > 0) return { ok: false, status: 422, error: problems.join('; ') };
    const id = `${org}/${name}`;
    if (state().essentialsDomains[id])
      return { ok: false, status: 409, error: `Domain ${name} already exists` };
    const record: EssentialsDomainRecord = {
      id,
      org,
      name,
      is_active: body.is_active !== false,
      is_relay: body.is_relay === true,
      destination: typeof body.destination === 'string' ? body.destination.toLowerCase() : null,
      failovers: Array.isArray(body.failovers) ? (body.failovers as string[]) : [],
    };
    state().essentialsDomains[id] = record;
    return { ok: true, record };
  }

  return async function handle(request: SandboxRequest, sub: string): Promise<SandboxReply> {
    if (
      request.headers['x-user'] !== SANDBOX_ESSENTIALS_USER ||
      request.headers['x-password'] !== essentialsPassword
    )
      return reply(401, { errors: ['Authentication failed: check X-User and X-Password'] });
    const match = /^\/api\/v1\/orgs\/([^/]+)(?:\/(domains|users)(?:\/([^/]+))?)?$/.exec(sub);
    if (!match) return reply(404, { errors: [`No resource at ${sub}`] });
    const org = (match[1] ?? '').toLowerCase();
    if (org !== SANDBOX_ESSENTIALS_ORG) return reply(404, { errors: [`Organization ${org} not found`] });
    const kind = match[2];
    const item = match[3]?.toLowerCase();
    if (kind === undefined) {
      if (request.method !== 'GET') return reply(405, { errors: ['Method not allowed'] });
      const domains = Object.values(state().essentialsDomains).filter((d) => d.org === org);
      return reply(200, {
        name: 'Contoso Ltd',
        primary_domain: org,
        type: 'organization',
        is_active: true,
        domains: domains.map(domainJson),
      });
    }
    if (kind === 'users') {
      if (request.method !== 'GET') return reply(405, { errors: ['Method not allowed'] });
      const users = Object.values(state().essentialsUsers).filter((u) => u.org === org);
      if (item === undefined)
        return reply(200, { users: users.map(({ id: _id, org: _org, ...rest }) => rest) });
      const user = users.find((u) => u.primary_email === item);
      return user
        ? reply(200, (({ id: _id, org: _org, ...rest }) => rest)(user))
        : reply(404, { errors: [`User ${item} not found`] });
    }
    if (item === undefined) {
      if (request.method === 'GET')
        return reply(
          200,
          Object.values(state().essentialsDomains)
            .filter((d) => d.org === org)
            .map(domainJson),
        );
      if (request.method !== 'POST') return reply(405, { errors: ['Method not allowed'] });
      const body = parseBody(request.rawBody);
      if (!body) return reply(400, { errors: ['Request body is not a JSON object'] });
      if (body.domains === undefined) {
        const one = addDomain(org, body);
        return one.ok ? reply(201, domainJson(one.record), true) : reply(one.status, { errors: [one.error] });
      }
      const list = body.domains;
      if (!Array.isArray(list) || list.length === 0)
        return reply(422, { errors: ['domains: a non-empty list is required'] });
      const results = list.map((entry: unknown) =>
        addDomain(
          org,
          typeof entry === 'string' ? { name: entry } : ((entry ?? {}) as Record<string, unknown>),
        ),
      );
      const failures = results.flatMap((r) => (r.ok ? [] : [r.error]));
      const created = results.flatMap((r) => (r.ok ? [domainJson(r.record)] : []));
      if (failures.length === 0) return reply(201, { domains: created }, true);
      // Partial success is 207 Multi-Status, as the Essentials batch create answers.
      if (created.length > 0) return reply(207, { domains: created, errors: failures }, true);
      const status = results.every((r) => !r.ok && r.status === 409) ? 409 : 422;
      return reply(status, { errors: failures });
    }
    const id = `${org}/${item}`;
    const existing = state().essentialsDomains[id];
    if (request.method === 'GET')
      return existing
        ? reply(200, domainJson(existing))
        : reply(404, { errors: [`Domain ${item} not found`] });
    if (request.method === 'PUT') {
      if (!existing) return reply(404, { errors: [`Domain ${item} not found`] });
      const body = parseBody(request.rawBody);
      if (!body) return reply(400, { errors: ['Request body is not a JSON object'] });
      if (
        body.name !== undefined &&
        (typeof body.name !== 'string' || body.name.toLowerCase() !== existing.name)
      )
        return reply(422, { errors: ['name: a domain cannot be renamed'] });
      const problems = routeProblems(body);
      if (problems.length > 0) return reply(422, { errors: problems });
      if (typeof body.destination === 'string') existing.destination = body.destination.toLowerCase();
      if (Array.isArray(body.failovers)) existing.failovers = body.failovers as string[];
      if (typeof body.is_active === 'boolean') existing.is_active = body.is_active;
      if (typeof body.is_relay === 'boolean') existing.is_relay = body.is_relay;
      return reply(200, domainJson(existing), true);
    }
    if (request.method === 'DELETE') {
      if (!existing) return reply(404, { errors: [`Domain ${item} not found`] });
      delete state().essentialsDomains[id];
      return reply(204, undefined, true);
    }
    return reply(405, { errors: ['Method not allowed'] });
  };
}
