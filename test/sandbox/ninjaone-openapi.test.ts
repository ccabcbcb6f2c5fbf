// The NinjaOne emulator speaks the shapes of the vendor's OpenAPI description: every request the
// adapter sends (path, query parameters, body) and every JSON response the sandbox returns is
// validated with Ajv against ../shared/reference/ninjaone/openapi-v2.yaml.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNinjaOneClient } from '../../src/services/ninjaone/client/index.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type RequestLogEntry, type Sandbox } from '../../src/sandbox/index.ts';
import { fastPolicy } from '../adapters/support/sandbox-services.ts';
import { reference } from '../support/reference.ts';

const openapi = reference('ninjaone/openapi-v2.yaml', 'sandbox NinjaOne against the OpenAPI description');
const SPEC = openapi.path;
const present = openapi.present;

interface Operation {
  parameters?: { name: string; in: string; schema?: object }[];
  requestBody?: { content: Record<string, { schema?: object }> };
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
type Spec = { paths: Record<string, Record<string, Operation>> };

let sb: Sandbox;
let spec: Spec;
let ajv: Ajv;

beforeAll(async () => {
  if (!present) return;
  spec = parse(readFileSync(SPEC, 'utf8')) as Spec;
  // OpenAPI 3.0 keywords Ajv does not know (discriminator, example) are annotations here.
  ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(spec, 'openapi');
  sb = await startSandbox({ seed: 991 });
  const client = createNinjaOneClient({
    region: sb.ninjaone.baseUrl,
    clientId: sb.ninjaone.clientId,
    clientSecret: sb.ninjaone.clientSecret,
    policy: fastPolicy(),
    redactor: new Redactor(),
  });
  // Drive every path the adapter uses.
  const org = await client.findOrganization('Contoso Ltd');
  const location = await client.findLocation(org!.id, 'Head Office');
  const url = await client.installerLink(org!.id, location!.id);
  await client.downloadInstaller(url, mkdtempSync(path.join(tmpdir(), 'oa-')), 'agent.msi');
  for await (const _ of client.devicePages('devices', { df: `org = ${org!.id}`, pageSize: 2 }));
  for await (const _ of client.devicePages('devices-detailed', {
    df: 'class in (WINDOWS_SERVER,WINDOWS_WORKSTATION)',
    pageSize: 3,
  }));
  await client.getDevice(304);
  const flush = (await client.scriptingOptions(301)).find((o) => o.name === 'Flush DNS cache');
  await client.runAndWait(
    301,
    { type: 'ACTION', uid: flush?.uid ?? '', runAs: 'system' },
    { name: 'Flush DNS cache' },
    {
      timeoutMs: 2000,
      intervalMs: 5,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      now: () => new Date(),
    },
  );
});
afterAll(() => sb?.close());

function operationFor(entry: RequestLogEntry): { key: string; op: Operation } | undefined {
  const apiPath = entry.path.slice('/ninjaone'.length);
  for (const [template, methods] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = methods[entry.method.toLowerCase()];
    if (op && pattern.test(apiPath)) return { key: `${entry.method} ${template}`, op };
  }
  return undefined;
}

function check(schema: object | undefined, value: unknown, where: string): string[] {
  if (!schema) return [];
  const compiled = ajv.compile(rebase(schema));
  return compiled(value) ? [] : [`${where}: ${ajv.errorsText(compiled.errors)}`];
}

/** Local `#/components/...` refs inside an operation point into the registered document. */
function rebase(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as object;
}

describe.skipIf(!present)(openapi.title, () => {
  it('documents every API path the adapter called, and each request and response matches', () => {
    const api = sb.requests.filter((r) => r.service === 'ninjaone' && r.path.startsWith('/ninjaone/v2/'));
    const covered = new Set<string>();
    const problems: string[] = [];
    for (const entry of api) {
      const found = operationFor(entry);
      if (!found) {
        problems.push(`${entry.method} ${entry.path} is not in the OpenAPI description`);
        continue;
      }
      covered.add(found.key);
      const declared = new Map(
        (found.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]),
      );
      for (const [name, raw] of Object.entries(entry.query)) {
        const param = declared.get(name);
        if (!param) problems.push(`${found.key}: undeclared query parameter ${name}`);
        else {
          const integer = (param.schema as { type?: string } | undefined)?.type === 'integer';
          problems.push(...check(param.schema, integer ? Number(raw) : raw, `${found.key} ?${name}`));
        }
      }
      const requestSchema = found.op.requestBody?.content['application/json']?.schema;
      if (entry.requestBody !== undefined)
        problems.push(...check(requestSchema, entry.requestBody, `${found.key} request`));
      const response = found.op.responses[String(entry.status)] ?? found.op.responses.default;
      const responseSchema = response?.content?.['application/json']?.schema;
      if (entry.status < 300 && entry.responseBody !== undefined)
        problems.push(...check(responseSchema, entry.responseBody, `${found.key} response`));
    }
    expect(problems).toEqual([]);
    expect([...covered].sort()).toEqual([
      'GET /v2/device/{id}',
      'GET /v2/device/{id}/activities',
      'GET /v2/device/{id}/scripting/options',
      'GET /v2/devices',
      'GET /v2/devices-detailed',
      'GET /v2/organization/{id}/location/{location_id}/installer/{installer_type}',
      'GET /v2/organization/{id}/locations',
      'GET /v2/organizations',
      'POST /v2/device/{id}/script/run',
    ]);
  });

  it('would catch a response that breaks the description', () => {
    const op = spec.paths['/v2/device/{id}']?.get;
    const schema = op?.responses['200']?.content?.['application/json']?.schema;
    expect(check(schema, { id: 1, nodeClass: 'TOASTER', offline: 'no' }, 'device')).not.toEqual([]);
    expect(check(schema, { id: 1, nodeClass: 'WINDOWS_SERVER', offline: false }, 'device')).toEqual([]);
  });
});
