// Proofpoint Essentials API v1: the organisation is addressed by its primary domain; every call
// carries the literal X-User / X-Password headers (not Basic encoding), per vendor-api-notes §2.
// Domains: the body is the domain object the Essentials help shows ("API and Domains": name,
// is_active, is_relay, destination, failovers), POSTed one domain at a time to
// /orgs/{org}/domains (as Midnigh7/PSProofpoint New-ProofpointDomain does) so its destination is
// set in the same call, and PUT with only the fields to change to /orgs/{org}/domains/{domain}
// (PSProofpoint Set-ProofpointDomain). WYRE-AI/node-proofpoint-essentials batch-creates with
// {domains: string[]}, which cannot carry a destination.
import type { z } from 'zod';
import type { Redactor } from '../../../redact.ts';
import {
  parseJsonOrUndefined,
  parseVendorResponse,
  sendWithPolicy,
  type HttpPolicy,
} from '../../../core/http/index.ts';
import {
  EssentialsDomainList,
  EssentialsUserList,
  type EssentialsDomain,
  type EssentialsUser,
} from './schema.ts';

export interface EssentialsOptions {
  /** https://{stack}.proofpointessentials.com/api/v1 */
  baseUrl: string;
  orgDomain: string;
  user: string;
  password: string;
  policy: HttpPolicy;
  redactor: Redactor;
}

export interface EssentialsApi {
  readonly orgDomain: string;
  listDomains(): Promise<EssentialsDomain[]>;
  /** Adds an active, non-relay domain whose inbound mail Proofpoint delivers to `destination`. */
  createDomain(name: string, destination: string): Promise<void>;
  /** Changes where Proofpoint delivers the domain's inbound mail. */
  setDestination(name: string, destination: string): Promise<void>;
  deleteDomain(name: string): Promise<void>;
  listUsers(): Promise<EssentialsUser[]>;
}

function readVendorError(body: string) {
  const parsed = parseJsonOrUndefined(body) as { errors?: unknown; message?: unknown } | undefined;
  const first: unknown = Array.isArray(parsed?.errors) ? (parsed.errors as unknown[])[0] : parsed?.message;
  return typeof first === 'string' ? { message: first } : {};
}

export function createEssentialsApi(options: EssentialsOptions): EssentialsApi {
  options.redactor.register(options.password);
  const org = encodeURIComponent(options.orgDomain);
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(operation: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await sendWithPolicy(
      {
        method,
        url: `${base}${path}`,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      {
        service: 'proofpoint',
        operation,
        policy: options.policy,
        redactor: options.redactor,
        authorize: async () => ({ 'X-User': options.user, 'X-Password': options.password }),
        readVendorError,
        permissionHint: () => 'an Essentials organisation administrator account',
      },
    );
    const text = await response.text();
    return text.trim() === '' ? undefined : parseJsonOrUndefined(text);
  }
  const parse = <S extends z.ZodType>(schema: S, data: unknown, operation: string): z.output<S> =>
    parseVendorResponse(schema, data, { service: 'proofpoint', operation });

  return {
    orgDomain: options.orgDomain,
    async listDomains() {
      const op = 'essentials.domains.list';
      return parse(EssentialsDomainList, await call(op, 'GET', `/orgs/${org}/domains`), op);
    },
    async createDomain(name, destination) {
      await call('essentials.domains.create', 'POST', `/orgs/${org}/domains`, {
        name,
        is_active: true,
        is_relay: false,
        destination,
      });
    },
    async setDestination(name, destination) {
      await call('essentials.domains.update', 'PUT', `/orgs/${org}/domains/${encodeURIComponent(name)}`, {
        destination,
      });
    },
    async deleteDomain(name) {
      await call('essentials.domains.delete', 'DELETE', `/orgs/${org}/domains/${encodeURIComponent(name)}`);
    },
    async listUsers() {
      const op = 'essentials.users.list';
      return parse(EssentialsUserList, await call(op, 'GET', `/orgs/${org}/users`), op).users;
    },
  };
}
