// intune.win32-app resumed after a crash: whatever the interrupted attempt left (the app alone, an
// uncommitted content version, a committed file not yet made the app's version, or everything),
// the resumed apply leaves exactly one new content version, and its undo restores the start: the
// app deleted when the run created it, or the earlier content and properties put back otherwise.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphClient } from '../../src/services/graph/client/client.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { agentBuild } from '../../src/services/ninjaone/emulator/installer.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { appBody } from '../../src/services/graph/steps/intune-win32-app/body.ts';
import { intuneWin32AppStep as step } from '../../src/services/graph/steps/intune-win32-app/index.ts';
import { withPackage } from '../../src/services/graph/steps/intune-win32-app/package.ts';
import type { IntuneWin32AppParams } from '../../src/services/graph/steps/intune-win32-app/params.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';

const TOKEN = 'tok-7Qm2-crash-resume-4411';
const SEED = 8080;
let sb: Sandbox;
let graph: GraphClient;
let dir: string;
const redactor = new Redactor();

function context(): StepContext {
  return {
    runId: 'run-intune-crash-5',
    stepId: 'win32-app',
    tenantId: sb.tenantId,
    services: sandboxServices(sb, redactor),
    secrets: new FileSecretStore(path.join(dir, 'secrets')),
    redactor,
    log: { info: () => {}, progress: () => {}, warn: () => {} },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 10))),
  };
}

function paramsFor(version: string, displayName: string): IntuneWin32AppParams {
  const build = agentBuild(SEED, version, 120_000);
  const file = path.join(dir, `agent-${version}.msi`);
  writeFileSync(file, build.bytes);
  return step.params.parse({
    displayName,
    publisher: 'NinjaOne',
    installer: {
      path: file,
      fileName: 'NinjaOneAgent-x64.msi',
      productCode: build.productCode,
      productVersion: version,
      sha256: createHash('sha256').update(build.bytes).digest('hex'),
    },
    // The generic installer's path: a token in the install command, explicitly accepted.
    installToken: { name: 'ninjaone-install-token' },
    tokenInInstallCommand: true,
    tokenProperty: 'TOKENID',
  });
}

beforeAll(async () => {
  sb = await startSandbox({ seed: SEED });
  graph = await sandboxServices(sb, redactor).graph();
  dir = mkdtempSync(path.join(tmpdir(), 'intune-crash-'));
  mkdirSync(path.join(dir, 'secrets'), { mode: 0o700 });
  await new FileSecretStore(path.join(dir, 'secrets')).put('ninjaone-install-token', TOKEN);
});
afterAll(() => sb.close());

const versionsOf = async (appId: string) => graph.listContentVersions(appId);
const contentVersionPosts = () =>
  sb.requests.filter((r) => r.method === 'POST' && /contentVersions$/.test(r.path)).length;

const field = (record: unknown, name: string) => (record as Record<string, unknown>)[name];
/** JSON with sorted keys: Graph gives key order no meaning. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

/** What the interrupted attempt did before the crash. */
type Interrupted = (params: IntuneWin32AppParams, appId: string) => Promise<void>;

const leaveUncommittedVersion: Interrupted = async (_params, appId) => {
  const cv = await graph.createContentVersion(appId);
  await graph.createContentFile(appId, cv, {
    name: 'IntunePackage.intunewin',
    size: 4096,
    sizeEncrypted: 4144,
  });
};
const leaveCommittedFile: Interrupted = async (params, appId) => {
  await withPackage(context(), params, (content) =>
    graph.uploadWin32Content(appId, content, {
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 10))),
      now: () => new Date(),
      pollIntervalMs: 5,
    }),
  );
};

async function crashAndResume(params: IntuneWin32AppParams, interrupted: Interrupted) {
  const plan = await step.plan(context(), params);
  const existing = (await graph.findWin32AppsByName(params.displayName))[0];
  const appId = existing?.id ?? (await graph.createWin32App(appBody(params, TOKEN, 'crashed attempt'))).id;
  await interrupted(params, appId);
  // As the journal stores it: redacted, then read back.
  const journaled = JSON.parse(JSON.stringify(redactor.value(plan.observed))) as typeof plan.observed;
  const replanned = await step.plan(context(), params);
  const posts = contentVersionPosts();
  const resumed = await step.apply(context(), params, { ...replanned, observed: journaled });
  return { plan, appId, resumed, newVersions: contentVersionPosts() - posts };
}

describe('intune.win32-app resumed after a crash', () => {
  it('after an uncommitted content version: deletes it, uploads once, and undo deletes the app', async () => {
    const params = paramsFor('5.9.4001', 'Crash Agent A');
    const start = sb.snapshot();
    const { appId, resumed, newVersions } = await crashAndResume(params, leaveUncommittedVersion);
    expect(newVersions).toBe(1);
    expect(await versionsOf(appId)).toEqual([resumed.outputs.contentVersion]);
    expect((await graph.getWin32App(appId))?.committedContentVersion).toBe(resumed.outputs.contentVersion);
    expect(resumed.undo).toMatchObject({ kind: 'delete-app', appId });
    expect(JSON.stringify(resumed.undo)).not.toContain(TOKEN);
    await step.undo!(context(), resumed.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('after a committed file not yet the app version: commits that version without uploading again', async () => {
    const params = paramsFor('5.9.4002', 'Crash Agent B');
    const start = sb.snapshot();
    const { appId, resumed, newVersions } = await crashAndResume(params, leaveCommittedFile);
    expect(newVersions).toBe(0);
    expect(await versionsOf(appId)).toEqual([resumed.outputs.contentVersion]);
    expect((await step.verify(context(), params, resumed.outputs)).ok).toBe(true);
    await step.undo!(context(), resumed.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('after the whole apply: changes nothing more, and undo deletes the app', async () => {
    const params = paramsFor('5.9.4003', 'Crash Agent C');
    const start = sb.snapshot();
    const plan = await step.plan(context(), params);
    const first = await step.apply(context(), params, plan);
    const posts = contentVersionPosts();
    const resumed = await step.apply(context(), params, {
      ...(await step.plan(context(), params)),
      observed: plan.observed,
    });
    expect(contentVersionPosts()).toBe(posts);
    expect(resumed).toEqual(first);
    await step.undo!(context(), resumed.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('an app from before the run: rollback leaves no extra content version and its properties as they were', async () => {
    const earlier = paramsFor('5.9.3001', 'Crash Agent D');
    await step.apply(context(), earlier, await step.plan(context(), earlier));
    const params = paramsFor('5.9.3002', 'Crash Agent D');
    const start = sb.snapshot();
    const { appId, plan, resumed, newVersions } = await crashAndResume(params, leaveUncommittedVersion);
    expect(plan.action).toBe('update');
    expect(JSON.stringify(plan.observed)).not.toContain(TOKEN);
    expect(newVersions).toBe(1);
    expect(await versionsOf(appId)).toEqual(['1', resumed.outputs.contentVersion]);
    expect(resumed.undo).toMatchObject({ kind: 'restore-content', committedContentVersion: '1' });
    expect(JSON.stringify(resumed.undo)).not.toContain(TOKEN);

    const journaledUndo = JSON.parse(JSON.stringify(redactor.value(resumed.undo))) as typeof resumed.undo;
    expect(journaledUndo).toEqual(resumed.undo);
    await step.undo!(context(), journaledUndo!);
    expect(await versionsOf(appId)).toEqual(['1']);
    const diff = sb.diff(start, sb.snapshot());
    // Intune stamps every PATCH; nothing else may differ.
    expect(diff.created).toEqual([]);
    expect(diff.deleted).toEqual([]);
    const differing = diff.changed.map((c) => [
      c.collection,
      (c.changedFields ?? []).filter((f) => canonical(field(c.before, f)) !== canonical(field(c.after, f))),
    ]);
    expect(differing).toEqual([['intune.mobileApps', ['lastModifiedDateTime']]]);
  });
});
