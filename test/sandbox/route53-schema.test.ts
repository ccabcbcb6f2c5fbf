// Route 53 checks a change batch against its XML schema first: an unknown or misspelt element, a
// missing one, or an empty list is InvalidInput in the schema validator's words. The requests go
// over real HTTP through the AWS SDK, with the XML edited before signing (the SDK itself cannot
// send an element the API does not have).
import {
  ChangeResourceRecordSetsCommand,
  ListHostedZonesByNameCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sb: Sandbox;
let zoneId: string;

beforeAll(async () => {
  sb = await startSandbox({ seed: 5353 });
  const zones = await clientRewriting((xml) => xml).send(
    new ListHostedZonesByNameCommand({ DNSName: 'contoso.example.' }),
  );
  zoneId = zones.HostedZones?.[0]?.Id ?? '';
});
afterAll(() => sb.close());

function clientRewriting(edit: (xml: string) => string): Route53Client {
  const client = new Route53Client({
    region: sb.dns.route53.region,
    endpoint: sb.endpoints.route53!,
    credentials: { accessKeyId: sb.dns.route53.accessKeyId, secretAccessKey: sb.dns.route53.secretAccessKey },
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      if (typeof request.body === 'string') {
        const edited = edit(request.body);
        request.body = edited;
        // Edited before signing, so the signature covers the edit; the length must follow it.
        if (request.headers) request.headers['content-length'] = String(Buffer.byteLength(edited));
      }
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'editXml' },
  );
  return client;
}

async function send(edit: (xml: string) => string): Promise<{ name: string; message: string }> {
  try {
    await clientRewriting(edit).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'schema.contoso.example.',
                Type: 'TXT',
                TTL: 300,
                ResourceRecords: [{ Value: '"probe"' }],
              },
            },
          ],
        },
      }),
    );
    return { name: 'accepted', message: '' };
  } catch (error) {
    const e = error as { name: string; message: string };
    return { name: e.name, message: e.message };
  }
}

describe('Route 53 change batches against the API schema', () => {
  it('accepts the batch unedited', async () => {
    expect(await send((xml) => xml)).toEqual({ name: 'accepted', message: '' });
  });

  it.each([
    [
      'a misspelt element',
      (xml: string) => xml.replace(/<TTL>(\d+)<\/TTL>/, '<Ttl>$1</Ttl>'),
      /cvc-complex-type\.2\.4\.a: Invalid content was found starting with element 'Ttl'/,
    ],
    [
      'an unknown element',
      (xml: string) => xml.replace('</Type>', '</Type><Colour>red</Colour>'),
      /starting with element 'Colour'/,
    ],
    [
      'a missing Action',
      (xml: string) => xml.replace(/<Action>\w+<\/Action>/, ''),
      /The content of element 'Change' is not complete.*:Action/,
    ],
    [
      'an empty ResourceRecords',
      (xml: string) =>
        xml.replace(/<ResourceRecords>.*<\/ResourceRecords>/s, '<ResourceRecords></ResourceRecords>'),
      /element 'ResourceRecords' is not complete/,
    ],
    [
      'a repeated Name',
      (xml: string) => xml.replace(/(<Name>[^<]*<\/Name>)/, '$1$1'),
      /starting with element 'Name'/,
    ],
  ])('refuses %s with InvalidInput', async (_what, edit, words) => {
    const answer = await send(edit);
    expect(answer.name).toBe('InvalidInput');
    expect(answer.message).toMatch(/^Invalid XML ; /);
    expect(answer.message).toMatch(words);
  });
});
