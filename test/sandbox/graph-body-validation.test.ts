/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON answers freely */
// The sandbox validates whole Graph request bodies against v1.0 $metadata (nested complex types,
// enums, derived types by '@odata.type', collections, primitive literals) and answers as Graph does:
// 400 with {error:{code, message, innerError}}. The mutations are the ones API audit finding 8 got
// a 201 for, each sent over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { graphModel } from '../../src/services/graph/emulator/model-load.ts';
import { connect, type GraphCaller, type HttpAnswer } from './helpers.ts';

let sb: Sandbox;
let graph: GraphCaller;

const APPS = '/deviceAppManagement/mobileApps';
const productCodeRule = {
  '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
  ruleType: 'detection',
  productCode: '{11111111-2222-3333-4444-555555555555}',
  productVersionOperator: 'notConfigured',
  productVersion: null,
};
const validApp = {
  '@odata.type': '#microsoft.graph.win32LobApp',
  displayName: 'Validation Probe',
  publisher: 'Contoso IT',
  fileName: 'probe.intunewin',
  setupFilePath: 'probe.msi',
  installCommandLine: 'msiexec /i probe.msi /qn',
  uninstallCommandLine: 'msiexec /x {0} /qn',
  applicableArchitectures: 'x64,x86',
  installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress' },
  returnCodes: [{ returnCode: 0, type: 'success' }],
  msiInformation: {
    productCode: '{11111111-2222-3333-4444-555555555555}',
    packageType: 'perMachine',
    requiresReboot: false,
  },
  rules: [productCodeRule],
};

beforeAll(async () => {
  sb = await startSandbox({ seed: 3141 });
  graph = await connect(sb);
});
afterAll(() => sb.close());

function expectGraphError(answer: HttpAnswer, code: string, words: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(answer.body.error.code).toBe(code);
  expect(answer.body.error.message).toMatch(words);
  expect(answer.body.error.innerError['request-id']).toEqual(expect.any(String));
}

describe(`Graph request bodies validated against v1.0 (${graphModel().source})`, () => {
  it('accepts a complete, valid win32LobApp', async () => {
    const created = await graph('POST', APPS, validApp);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it.each([
    [
      'a single enum member that does not exist',
      { applicableArchitectures: 'amd64' },
      /literal 'amd64'.*windowsArchitecture/,
    ],
    [
      'a misspelt property inside a collection item',
      { returnCodes: [{ returnKode: 0, type: 'success' }] },
      /property 'returnKode' does not exist on type 'microsoft\.graph\.win32LobAppReturnCode'/,
    ],
    [
      'an enum value inside a collection item',
      { returnCodes: [{ returnCode: 0, type: 'great' }] },
      /literal 'great'.*win32LobAppReturnCodeType/,
    ],
    [
      'an enum value on a derived rule type chosen by @odata.type',
      { rules: [{ ...productCodeRule, productVersionOperator: 'sortOf' }] },
      /literal 'sortOf'.*win32LobAppRuleOperator/,
    ],
    [
      'a property of a derived rule type misspelt',
      { rules: [{ ...productCodeRule, productKode: 'x' }] },
      /property 'productKode' does not exist on type 'microsoft\.graph\.win32LobAppProductCodeRule'/,
    ],
    [
      'a string where Edm.Boolean is declared, nested',
      { msiInformation: { packageType: 'perMachine', requiresReboot: 'no' } },
      /literal 'no'.*Edm\.Boolean/,
    ],
    [
      'an unknown property inside installExperience',
      { installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress', bogus: 1 } },
      /property 'bogus' does not exist on type 'microsoft\.graph\.win32LobAppInstallExperience'/,
    ],
    [
      'an abstract rule without @odata.type',
      { rules: [{ ruleType: 'detection' }] },
      /abstract type 'microsoft\.graph\.win32LobAppRule'/,
    ],
    [
      'a rule type that does not derive from win32LobAppRule',
      { rules: [{ '@odata.type': '#microsoft.graph.win32LobAppReturnCode', returnCode: 0 }] },
      /not assignable to the expected type 'microsoft\.graph\.win32LobAppRule'/,
    ],
    [
      'a type that does not exist',
      { rules: [{ '@odata.type': '#microsoft.graph.win32LobAppMagicRule' }] },
      /could not be resolved by the model/,
    ],
    [
      'an object where a collection is declared',
      { returnCodes: { returnCode: 0 } },
      /'StartObject' node .* 'StartArray' node was expected/,
    ],
    ['a fraction where Edm.Int32 is declared', { minimumMemoryInMB: 1.5 }, /literal '1\.5'.*Edm\.Int32/],
    [
      'null for a non-nullable property',
      { applicableArchitectures: null },
      /null value .*'applicableArchitectures'/,
    ],
    ['the beta-only detectionRules', { detectionRules: [] }, /property 'detectionRules' does not exist/],
  ])('refuses %s with 400 BadRequest', async (_what, change, words) => {
    expectGraphError(await graph('POST', APPS, { ...validApp, ...change }), 'BadRequest', words);
  });

  it('checks PATCH bodies the same way', async () => {
    const created = await graph('POST', APPS, { ...validApp, displayName: 'Patch Probe' });
    const patched = await graph('PATCH', `${APPS}/${created.body.id}`, {
      '@odata.type': '#microsoft.graph.win32LobApp',
      msiInformation: { requiresReboot: 'no' },
    });
    expectGraphError(patched, 'BadRequest', /literal 'no'/);
  });

  it('checks a bound action parameter deeply (commit.fileEncryptionInfo)', async () => {
    const app = (await graph('POST', APPS, { ...validApp, displayName: 'Commit Probe' })).body;
    const cv = (await graph('POST', `${APPS}/${app.id}/microsoft.graph.win32LobApp/contentVersions`, {}))
      .body;
    const file = (
      await graph('POST', `${APPS}/${app.id}/microsoft.graph.win32LobApp/contentVersions/${cv.id}/files`, {
        '@odata.type': '#microsoft.graph.mobileAppContentFile',
        name: 'probe.intunewin',
        size: 10,
        sizeEncrypted: 48,
      })
    ).body;
    const commit = await graph(
      'POST',
      `${APPS}/${app.id}/microsoft.graph.win32LobApp/contentVersions/${cv.id}/files/${file.id}/commit`,
      {
        fileEncryptionInfo: {
          encryptionKey: 'AAAA',
          macKey: 'AAAA',
          initializationVector: 'AAAA',
          mac: 'AAAA',
          profileIdentifier: 'ProfileVersion1',
          fileDigest: 'AAAA',
          fileDigestAlgorithm: 'SHA256',
          keyz: 1,
        },
      },
    );
    expectGraphError(
      commit,
      'BadRequest',
      /property 'keyz' does not exist on type 'microsoft\.graph\.fileEncryptionInfo'/,
    );
  });

  it('checks bodies inside $batch the same way', async () => {
    const answer = await graph('POST', '/$batch', {
      requests: [
        {
          id: '1',
          method: 'POST',
          url: APPS,
          headers: { 'Content-Type': 'application/json' },
          body: { ...validApp, displayName: 'Batch Probe', applicableArchitectures: 'amd64' },
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.responses[0].status).toBe(400);
    expect(answer.body.responses[0].body.error.message).toMatch(/literal 'amd64'/);
  });

  it('answers directory bodies in the directory voice (Request_BadRequest)', async () => {
    const nested = await graph('POST', '/applications', {
      displayName: 'Nested Probe',
      requiredResourceAccess: [
        {
          resourceAppId: '00000003-0000-0000-c000-000000000000',
          resourceAccess: [{ id: 'not-a-guid', type: 'Role' }],
        },
      ],
    });
    expectGraphError(
      nested,
      'Request_BadRequest',
      /Invalid value specified for property 'id' of resource 'ResourceAccess'/,
    );
    const unknown = await graph('POST', '/applications', {
      displayName: 'Unknown Probe',
      web: { redirectUris: [], bogus: true },
    });
    expectGraphError(unknown, 'Request_BadRequest', /Property 'bogus' does not exist as a declared property/);
  });
});
