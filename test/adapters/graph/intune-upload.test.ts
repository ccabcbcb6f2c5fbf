// Intune Win32 content upload through the Graph adapter against the sandbox: a real package from
// the packager, block upload in several chunks with a SAS renewal, commit verified by the sandbox
// (decrypting the upload), the committed content version, assignments, delete; and a commit with
// the wrong key material failing like Intune does (commitFileFailed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphClient, Win32LobAppWrite } from '../../../src/services/graph/client/client.ts';
import {
  fileEncryptionInfoFromDetection,
  openIntunewinPackage,
  packIntunewin,
} from '../../../src/intunewin/index.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { agentBuild } from '../../../src/services/ninjaone/emulator/installer.ts';
import { sandboxServices } from '../support/sandbox-services.ts';

let sb: Sandbox;
let graph: GraphClient;
let packageFile: string;
const redactor = new Redactor();
const progress: number[] = [];

const timing = {
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5))),
  now: () => new Date(),
  pollIntervalMs: 5,
  chunkBytes: 64 * 1024,
  onProgress: (done: number) => progress.push(done),
};

function appBody(name: string): Win32LobAppWrite {
  return {
    '@odata.type': '#microsoft.graph.win32LobApp',
    displayName: name,
    description: 'test',
    publisher: 'NinjaOne',
    fileName: 'NinjaOneAgent-x86.intunewin',
    setupFilePath: 'NinjaOneAgent-x86.msi',
    installCommandLine: 'msiexec /i "NinjaOneAgent-x86.msi" /qn /norestart',
    uninstallCommandLine: 'msiexec /x "{X}" /qn',
    installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress' },
    returnCodes: [{ returnCode: 0, type: 'success' }],
    rules: [
      {
        '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
        ruleType: 'detection',
        productCode: '{X}',
        productVersionOperator: 'notConfigured',
        productVersion: null,
      },
    ],
    applicableArchitectures: 'x64',
    minimumSupportedWindowsRelease: '1607',
  };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 5150 });
  graph = await sandboxServices(sb, redactor).graph();
  const dir = mkdtempSync(path.join(tmpdir(), 'intune-up-'));
  const source = path.join(dir, 'source');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(source);
  writeFileSync(path.join(source, 'NinjaOneAgent-x86.msi'), agentBuild(5150, '5.9.1001', 300_000).bytes);
  packageFile = (
    await packIntunewin({
      sourceFolder: source,
      setupFile: 'NinjaOneAgent-x86.msi',
      outputFile: path.join(dir, 'out', 'agent.intunewin'),
    })
  ).outputFile;
});
afterAll(() => sb.close());

async function content() {
  const pkg = await openIntunewinPackage(packageFile);
  return {
    payload: pkg.payload,
    fileName: pkg.detection.fileName,
    size: pkg.detection.unencryptedContentSize,
    sizeEncrypted: pkg.payload.length,
    fileEncryptionInfo: { ...fileEncryptionInfoFromDetection(pkg.detection) },
  };
}

describe('Intune Win32 upload', () => {
  it('creates, uploads in blocks with a SAS renewal, commits, assigns and deletes', async () => {
    const app = await graph.createWin32App(appBody('Upload Test App'));
    // The storage refuses the third block once (expired SAS): the client renews and retries it.
    sb.faults.add({ service: 'blob', kind: 'status', status: 403, nth: 3, times: 1 });
    const result = await graph.uploadWin32Content(app.id, await content(), timing);
    expect(result.contentVersionId).toBe('1');
    expect(progress.length).toBeGreaterThan(3);
    const renewals = sb.requests.filter((r) => r.path.endsWith('/renewUpload'));
    expect(renewals).toHaveLength(1);
    const blocks = sb.requests.filter(
      (r) => r.service === 'blob' && r.query.comp === 'block' && r.status === 201,
    );
    expect(blocks.length).toBeGreaterThan(3);
    await graph.updateWin32App(app.id, { committedContentVersion: result.contentVersionId });
    expect((await graph.getWin32App(app.id))?.committedContentVersion).toBe('1');

    const groupId = Object.values(sb.snapshot().directory.groups).find(
      (g) => g.displayName === 'NinjaOne Rollout Devices',
    )!.id;
    const assignment = await graph.addGroupAssignment(app.id, groupId, 'required');
    expect(await graph.listAppAssignments(app.id)).toEqual([
      expect.objectContaining({ id: assignment.id, intent: 'required' }),
    ]);
    await graph.deleteAppAssignment(app.id, assignment.id);
    expect(await graph.listAppAssignments(app.id)).toEqual([]);
    expect((await graph.findWin32AppsByName('Upload Test App')).map((a) => a.id)).toEqual([app.id]);
    await graph.deleteWin32App(app.id);
    expect(await graph.getWin32App(app.id)).toBeUndefined();
    expect(Object.keys(sb.snapshot().intune?.contentFiles ?? {})).toEqual([]);
  });

  it('fails the commit (commitFileFailed) when the encryption info does not match the upload', async () => {
    sb.faults.clear();
    const app = await graph.createWin32App(appBody('Tampered App'));
    const good = await content();
    const mac = Buffer.from(good.fileEncryptionInfo.mac, 'base64');
    mac[0] = (mac[0] ?? 0) ^ 0xff;
    const bad = { ...good, fileEncryptionInfo: { ...good.fileEncryptionInfo, mac: mac.toString('base64') } };
    await expect(graph.uploadWin32Content(app.id, bad, timing)).rejects.toMatchObject({
      details: { vendorCode: 'commitFileFailed' },
    });
    await expect(graph.updateWin32App(app.id, { committedContentVersion: '1' })).rejects.toMatchObject({
      kind: 'bad-request',
    });
    await graph.deleteWin32App(app.id);
  });

  it('refuses the beta detectionRules shape on v1.0', async () => {
    const body = { ...appBody('Beta Shape'), detectionRules: [] } as unknown as Win32LobAppWrite;
    await expect(graph.createWin32App(body)).rejects.toMatchObject({ kind: 'bad-request' });
  });
});
