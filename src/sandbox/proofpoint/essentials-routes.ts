// Proofpoint Essentials API v1 emulation (vendor-api-notes §2): organisations addressed by their
// primary domain, literal X-User / X-Password headers, domains and users.
import type { SandboxContext } from '../context.ts';
import type { SandboxReply, SandboxRequest } from '../http/types.ts';
import type { EssentialsDomainRecord } from './model.ts';
import { proofpointStateOf } from './state.ts';
import { SANDBOX_ESSENTIALS_ORG, SANDBOX_ESSENTIALS_USER, sandboxProofpointSecrets } from './seed.ts';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function reply(status: number, body?: unknown, mutated = false): SandboxReply {
  return body === undefined ? { status, mutated } : { status, body, mutated };
}

function domainJson(d: EssentialsDomainRecord) {
  return { name: d.name, is_active: d.is_active, is_relay: d.is_relay, destination: d.destination };
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
    const id = `${org}/${name}`;
    if (state().essentialsDomains[id])
      return { ok: false, status: 409, error: `Domain ${name} already exists` };
    const record: EssentialsDomainRecord = {
      id,
      org,
      name,
      is_active: body.is_active !== false,
      is_relay: body.is_relay === true,
      destination: typeof body.destination === 'string' ? body.destination : null,
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
        return reply(200, {
          domains: Object.values(state().essentialsDomains)
            .filter((d) => d.org === org)
            .map(domainJson),
        });
      if (request.method !== 'POST') return reply(405, { errors: ['Method not allowed'] });
      let body: unknown;
      try {
        body = JSON.parse(request.rawBody);
      } catch {
        return reply(400, { errors: ['Request body is not JSON'] });
      }
      const list = (body as { domains?: unknown }).domains;
      if (!Array.isArray(list) || list.length === 0)
        return reply(422, { errors: ['domains: a non-empty list is required'] });
      const results = list.map((entry) => addDomain(org, (entry ?? {}) as Record<string, unknown>));
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
    if (request.method === 'DELETE') {
      if (!existing) return reply(404, { errors: [`Domain ${item} not found`] });
      delete state().essentialsDomains[id];
      return reply(204, undefined, true);
    }
    return reply(405, { errors: ['Method not allowed'] });
  };
}
