// Answers as the zone's authoritative servers give them: find the zone's NS (system resolver, or
// the configured bootstrap server in the sandbox), resolve each to addresses, ask each directly.
// A cutover is verified only when every server gives the new answer.
import { Resolver } from 'node:dns/promises';
import { ServiceError } from '../../../errors.ts';
import { queryServer, type NameServerAddress } from './transport.ts';
import { FLAG_AUTHORITATIVE, Rcode, type RecordTypeName, type ResourceRecord } from './wire.ts';

export interface AuthoritativeServer {
  /** The NS host name, e.g. ns1.contoso.example. */
  name: string;
  address: NameServerAddress;
}

export interface ServerAnswer {
  server: AuthoritativeServer;
  authoritative: boolean;
  rcode: number;
  records: ResourceRecord[];
  /** The zone's SOA serial at this server (undefined when it did not answer one). */
  serial: number | undefined;
}

export interface AuthoritativeView {
  zone: string;
  name: string;
  type: RecordTypeName;
  answers: ServerAnswer[];
}

export interface AuthoritativeResolverOptions {
  /** Bootstrap server that answers the zone's NS and their addresses (the sandbox's DNS server);
   *  its port is also used to query each NS. Omitted: the system resolver and port 53. */
  nameserver?: NameServerAddress;
  timeoutMs?: number;
}

export interface AuthoritativeResolver {
  serversOf(zone: string): Promise<AuthoritativeServer[]>;
  query(zone: string, name: string, type: RecordTypeName, signal?: AbortSignal): Promise<AuthoritativeView>;
}

function lookupFailed(zone: string, what: string, cause: unknown): ServiceError {
  return new ServiceError(
    'dns',
    'network',
    `cannot find the authoritative servers of ${zone}: ${what}`,
    { operation: 'dns.resolveNs' },
    { hint: 'Check that the zone is delegated and that this machine can reach DNS.', cause },
  );
}

export function createAuthoritativeResolver(
  options: AuthoritativeResolverOptions = {},
): AuthoritativeResolver {
  const timeoutMs = options.timeoutMs ?? 3000;
  const bootstrap = (): Resolver => {
    const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
    if (options.nameserver) resolver.setServers([`${options.nameserver.host}:${options.nameserver.port}`]);
    return resolver;
  };
  const port = options.nameserver?.port ?? 53;

  async function serversOf(zone: string): Promise<AuthoritativeServer[]> {
    const resolver = bootstrap();
    let hosts: string[];
    try {
      hosts = await resolver.resolveNs(zone);
    } catch (cause) {
      throw lookupFailed(zone, `NS lookup failed (${(cause as Error).message})`, cause);
    }
    if (hosts.length === 0) throw lookupFailed(zone, 'the zone has no NS records', undefined);
    const servers: AuthoritativeServer[] = [];
    const seen = new Set<string>();
    for (const host of [...hosts].sort()) {
      let addresses: string[];
      try {
        addresses = await resolver.resolve4(host);
      } catch (cause) {
        throw lookupFailed(zone, `no address for ${host} (${(cause as Error).message})`, cause);
      }
      for (const ip of addresses) {
        // Two NS names on one address are one server: asking it twice proves nothing more.
        const key = `${ip}:${port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        servers.push({ name: host, address: { host: ip, port } });
      }
    }
    return servers;
  }

  async function askOne(
    server: AuthoritativeServer,
    zone: string,
    name: string,
    type: RecordTypeName,
    signal?: AbortSignal,
  ): Promise<ServerAnswer> {
    const queryOptions = { timeoutMs, ...(signal ? { signal } : {}) };
    const answer = await queryServer(server.address, name, type, queryOptions);
    const soa = await queryServer(server.address, zone, 'SOA', queryOptions);
    const soaRecord = soa.answers.find((rr) => rr.type === 'SOA');
    return {
      server,
      authoritative: (answer.flags & FLAG_AUTHORITATIVE) !== 0,
      rcode: answer.rcode,
      records: answer.answers.filter((rr) => rr.type === type),
      serial: soaRecord?.type === 'SOA' ? soaRecord.soa.serial : undefined,
    };
  }

  return {
    serversOf,
    async query(zone, name, type, signal) {
      const servers = await serversOf(zone);
      const answers = await Promise.all(servers.map((s) => askOne(s, zone, name, type, signal)));
      return { zone, name, type, answers };
    },
  };
}

/** Problems that make an answer unusable as evidence (not authoritative, an error code). */
export function answerProblems(answer: ServerAnswer): string[] {
  const problems: string[] = [];
  if (!answer.authoritative) problems.push('answer is not authoritative');
  if (answer.rcode !== Rcode.NOERROR) problems.push(`rcode ${answer.rcode}`);
  return problems;
}
