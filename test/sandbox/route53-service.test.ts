// The sandbox's Route 53 emulation on its own terms, through the real AWS SDK and raw HTTP:
// SigV4 checks, all-or-nothing change batches with Route 53's error codes and messages, record
// set listing and paging, and changes going PENDING -> INSYNC (also across a restart).
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';
import { mkdtempSync, rmSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sandbox: Sandbox;
let client: Route53Client;
let contoso: string;
let fabrikam: string;

function clientFor(
  sb: Sandbox,
  secretAccessKey = sb.dns.route53.secretAccessKey,
  accessKeyId = sb.dns.route53.accessKeyId,
) {
  return new Route53Client({
    region: sb.dns.route53.region,
    endpoint: sb.endpoints.route53!,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected a failure');
}

const change = (HostedZoneId: string, Changes: Change[]) =>
  client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes } }));

const mx = (Action: 'CREATE' | 'DELETE' | 'UPSERT', TTL: number, ...values: string[]): Change => ({
  Action,
  ResourceRecordSet: {
    Name: 'contoso.example.',
    Type: 'MX',
    TTL,
    ResourceRecords: values.map((Value) => ({ Value })),
  },
});

async function resolverMx(sb: Sandbox, name: string): Promise<string[]> {
  const resolver = new Resolver();
  resolver.setServers([`${sb.dns.nameserver.host}:${sb.dns.nameserver.port}`]);
  return (await resolver.resolveMx(name)).map((r) => `${r.priority} ${r.exchange}`).sort();
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5151, dns: { mxTtl: 1200, route53ChangeDelayMs: 200 } });
  client = clientFor(sandbox);
  contoso = sandbox.dns.route53.hostedZoneIds!['contoso.example']!;
  fabrikam = sandbox.dns.route53.hostedZoneIds!['fabrikam.example']!;
});
afterAll(() => sandbox.close());

describe('Route 53 emulation: authentication', () => {
  it('refuses an unsigned request with a Route 53 XML error', async () => {
    const res = await fetch(`${sandbox.endpoints.route53}/2013-04-01/hostedzonesbyname`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const body = await res.text();
    expect(body).toContain('<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">');
    expect(body).toMatch(/<Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
  });

  it('checks the key id and the signature', async () => {
    const wrongKey = await failure(
      clientFor(sandbox, sandbox.dns.route53.secretAccessKey, 'AKIAWRONGWRONGWRONG1').send(
        new ListHostedZonesByNameCommand({}),
      ),
    );
    expect(wrongKey).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    const wrongSecret = await failure(
      clientFor(sandbox, 'not-the-secret-not-the-secret-00000000').send(new ListHostedZonesByNameCommand({})),
    );
    expect(wrongSecret).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(wrongSecret.message).toMatch(/signature we calculated does not match/);
  });

  it('refuses a body changed after signing, and changes nothing', async () => {
    const tampering = clientFor(sandbox);
    type Middleware = Parameters<typeof tampering.middlewareStack.addRelativeTo>[0];
    const tamper = ((next: (args: { request: { body: string } }) => Promise<unknown>) =>
      (args: { request: { body: string } }) => {
        args.request.body = args.request.body.replace('evil.example.net', 'eviL.example.net');
        return next(args);
      }) as unknown as Middleware;
    tampering.middlewareStack.addRelativeTo(tamper, {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamper',
    });
    const before = sandbox.snapshot();
    const error = await failure(
      tampering.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: contoso,
          ChangeBatch: { Changes: [mx('UPSERT', 60, '1 evil.example.net')] },
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(sandbox.diff(before, sandbox.snapshot()).changed).toEqual([]);
  });
});

describe('Route 53 emulation: change batches', () => {
  it('refuses CREATE of an existing set and DELETE with values that do not match, in Route 53 words', async () => {
    const created = await failure(change(contoso, [mx('CREATE', 300, '10 mx1.example.net')]));
    expect(created).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    expect(created.message).toBe(
      "Tried to create resource record set [name='contoso.example.', type='MX'] but it already exists",
    );
    const deleted = await failure(
      change(contoso, [mx('DELETE', 3600, '0 contoso-example.mail.protection.outlook.com')]),
    );
    expect(deleted.message).toBe(
      "Tried to delete resource record set [name='contoso.example.', type='MX'] but the values provided do not match the current values",
    );
  });

  it('applies a batch all or nothing', async () => {
    const before = sandbox.snapshot();
    const error = await failure(
      change(contoso, [
        {
          Action: 'UPSERT',
          ResourceRecordSet: {
            Name: 'contoso.example.',
            Type: 'TXT',
            TTL: 60,
            ResourceRecords: [{ Value: '"v=spf1 -all"' }],
          },
        },
        mx('CREATE', 300, '10 mx1.example.net'),
      ]),
    );
    expect(error.name).toBe('InvalidChangeBatch');
    const diff = sandbox.diff(before, sandbox.snapshot());
    expect([...diff.created, ...diff.changed, ...diff.deleted]).toEqual([]);
    expect(sandbox.snapshot().dns?.serials).toEqual(before.dns?.serials);
  });

  it('runs DELETE + CREATE of one set in one batch, and the authoritative server answers the new set', async () => {
    const before = sandbox.snapshot();
    const submitted = await change(contoso, [
      mx('DELETE', 1200, '0 contoso-example.mail.protection.outlook.com'),
      mx('CREATE', 300, '10 mx1-us1.ppe-hosted.com.', '20 MX2-US1.ppe-hosted.com'),
    ]);
    expect(submitted.ChangeInfo?.Status).toBe('PENDING');
    // The change record is bookkeeping: the state diff shows the records, never the ChangeInfo.
    const diff = sandbox.diff(before, sandbox.snapshot());
    expect(diff.created.map((e) => e.collection)).toEqual(['dns.records', 'dns.records']);
    expect(diff.deleted.map((e) => e.collection)).toEqual(['dns.records']);
    expect(submitted.ChangeInfo?.Id).toMatch(/^\/change\/C[A-Z0-9]{13}$/);
    expect(await resolverMx(sandbox, 'contoso.example')).toEqual([
      '10 mx1-us1.ppe-hosted.com',
      '20 mx2-us1.ppe-hosted.com',
    ]);
  });

  it('validates TTL, MX and TXT values and the zone of each name', async () => {
    const ttl = await failure(
      change(fabrikam, [
        {
          ...mx('UPSERT', -1, '10 a.example'),
          ResourceRecordSet: {
            ...mx('UPSERT', -1, '10 a.example').ResourceRecordSet!,
            Name: 'fabrikam.example.',
          },
        },
      ]),
    );
    expect(ttl).toMatchObject({ name: 'InvalidInput', status: 400 });
    const txt = (Value: string): Change => ({
      Action: 'UPSERT',
      ResourceRecordSet: { Name: 'fabrikam.example.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value }] },
    });
    expect((await failure(change(fabrikam, [txt('v=spf1 -all')]))).message).toMatch(
      /enclosed in quotation marks/,
    );
    expect((await failure(change(fabrikam, [txt(`"${'a'.repeat(256)}"`)]))).message).toMatch(
      /TXTRDATATooLong/,
    );
    const badMx = await failure(
      change(fabrikam, [
        {
          Action: 'UPSERT',
          ResourceRecordSet: {
            Name: 'fabrikam.example.',
            Type: 'MX',
            TTL: 300,
            ResourceRecords: [{ Value: 'mx.example.net' }],
          },
        },
      ]),
    );
    expect(badMx).toMatchObject({ name: 'InvalidChangeBatch' });
    const outside = await failure(
      change(fabrikam, [
        txt('"x"'),
        {
          ...txt('"y"'),
          ResourceRecordSet: { ...txt('"y"').ResourceRecordSet!, Name: 'www.contoso.example.' },
        },
      ]),
    );
    expect(outside.message).toBe(
      'RRSet with DNS name www.contoso.example. is not permitted in zone fabrikam.example.',
    );
    // A quoted, escaped, split value is accepted and stored as its text.
    await change(fabrikam, [txt(`"${'b'.repeat(255)}" "say \\"hi\\""`)]);
    const listed = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: fabrikam,
        StartRecordName: 'fabrikam.example.',
        StartRecordType: 'TXT',
        MaxItems: 1,
      }),
    );
    expect(listed.ResourceRecordSets?.[0]?.ResourceRecords?.[0]?.Value).toBe(
      `"${'b'.repeat(255)}" "say \\"hi\\""`,
    );
  });

  it('reports PENDING, then INSYNC once the delay has passed; unknown ids are NoSuchChange', async () => {
    const submitted = await change(fabrikam, [
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'fabrikam.example.',
          Type: 'MX',
          TTL: 900,
          ResourceRecords: [{ Value: '5 mx.fabrikam.example' }],
        },
      },
    ]);
    const id = submitted.ChangeInfo!.Id!;
    expect((await client.send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status).toBe('PENDING');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await client.send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status).toBe('INSYNC');
    expect(await failure(client.send(new GetChangeCommand({ Id: 'C0000000000000' })))).toMatchObject({
      name: 'NoSuchChange',
      status: 404,
    });
  });

  it('keeps pending changes in the state file, so a restarted sandbox still knows them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'route53-'));
    try {
      const stateFile = path.join(dir, 'state.json');
      const first = await startSandbox({ seed: 5252, stateFile, dns: { route53ChangeDelayMs: 400 } });
      const firstClient = clientFor(first);
      const submitted = await firstClient.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: first.dns.route53.hostedZoneIds!['contoso.example']!,
          ChangeBatch: { Changes: [mx('UPSERT', 700, '30 mx3.example.net')] },
        }),
      );
      await first.close();
      const second = await startSandbox({ seed: 5252, stateFile, dns: { route53ChangeDelayMs: 400 } });
      try {
        const id = submitted.ChangeInfo!.Id!;
        const secondClient = clientFor(second);
        const statusNow = (await secondClient.send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status;
        expect(['PENDING', 'INSYNC']).toContain(statusNow);
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect((await secondClient.send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status).toBe('INSYNC');
        expect(await resolverMx(second, 'contoso.example')).toEqual(['30 mx3.example.net']);
        expect(
          second.snapshot().dns?.route53Changes?.[id.replace('/change/', '')]?.submittedAt,
        ).toBeDefined();
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Route 53 emulation: zones and listings', () => {
  it('lists hosted zones by name in Route 53 order and shows the delegation set', async () => {
    const zones = await client.send(
      new ListHostedZonesByNameCommand({ DNSName: 'contoso.example', MaxItems: 1 }),
    );
    expect(zones.HostedZones?.map((z) => [z.Name, z.Id, z.Config?.PrivateZone])).toEqual([
      ['contoso.example.', `/hostedzone/${contoso}`, false],
    ]);
    expect(zones).toMatchObject({
      IsTruncated: true,
      NextDNSName: 'fabrikam.example.',
      NextHostedZoneId: fabrikam,
    });
    const zone = await client.send(new GetHostedZoneCommand({ Id: fabrikam }));
    expect(zone.DelegationSet?.NameServers).toEqual(['ns1.fabrikam.example', 'ns2.fabrikam.example']);
    expect(await failure(client.send(new GetHostedZoneCommand({ Id: 'ZNOSUCHZONE0000' })))).toMatchObject({
      name: 'NoSuchHostedZone',
      status: 404,
    });
  });

  it('pages record sets with maxitems and NextRecordName/NextRecordType', async () => {
    const first = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: fabrikam, MaxItems: 3 }),
    );
    expect(first.ResourceRecordSets?.map((s) => `${s.Name} ${s.Type}`)).toEqual([
      'fabrikam.example. MX',
      'fabrikam.example. NS',
      'fabrikam.example. SOA',
    ]);
    expect(first).toMatchObject({
      IsTruncated: true,
      NextRecordName: 'fabrikam.example.',
      NextRecordType: 'TXT',
    });
    const second = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: fabrikam,
        MaxItems: 3,
        StartRecordName: first.NextRecordName,
        StartRecordType: first.NextRecordType,
      }),
    );
    expect(second.ResourceRecordSets?.map((s) => `${s.Name} ${s.Type}`)).toEqual([
      'fabrikam.example. TXT',
      'ns1.fabrikam.example. A',
      'ns2.fabrikam.example. A',
    ]);
    expect(second.IsTruncated).toBe(false);
    const res = await failure(
      client.send(new ListResourceRecordSetsCommand({ HostedZoneId: fabrikam, MaxItems: 301 })),
    );
    expect(res).toMatchObject({ name: 'InvalidInput', status: 400 });
  });

  it('answers injected throttling as Route 53 does: HTTP 400 with code Throttling', async () => {
    sandbox.faults.add({ service: 'route53', kind: 'status', status: 429, times: 1 });
    const error = await failure(client.send(new ListHostedZonesByNameCommand({})));
    sandbox.faults.clear();
    expect(error).toMatchObject({ name: 'Throttling', status: 400, message: 'Rate exceeded' });
  });
});
