// The Exchange adapter over real HTTP against the sandbox: 200, malformed 200, 401 (a Graph
// token), 403, 404 (the cmdlet's "couldn't be found"), 429 with Retry-After, the tenant
// concurrency limit, 5xx, reset, paging by re-POSTing to @odata.nextLink, and message trace.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError, VendorResponseError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { createHttpPolicy } from '../../../src/core/http/index.ts';
import { createExchangeClient, type ExchangeClient } from '../../../src/services/exchange/client/index.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { fastPolicy, sandboxServices } from '../support/sandbox-services.ts';

let sb: Sandbox;
let exchange: ExchangeClient;
beforeAll(async () => {
  sb = await startSandbox({ seed: 515 });
  exchange = await sandboxServices(sb, new Redactor()).exchange();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.faults.clear());

const invokes = () => sb.requests.filter((r) => r.service === 'exchange');
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
};
const outboundSettings = (name: string) => ({
  Name: name,
  ConnectorType: 'Partner' as const,
  SmartHosts: ['smtp.partner.example'],
  UseMXRecord: false,
  IsTransportRuleScoped: true,
  TlsSettings: 'CertificateValidation' as const,
  TlsDomain: null,
  Enabled: true,
  Comment: null,
});

describe('exchange adapter against the sandbox', () => {
  it('200: sends the documented body, token scope and anchor; reads rows back typed', async () => {
    const before = invokes().length;
    const domains = await exchange.listAcceptedDomains();
    expect(domains.map((d) => d.DomainName)).toContain('fabrikam.example');
    const request = invokes()[before]!;
    expect(request.path).toBe(`/exchange/adminapi/beta/${sb.tenantId}/InvokeCommand`);
    expect(request.requestBody).toEqual({
      CmdletInput: { CmdletName: 'Get-AcceptedDomain', Parameters: {} },
    });
    const created = await exchange.outboundConnectors.create(outboundSettings('Matrix outbound'));
    expect(created).toMatchObject({
      Name: 'Matrix outbound',
      IsTransportRuleScoped: true,
      UseMXRecord: false,
    });
  });

  it('401: a token for Graph is refused and not retried', async () => {
    const graphScoped = createExchangeClient({
      baseUrl: sb.endpoints.exchange,
      tenantId: sb.tenantId,
      credential: sandboxServicesCredential(),
      scope: 'https://graph.microsoft.com/.default',
      policy: fastPolicy(),
      redactor: new Redactor(),
      graph: () => Promise.reject(new Error('unused')),
    });
    const before = invokes().length;
    const error = await failure(graphScoped.inboundConnectors.list());
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('audience');
    expect(invokes().length - before).toBe(1);
  });

  it('403: names Exchange.ManageAsApp and the Exchange Administrator role', async () => {
    sb.faults.add({ service: 'exchange', kind: 'status', status: 403 });
    const error = await failure(exchange.transportRules.list());
    expect(error.kind).toBe('forbidden');
    expect(error.hint).toContain('Exchange.ManageAsApp');
    expect(error.hint).toContain('Exchange Administrator');
  });

  it("404: Get- of a missing object is undefined; Remove- of one is the cmdlet's not-found error", async () => {
    expect(await exchange.inboundConnectors.get('Never created')).toBeUndefined();
    const error = await failure(exchange.inboundConnectors.remove('Never created'));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain("couldn't be found");
    expect(error.details.vendorCode).toBe('ManagementObjectNotFoundException');
    expect(error.details.requestId).toBeTruthy();
  });

  it('400: a validation error carries the message from error.details', async () => {
    const error = await failure(exchange.outboundConnectors.create(outboundSettings('x'.repeat(65))));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('less than or equal to "64"');
  });

  it('429: waits the Retry-After seconds, then succeeds', async () => {
    sb.faults.add({ service: 'exchange', kind: 'status', status: 429, retryAfterSeconds: 1, nth: 1 });
    const started = performance.now();
    expect((await exchange.transportRules.list()).length).toBeGreaterThanOrEqual(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('concurrency limit: a New- refused with "maximum number of concurrent requests" is retried once it clears', async () => {
    sb.faults.add({ service: 'exchange', kind: 'status', status: 500, nth: 1 });
    const before = invokes().length;
    const created = await exchange.outboundConnectors.create(outboundSettings('Matrix after concurrency'));
    expect(created.Name).toBe('Matrix after concurrency');
    expect(invokes().length - before).toBe(2);
  });

  it('5xx: a Get- is retried; a New- after a 502 is not (Exchange may have acted)', async () => {
    sb.faults.add({ service: 'exchange', kind: 'status', status: 503, nth: 1 });
    expect(await exchange.listAcceptedDomains()).toHaveLength(3);
    sb.faults.clear();
    sb.faults.add({ service: 'exchange', kind: 'status', status: 502 });
    const before = invokes().length;
    const error = await failure(exchange.outboundConnectors.create(outboundSettings('Matrix 502')));
    expect(error.kind).toBe('unavailable');
    expect(invokes().length - before).toBe(1);
  });

  it('reset: a Get- is retried; a Set- is not', async () => {
    sb.faults.add({ service: 'exchange', kind: 'reset', nth: 1 });
    expect(await exchange.listAcceptedDomains()).toHaveLength(3);
    sb.faults.clear();
    sb.faults.add({ service: 'exchange', kind: 'reset' });
    const error = await failure(exchange.outboundConnectors.update('Matrix outbound', { Enabled: false }));
    expect(error.kind).toBe('network');
  });

  it('paging: re-POSTs the same body to @odata.nextLink until the last page', async () => {
    const small = createExchangeClient({
      baseUrl: sb.endpoints.exchange,
      tenantId: sb.tenantId,
      credential: { getToken: (scope) => sandboxServicesCredential().getToken(scope) },
      policy: fastPolicy(),
      redactor: new Redactor(),
      graph: () => Promise.reject(new Error('unused')),
      pageSize: 1,
    });
    const before = invokes().length;
    const domains = await small.listAcceptedDomains();
    expect(domains.map((d) => d.DomainName).sort()).toEqual([
      'contoso.example',
      'contosoexample.onmicrosoft.com',
      'fabrikam.example',
    ]);
    const pages = invokes().slice(before);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.query.$skiptoken ?? null)[0]).toBeNull();
    for (const page of pages) expect(page.requestBody).toEqual(pages[0]!.requestBody);
  });

  it('message trace: falls back to Get-MessageTraceV2 when Graph refuses (no ExchangeMessageTrace.Read.All)', async () => {
    const state = sb.snapshot();
    expect(state.exchange.messageTraces).toEqual({});
    const result = await exchange.traceMessages({
      start: new Date(Date.now() - 3_600_000),
      end: new Date(),
      senderAddress: 'priya.raman@contoso.example',
    });
    expect(result.source).toBe('Get-MessageTraceV2');
    expect(result.fallbackReason).toContain('403');
    expect(result.messages).toEqual([]);
  });
});

// The sandbox's own credential, for clients built by hand above.
function sandboxServicesCredential() {
  return {
    async getToken(scope: string | string[]) {
      const res = await fetch(`${sb.url}/login/${sb.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: sb.credentials.clientId,
          client_secret: sb.credentials.clientSecret,
          scope: String(scope),
        }),
      });
      const body = (await res.json()) as { access_token: string };
      return { token: body.access_token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

describe('malformed 200s (a tiny server plays Exchange)', () => {
  it('a body that is not JSON, and rows without a Name, are vendor response errors', async () => {
    const bodies = ['{"value":[{"Identity"', '{"value":[{"Identity":"x"}]}', '{"value":"not-a-list"}'];
    let i = 0;
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(bodies[i++]),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = createExchangeClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tenantId: 'tenant-under-test',
        credential: {
          getToken: async () => ({ token: 'fixture-token-5', expiresOnTimestamp: Date.now() + 60_000 }),
        },
        policy: createHttpPolicy({ retry: { maxAttempts: 1 } }),
        redactor: new Redactor(),
        graph: () => Promise.reject(new Error('unused')),
      });
      for (let n = 0; n < bodies.length; n++) {
        const error = await client.inboundConnectors.list().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, bodies[n]).toBeInstanceOf(VendorResponseError);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('message trace through Graph', () => {
  it('uses Graph messageTraces once the app holds ExchangeMessageTrace.Read.All', async () => {
    // Grant the role through Graph itself, as an administrator would, then trace with a fresh client.
    const services = sandboxServices(sb, new Redactor());
    const graph = await services.graph();
    const graphSp = await graph.getServicePrincipalByAppId('00000003-0000-0000-c000-000000000000');
    const automation = await graph.getServicePrincipalByAppId(sb.credentials.clientId);
    const role = graphSp!.appRoles.find((r) => r.value === 'ExchangeMessageTrace.Read.All')!;
    await graph.grantAppRole({ principalId: automation!.id, resourceId: graphSp!.id, appRoleId: role.id });
    const fresh = await sandboxServices(sb, new Redactor()).exchange();
    const result = await fresh.traceMessages({ start: new Date(Date.now() - 3_600_000), end: new Date() });
    expect(result).toEqual({ source: 'graph', messages: [] });
    const graphCalls = sb.requests.filter((r) => r.service === 'graph' && r.path.endsWith('/messageTraces'));
    expect(graphCalls.at(-1)?.status).toBe(200);
    expect(graphCalls.at(-1)?.query.$filter).toMatch(
      /^receivedDateTime ge \S+Z and receivedDateTime le \S+Z$/,
    );
  });
});
