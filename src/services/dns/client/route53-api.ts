// The Route 53 calls the provider needs, over the AWS SDK: hosted zone by name, record sets by
// name and type (paged), change batches, and waiting for a change to reach INSYNC.
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Change,
  type ResourceRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError, ServiceError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import { changedWhileEditing, mapRoute53Error, route53ErrorCode } from './route53-errors.ts';
import { sameName } from './route53-values.ts';

export interface Route53ProviderOptions {
  /** The SDK signs with this region; Route 53 is global (the caller defaults it to us-east-1). */
  region: string;
  /** The sandbox's `${url}/route53`; absent = AWS. */
  endpoint?: string;
  /** Absent = the AWS SDK's default provider chain (profiles, SSO, web identity in CI). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Zone name -> hosted zone id; zones not listed are found with ListHostedZonesByName. */
  hostedZoneIds?: Record<string, string>;
  /** Longest pause between GetChange polls (default 5000 ms; the first polls come sooner). */
  pollIntervalMs?: number;
  /** How long a write waits for INSYNC before it reports the change as still pending (default 300 s). */
  maxWaitSeconds?: number;
  /** Record sets per ListResourceRecordSets page (default and maximum 300). */
  pageSize?: number;
  redactor: Redactor;
}

/** One set as read, kept whole so a guarded DELETE can send it back exactly. */
export type RecordSet = ResourceRecordSet & { Name: string; Type: RRType };

/** Route 53's words when a batch's DELETE or CREATE meets a set that is not as it was read. */
const STALE_READ = /but it already exists|but it was not found|do not match the current values/i;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first GetChange comes this soon after the submit; the pause doubles up to pollIntervalMs. */
const FIRST_POLL_MS = 250;

/** SDK attempts per call (its standard retry strategy, throttling included), bounded. */
const MAX_ATTEMPTS = 4;

export class Route53Api {
  private readonly client: Route53Client;
  private readonly zoneIds = new Map<string, string>();

  constructor(private readonly options: Route53ProviderOptions) {
    options.redactor.register(options.credentials?.secretAccessKey);
    options.redactor.register(options.credentials?.sessionToken);
    for (const [zone, id] of Object.entries(options.hostedZoneIds ?? {}))
      this.zoneIds.set(zoneKey(zone), id.replace(/^\/?hostedzone\//, ''));
    this.client = new Route53Client({
      region: options.region,
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: { connectionTimeout: 5000, requestTimeout: 30_000 },
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  private async call<T>(operation: string, send: () => Promise<T>, hostedZone?: string): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw mapRoute53Error(error, operation, this.options.redactor, hostedZone);
    }
  }

  /** The hosted zone id of a zone: configured, or the public zone whose name matches exactly. */
  async hostedZoneId(zone: string): Promise<string> {
    const key = zoneKey(zone);
    const known = this.zoneIds.get(key);
    if (known) return known;
    const answer = await this.call('ListHostedZonesByName', () =>
      this.client.send(new ListHostedZonesByNameCommand({ DNSName: key, MaxItems: 100 })),
    );
    const matching = (answer.HostedZones ?? []).filter((z) => sameName(z.Name ?? '', key));
    const chosen = matching.find((z) => z.Config?.PrivateZone !== true);
    if (!chosen?.Id) {
      const onlyPrivate = matching.length > 0;
      throw new InputError(
        `Route 53 has no ${onlyPrivate ? 'public ' : ''}hosted zone named ${key} in this AWS account`,
        [],
        {
          hint: onlyPrivate
            ? `Only a private hosted zone is named ${key}; the MX cutover needs the public zone. Set dns.route53.hostedZoneIds.${key} to its id.`
            : 'Check the domain, that the AWS credentials belong to the account holding the zone, or set dns.route53.hostedZoneIds in the config.',
        },
      );
    }
    const id = chosen.Id.replace(/^\/?hostedzone\//, '');
    this.zoneIds.set(key, id);
    return id;
  }

  /** Every record set from a starting point on, page by page (ListResourceRecordSets). */
  async *recordSets(zoneId: string, start?: { name: string; type?: RRType }): AsyncGenerator<RecordSet> {
    let next: { name: string; type?: RRType; identifier?: string } | undefined = start;
    for (;;) {
      const page = await this.call(
        'ListResourceRecordSets',
        () =>
          this.client.send(
            new ListResourceRecordSetsCommand({
              HostedZoneId: zoneId,
              MaxItems: this.options.pageSize ?? 300,
              ...(next ? { StartRecordName: next.name } : {}),
              ...(next?.type ? { StartRecordType: next.type } : {}),
              ...(next?.identifier ? { StartRecordIdentifier: next.identifier } : {}),
            }),
          ),
        zoneId,
      );
      for (const set of page.ResourceRecordSets ?? []) if (set.Name && set.Type) yield set as RecordSet;
      if (!page.IsTruncated || !page.NextRecordName) return;
      next = {
        name: page.NextRecordName,
        ...(page.NextRecordType ? { type: page.NextRecordType } : {}),
        ...(page.NextRecordIdentifier ? { identifier: page.NextRecordIdentifier } : {}),
      };
    }
  }

  /** The set at exactly this name and type, or undefined. Weighted or alias sets are refused. */
  async recordSet(zoneId: string, name: string, type: RRType): Promise<RecordSet | undefined> {
    const found: RecordSet[] = [];
    for await (const set of this.recordSets(zoneId, { name, type })) {
      if (!sameName(set.Name, name) || set.Type !== type) break; // sorted: past the name and type
      found.push(set);
    }
    if (found.length > 1 || found.some((s) => s.SetIdentifier !== undefined || s.AliasTarget !== undefined))
      throw new InputError(`the ${type} records of ${name} use Route 53 routing policies or an alias`, [], {
        hint: 'sop-integrate edits simple record sets only; change this one in Route 53 yourself (dns.provider: manual).',
      });
    return found[0];
  }

  /**
   * Submits one change batch and returns once Route 53 reports it INSYNC. `what` names the set for
   * the refusal when the batch's DELETE or CREATE no longer matches what was read before it.
   */
  async change(zoneId: string, changes: Change[], what: string): Promise<{ id: string }> {
    let submitted;
    try {
      submitted = await this.client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: { Comment: `sop-integrate: ${what}`, Changes: changes },
        }),
      );
    } catch (error) {
      if (route53ErrorCode(error) === 'InvalidChangeBatch' && STALE_READ.test(errorMessage(error)))
        throw changedWhileEditing(what, this.options.redactor, error);
      throw mapRoute53Error(error, 'ChangeResourceRecordSets', this.options.redactor, zoneId);
    }
    const id = (submitted.ChangeInfo?.Id ?? '').replace(/^\/?change\//, '');
    if (submitted.ChangeInfo?.Status !== 'INSYNC') await this.waitInSync(id);
    return { id };
  }

  private async waitInSync(id: string): Promise<void> {
    const maxWaitMs = (this.options.maxWaitSeconds ?? 300) * 1000;
    const interval = this.options.pollIntervalMs ?? 5000;
    const deadline = Date.now() + maxWaitMs;
    for (let poll = 0; ; poll++) {
      // Early polls come quickly (most changes are INSYNC within seconds), then every `interval`.
      const pause = Math.min(interval, FIRST_POLL_MS * 2 ** poll);
      await sleep(Math.max(0, Math.min(pause, deadline - Date.now())));
      const answer = await this.call('GetChange', () => this.client.send(new GetChangeCommand({ Id: id })));
      if (answer.ChangeInfo?.Status === 'INSYNC') return;
      if (Date.now() >= deadline)
        throw new ServiceError(
          'dns',
          'timeout',
          `Route 53 change ${id} was submitted but is still ${answer.ChangeInfo?.Status ?? 'PENDING'} after ${maxWaitMs / 1000} s`,
          { operation: 'route53.GetChange' },
          {
            hint: `Route 53 will still apply it; check with \`aws route53 get-change --id ${id}\`, then re-run to verify (a re-run plans from the records as they are).`,
          },
        );
    }
  }
}

function zoneKey(zone: string): string {
  return zone.toLowerCase().replace(/\.$/, '');
}
