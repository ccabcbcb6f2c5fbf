/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON answers freely */
// Checks the sandbox's Graph surface against the service's own $metadata: the sandbox's schema,
// every body it accepted and every body it sent in a scripted session, and the bound actions used.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_ACTIONS, GRAPH_TYPES } from '../../src/services/graph/emulator/schema.ts';
import { startSandbox, type RequestLogEntry, type Sandbox } from '../../src/sandbox/index.ts';
import { normaliseType, parseCsdl, type Csdl } from './csdl.ts';
import { reference } from '../support/reference.ts';
import { connect, GRAPH_APP_ID } from './helpers.ts';

const metadata = reference('graph/v1.0-metadata.xml', 'Graph fidelity against v1.0-metadata.xml');
const METADATA = metadata.path;
const present = metadata.present;

function primitiveOk(value: unknown, type: string): boolean {
  if (value === null) return true;
  switch (type) {
    case 'Edm.Boolean':
      return typeof value === 'boolean';
    case 'Edm.Int32':
    case 'Edm.Int64':
      return typeof value === 'number';
    default:
      return typeof value === 'string';
  }
}

/** Every problem with `value` as an instance of `typeName`, as readable strings. */
function problemsOf(csdl: Csdl, value: unknown, typeName: string, where: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${where}: not an object`];
  const record = value as Record<string, unknown>;
  const odataType =
    typeof record['@odata.type'] === 'string' ? record['@odata.type'].replace(/^#/, '') : undefined;
  const actualType = odataType ?? typeName;
  const declared = csdl.allProperties(actualType);
  if (!declared) return [`${where}: type ${actualType} not in metadata`];
  const problems: string[] = [];
  for (const [name, v] of Object.entries(record)) {
    if (name.startsWith('@')) continue;
    const type = declared[name];
    if (type === undefined) {
      problems.push(`${where}.${name}: not declared on ${actualType}`);
      continue;
    }
    problems.push(...valueProblems(csdl, v, type, `${where}.${name}`));
  }
  return problems;
}

function valueProblems(csdl: Csdl, value: unknown, type: string, where: string): string[] {
  const collection = /^Collection\((.+)\)$/.exec(type);
  if (collection) {
    if (!Array.isArray(value)) return [`${where}: expected an array for ${type}`];
    return value.flatMap((item, i) => valueProblems(csdl, item, collection[1]!, `${where}[${i}]`));
  }
  if (type.startsWith('Edm.'))
    return primitiveOk(value, type) ? [] : [`${where}: ${JSON.stringify(value)} is not ${type}`];
  if (value === null) return [];
  const members = csdl.enums.get(type);
  if (members !== undefined)
    return typeof value === 'string' && value.split(',').every((v) => members.includes(v.trim()))
      ? []
      : [`${where}: ${JSON.stringify(value)} is not a member of ${type}`];
  return problemsOf(csdl, value, type, where);
}

function isA(csdl: Csdl, typeName: string, wanted: string): boolean {
  for (let t: string | undefined = typeName; t !== undefined; t = csdl.types.get(t)?.baseType)
    if (t === wanted) return true;
  return false;
}

/** A $ref body: only @odata.id, naming one entity of the navigation's type; the navigation not contained. */
function referenceProblems(csdl: Csdl, path: string, body: unknown, where: string): string[] {
  const target = csdl.resolvePath(path.replace(/^\/graph\/v1\.0/, '').replace(/\/\$ref$/, ''));
  if (typeof target === 'string') return [`${where}: ${target}`];
  if (!target.collection || !target.reference)
    return [`${where}: not a collection navigation written by reference`];
  const fields = (body ?? {}) as Record<string, unknown>;
  if (Object.keys(fields).join(',') !== '@odata.id') return [`${where}: a $ref body holds @odata.id only`];
  const relative = /\/v1\.0\/(.+)$/.exec(String(fields['@odata.id']))?.[1];
  if (relative === undefined) return [`${where}: @odata.id is not a v1.0 URL`];
  const named = csdl.resolvePath(relative);
  if (typeof named === 'string') return [`${where} @odata.id: ${named}`];
  if (named.collection || !isA(csdl, named.type, target.type))
    return [
      `${where} @odata.id: names ${named.collection ? 'a collection of ' : ''}${named.type}, not ${target.type}`,
    ];
  return [];
}

function checkEntry(csdl: Csdl, entry: RequestLogEntry): string[] {
  const where = `${entry.method} ${entry.path}`;
  const problems: string[] = [];
  const { request, response } = entry.graphTypes ?? {};
  if (request !== undefined && entry.requestBody !== undefined && entry.status < 400) {
    if (request === '$ref') {
      problems.push(...referenceProblems(csdl, entry.path, entry.requestBody, where));
    } else if (request.startsWith('action:')) {
      // 'action:<binding type>/<name>'
      const [bindingType, name] = request.slice('action:'.length).split('/');
      const action = csdl.actions.find((a) => a.name === name && a.bindingType === bindingType);
      if (!action) problems.push(`${where}: no action ${request} in metadata`);
      for (const [name, v] of Object.entries(entry.requestBody as Record<string, unknown>)) {
        const type = action?.parameters[name];
        if (type === undefined) problems.push(`${where} request.${name}: not a parameter of ${request}`);
        else problems.push(...valueProblems(csdl, v, type, `${where} request.${name}`));
      }
    } else {
      problems.push(...problemsOf(csdl, entry.requestBody, request, `${where} request`));
    }
  }
  if (response !== undefined && entry.responseBody !== undefined && entry.status < 400) {
    const collection = /^Collection\((.+)\)$/.exec(response);
    if (collection) {
      const items = (entry.responseBody as { value?: unknown[] }).value ?? [];
      items.forEach((item, i) =>
        problems.push(...problemsOf(csdl, item, collection[1]!, `${where} value[${i}]`)),
      );
    } else {
      problems.push(...problemsOf(csdl, entry.responseBody, response, `${where} response`));
    }
  }
  return problems;
}

/** Drive every Graph route the sandbox serves, over real HTTP. */
async function scriptedSession(sandbox: Sandbox): Promise<void> {
  const graph = await connect(sandbox);
  const graphSp = (await graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')`)).body;
  const app = (
    await graph(
      'PATCH',
      "/applications(uniqueName='fidelity-app')",
      {
        displayName: 'Fidelity App',
        signInAudience: 'AzureADMyOrg',
        tags: ['sop-integrate'],
        requiredResourceAccess: [
          {
            resourceAppId: GRAPH_APP_ID,
            resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }],
          },
        ],
      },
      { prefer: 'create-if-missing' },
    )
  ).body;
  await graph('PATCH', `/applications/${app.id}`, { notes: 'patched', description: 'a test app' });
  await graph('GET', `/applications/${app.id}`);
  await graph(
    'GET',
    "/applications?$filter=displayName eq 'Fidelity App'&$select=id,appId,displayName,passwordCredentials",
  );
  await graph('GET', '/applications?$top=1');
  const secret = (
    await graph('POST', `/applications/${app.id}/addPassword`, {
      passwordCredential: { displayName: 'fidelity', endDateTime: '2027-06-30T00:00:00Z' },
    })
  ).body;
  const sp = (
    await graph('POST', '/servicePrincipals', {
      appId: app.appId,
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    })
  ).body;
  await graph(
    'PATCH',
    `/servicePrincipals(appId='${app.appId}')`,
    { notes: 'sp notes' },
    { prefer: 'create-if-missing' },
  );
  await graph('GET', `/servicePrincipals?$filter=appId eq '${app.appId}'`);
  const assignment = (
    await graph('POST', `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
      principalId: sp.id,
      resourceId: graphSp.id,
      appRoleId: 'df021288-bdef-4463-88db-98f22de89214',
    })
  ).body;
  await graph('POST', `/servicePrincipals/${sp.id}/appRoleAssignments`, {
    principalId: sp.id,
    resourceId: graphSp.id,
    appRoleId: '5b567255-7703-4780-807c-7be8301ae99b',
  });
  await graph('GET', `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`);
  await graph('GET', `/servicePrincipals/${sp.id}/appRoleAssignments`);
  await graph('DELETE', `/servicePrincipals/${graphSp.id}/appRoleAssignedTo/${assignment.id}`);
  await graph('GET', '/roleManagement/directory/roleDefinitions');
  const role = (
    await graph('POST', '/roleManagement/directory/roleAssignments', {
      '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
      principalId: sp.id,
      roleDefinitionId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
      directoryScopeId: '/',
    })
  ).body;
  await graph('GET', `/roleManagement/directory/roleAssignments?$filter=principalId eq '${sp.id}'`);
  await graph('DELETE', `/roleManagement/directory/roleAssignments/${role.id}`);
  await graph('GET', "/groups?$filter=displayName eq 'NinjaOne Rollout Devices'");
  await graph('GET', '/users');
  await graph('GET', '/organization');
  await fetch(`${sandbox.url}/_sandbox/signins`, {
    method: 'POST',
    body: JSON.stringify({ appId: app.appId }),
  });
  await graph('GET', `/auditLogs/signIns?$filter=appId eq '${app.appId}'`);
  await graph('POST', '/$batch', {
    requests: [
      { id: '1', method: 'GET', url: `/applications/${app.id}` },
      {
        id: '2',
        method: 'POST',
        url: `/applications/${app.id}/removePassword`,
        body: { keyId: secret.keyId },
        headers: { 'content-type': 'application/json' },
        dependsOn: ['1'],
      },
    ],
  });
  await intuneSession(graph);
  await graph('DELETE', `/applications/${app.id}`);
  await graph('GET', '/directory/deletedItems/microsoft.graph.application');
  await graph('GET', '/directory/deletedItems/microsoft.graph.servicePrincipal');
  await graph('GET', `/directory/deletedItems/${app.id}`);
  await graph('POST', `/directory/deletedItems/${app.id}/restore`, { autoReconcileProxyConflict: false });
  await graph('POST', `/directory/deletedItems/${sp.id}/restore`);
  // failures too: their bodies must be Graph errors
  await graph('POST', '/applications', { displayName: 'x', nonsense: true });
  await graph('GET', '/applications/00000000-0000-4000-8000-000000000000');
}

/** Intune: a Win32 app and its category, set by reference to a built-in and a custom category. */
async function intuneSession(graph: Awaited<ReturnType<typeof connect>>): Promise<void> {
  const categories = '/deviceAppManagement/mobileAppCategories';
  const win32 = (
    await graph('POST', '/deviceAppManagement/mobileApps', {
      '@odata.type': '#microsoft.graph.win32LobApp',
      displayName: 'Fidelity Agent',
      description: 'fidelity',
      publisher: 'NinjaOne',
      fileName: 'agent.intunewin',
      setupFilePath: 'agent.msi',
      installCommandLine: 'msiexec /i agent.msi /qn',
      uninstallCommandLine: 'msiexec /x {0} /qn',
      installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress' },
      rules: [
        {
          '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
          ruleType: 'detection',
          productCode: '{9E0D5B0C-1111-4222-8333-444455556666}',
          productVersionOperator: 'notConfigured',
          productVersion: null,
        },
      ],
    })
  ).body;
  const appPath = `/deviceAppManagement/mobileApps/${win32.id}`;
  await graph('GET', appPath);
  await graph('GET', "/deviceAppManagement/mobileApps?$filter=displayName eq 'Fidelity Agent'");
  const builtIn = (await graph('GET', `${categories}?$filter=displayName eq 'Computer management'`)).body
    .value[0];
  const custom = (
    await graph('POST', categories, {
      '@odata.type': '#microsoft.graph.mobileAppCategory',
      displayName: 'Fidelity Tools',
    })
  ).body;
  await graph('GET', `${categories}/${custom.id}`);
  for (const category of [builtIn, custom])
    await graph('POST', `${appPath}/categories/$ref`, {
      '@odata.id': `https://graph.microsoft.com/v1.0${categories}/${category.id}`,
    });
  await graph('GET', `${appPath}/categories`);
  // refused: the same reference twice, and a reference to a category that does not exist
  await graph('POST', `${appPath}/categories/$ref`, {
    '@odata.id': `https://graph.microsoft.com/v1.0${categories}/${builtIn.id}`,
  });
  await graph('POST', `${appPath}/categories/$ref`, {
    '@odata.id': `https://graph.microsoft.com/v1.0${categories}/00000000-0000-4000-8000-00000000c0de`,
  });
  await graph('DELETE', `${appPath}/categories/${builtIn.id}/$ref`);
  await graph('DELETE', `${categories}/${custom.id}`);
  await graph('DELETE', appPath);
}

describe.skipIf(!present)(metadata.title, () => {
  let csdl: Csdl;
  let sandbox: Sandbox;
  beforeAll(async () => {
    csdl = parseCsdl(readFileSync(METADATA, 'utf8'));
    sandbox = await startSandbox({ seed: 8181 });
    await scriptedSession(sandbox);
  });
  afterAll(async () => sandbox?.close());

  it('reads the metadata (sanity)', () => {
    expect(csdl.types.size).toBeGreaterThan(1000);
    expect(csdl.entitySets.get('applications')).toBe('microsoft.graph.application');
  });

  it('every type and property in the sandbox schema exists in the metadata with the same Edm type', () => {
    const problems: string[] = [];
    for (const [name, type] of Object.entries(GRAPH_TYPES)) {
      const real = csdl.types.get(name);
      if (!real) {
        problems.push(`${name}: not in metadata`);
        continue;
      }
      if (real.kind !== type.kind) problems.push(`${name}: is ${real.kind}, sandbox says ${type.kind}`);
      if (real.baseType !== type.baseType)
        problems.push(`${name}: base ${real.baseType}, sandbox says ${type.baseType}`);
      for (const [prop, edm] of Object.entries(type.properties)) {
        const realType = real.properties[prop];
        if (realType !== normaliseType(edm))
          problems.push(`${name}.${prop}: metadata ${realType}, sandbox ${edm}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the entity sets and navigations the routes use exist', () => {
    expect(csdl.entitySets.get('servicePrincipals')).toBe('microsoft.graph.servicePrincipal');
    expect(csdl.entitySets.get('groups')).toBe('microsoft.graph.group');
    expect(csdl.entitySets.get('users')).toBe('microsoft.graph.user');
    const sp = csdl.types.get('microsoft.graph.servicePrincipal')!;
    expect(sp.navigation.appRoleAssignedTo).toBe('Collection(microsoft.graph.appRoleAssignment)');
    expect(sp.navigation.appRoleAssignments).toBe('Collection(microsoft.graph.appRoleAssignment)');
    expect(csdl.types.get('microsoft.graph.rbacApplication')?.navigation.roleAssignments).toBe(
      'Collection(microsoft.graph.unifiedRoleAssignment)',
    );
    expect(csdl.types.get('microsoft.graph.directory')?.navigation.deletedItems).toBe(
      'Collection(microsoft.graph.directoryObject)',
    );
    expect(csdl.types.get('microsoft.graph.auditLogRoot')?.navigation.signIns).toBe(
      'Collection(microsoft.graph.signIn)',
    );
    expect(csdl.singletons.get('deviceAppManagement')).toBe('microsoft.graph.deviceAppManagement');
    expect(csdl.resolvePath('deviceAppManagement/mobileAppCategories')).toEqual({
      type: 'microsoft.graph.mobileAppCategory',
      collection: true,
      reference: false,
    });
    expect(csdl.resolvePath('deviceAppManagement/mobileApps/a1/categories')).toEqual({
      type: 'microsoft.graph.mobileAppCategory',
      collection: true,
      reference: true,
    });
  });

  it('bound actions used exist on the right types with the right parameters', () => {
    for (const action of GRAPH_ACTIONS) {
      const real = csdl.actions.find((a) => a.name === action.name && a.bindingType === action.bindingType);
      expect(real, `${action.name} bound to ${action.bindingType}`).toBeDefined();
      expect(real?.parameters).toEqual(
        Object.fromEntries(Object.entries(action.parameters).map(([k, v]) => [k, normaliseType(v)])),
      );
    }
  });

  it('every accepted request body and every response body of the session has only declared properties', () => {
    const graphEntries = sandbox.requests.filter((r) => r.service === 'graph');
    const typed = graphEntries.filter(
      (r) => r.status < 400 && r.responseBody !== undefined && r.path !== '/graph/v1.0/$batch',
    );
    // the harness must not pass by skipping: every successful body carries its type
    expect(
      typed.filter((r) => r.graphTypes?.response === undefined).map((r) => `${r.method} ${r.path}`),
    ).toEqual([]);
    expect(typed.length).toBeGreaterThanOrEqual(20);
    expect(graphEntries.flatMap((entry) => checkEntry(csdl, entry))).toEqual([]);
  });

  it('error bodies use the Graph error shape', () => {
    const failures = sandbox.requests.filter((r) => r.service === 'graph' && r.status >= 400);
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const failure of failures) {
      const error = (failure.responseBody as { error: Record<string, unknown> }).error;
      expect(Object.keys(error).sort()).toEqual(['code', 'innerError', 'message']);
      expect(Object.keys(error.innerError as object).sort()).toEqual(
        expect.arrayContaining(['client-request-id', 'date', 'request-id']),
      );
    }
  });

  it('checks $ref bodies against the navigation (the harness can fail)', () => {
    const app = '/graph/v1.0/deviceAppManagement/mobileApps/6d1f0c1e-0000-4000-8000-000000000001';
    const category = (id: string) => ({
      '@odata.id': `https://graph.microsoft.com/v1.0/deviceAppManagement/mobileAppCategories/${id}`,
    });
    expect(referenceProblems(csdl, `${app}/categories/$ref`, category('c1'), 'probe')).toEqual([]);
    expect(referenceProblems(csdl, `${app}/assignments/$ref`, category('c1'), 'probe')).toEqual([
      'probe: not a collection navigation written by reference',
    ]);
    expect(
      referenceProblems(
        csdl,
        `${app}/categories/$ref`,
        { '@odata.id': 'https://graph.microsoft.com/v1.0/groups/g1' },
        'probe',
      ),
    ).toEqual(['probe @odata.id: names microsoft.graph.group, not microsoft.graph.mobileAppCategory']);
    expect(
      referenceProblems(csdl, `${app}/categories/$ref`, { ...category('c1'), id: 'c1' }, 'probe'),
    ).toHaveLength(1);
    expect(
      problemsOf(
        csdl,
        { installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'sometimes' } },
        'microsoft.graph.win32LobApp',
        'probe',
      ),
    ).toEqual([
      'probe.installExperience.deviceRestartBehavior: "sometimes" is not a member of microsoft.graph.win32LobAppRestartBehavior',
    ]);
  });

  it('catches a property the metadata does not declare (the harness can fail)', () => {
    expect(
      problemsOf(csdl, { displayName: 'x', secretValue: 'y' }, 'microsoft.graph.application', 'probe'),
    ).toEqual(['probe.secretValue: not declared on microsoft.graph.application']);
    expect(
      problemsOf(
        csdl,
        { passwordCredentials: [{ keyId: 'k', value: 'v' }] },
        'microsoft.graph.application',
        'probe',
      ),
    ).toHaveLength(1);
  });
});
