// intune.win32-app's category against the sandbox: an existing category by name (plan shows
// before -> after, apply adds the reference, verify reads it back, a re-run is a noop, undo leaves
// an empty diff), the category alone added to an app that is already current, a missing category
// refused with the existing names, and a custom one created (and deleted on undo) only when allowed.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphClient } from '../../src/services/graph/client/client.ts';
import { InputError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { agentBuild } from '../../src/services/ninjaone/emulator/installer.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { intuneWin32AppStep as step } from '../../src/services/graph/steps/intune-win32-app/index.ts';
import type { IntuneWin32AppParams } from '../../src/services/graph/steps/intune-win32-app/params.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';
import { applyAgainAfterCrash } from './crash-resume-support.ts';

const SEED = 6174;
let sb: Sandbox;
let graph: GraphClient;
let dir: string;
const redactor = new Redactor();

function context(): StepContext {
  return {
    runId: 'run-intune-category-9',
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

function paramsFor(displayName: string, extra: Record<string, unknown>): IntuneWin32AppParams {
  const version = '5.9.7310';
  const build = agentBuild(SEED, version, 64_000);
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
    ...extra,
  });
}

const namesOf = async (appId: string) => (await graph.listCategoriesOfApp(appId)).map((c) => c.displayName);
const categoryByName = async (name: string) =>
  (await graph.listAppCategories()).find((c) => c.displayName === name);

beforeAll(async () => {
  sb = await startSandbox({ seed: SEED });
  graph = await sandboxServices(sb, redactor).graph();
  dir = mkdtempSync(path.join(tmpdir(), 'intune-category-'));
  mkdirSync(path.join(dir, 'secrets'), { mode: 0o700 });
  await new FileSecretStore(path.join(dir, 'secrets')).put('ninjaone-install-token', 'tok-category-5521');
});
afterAll(() => sb.close());

describe('intune.win32-app category', () => {
  it('creates the app in an existing category: plan, apply, verify, noop re-run, undo to an empty diff', async () => {
    const params = paramsFor('Category Agent A', { category: 'computer Management' });
    const start = sb.snapshot();
    const plan = await step.plan(context(), params);
    expect(plan.action).toBe('create');
    expect(plan.changes).toContainEqual({ path: 'category', before: null, after: 'computer Management' });
    expect(plan.calls.map((c) => c.target).join('\n')).toMatch(/categories\/\$ref/);
    expect(plan.calls.map((c) => c.target).join('\n')).not.toMatch(/custom category/);

    const applied = await step.apply(context(), params, plan);
    const appId = applied.outputs.appId as string;
    const wanted = await categoryByName('Computer management');
    expect(applied.outputs.categoryId).toBe(wanted?.id);
    expect(await namesOf(appId)).toEqual(['Computer management']);
    // The reference is written on beta, naming the category by its beta URL (intune-categories.ts).
    const refs = sb.requests.filter((r) => r.path.includes('/categories/$ref'));
    expect(refs.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /graph/beta/deviceAppManagement/mobileApps/${appId}/categories/$ref`,
    ]);
    expect(JSON.stringify(refs[0]?.requestBody)).toContain(
      `/graph/beta/deviceAppManagement/mobileAppCategories/${wanted?.id ?? ''}`,
    );
    expect(applied.undo).toMatchObject({
      kind: 'delete-app',
      addedCategoryId: wanted?.id,
      createdCategoryId: null,
    });

    const verified = await step.verify(context(), params, applied.outputs);
    expect(verified.ok).toBe(true);
    expect(verified.checks).toContain(
      'category computer Management set (app categories: Computer management)',
    );

    const again = await step.plan(context(), params);
    expect(again.action).toBe('noop');
    expect(again.knownOutputs).toMatchObject({ appId, categoryId: wanted?.id });

    await step.undo!(context(), applied.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('adds only the category to an app that is already current, keeps its other categories, and undo removes only that', async () => {
    const bare = paramsFor('Category Agent B', {});
    const first = await step.apply(context(), bare, await step.plan(context(), bare));
    const appId = first.outputs.appId as string;
    const productivity = await categoryByName('Productivity');
    await graph.addAppToCategory(appId, productivity!.id);
    expect((await step.plan(context(), bare)).action).toBe('noop');

    const params = paramsFor('Category Agent B', { category: 'Computer management' });
    const start = sb.snapshot();
    const plan = await step.plan(context(), params);
    expect(plan.action).toBe('update');
    expect(plan.changes).toEqual([
      { path: 'category', before: 'Productivity', after: 'Productivity, Computer management' },
    ]);
    expect(plan.calls).toHaveLength(1);
    const posts = sb.requests.filter((r) => r.method === 'POST' && /contentVersions$/.test(r.path)).length;
    const applied = await step.apply(context(), params, plan);
    expect(sb.requests.filter((r) => r.method === 'POST' && /contentVersions$/.test(r.path)).length).toBe(
      posts,
    );
    expect((await namesOf(appId)).sort()).toEqual(['Computer management', 'Productivity']);
    expect(applied.undo).toMatchObject({ kind: 'restore-category', createdCategoryId: null });
    expect((await step.verify(context(), params, applied.outputs)).ok).toBe(true);

    await step.undo!(context(), applied.undo!);
    expect(await namesOf(appId)).toEqual(['Productivity']);
    // Nothing else was touched: not even the app's lastModifiedDateTime.
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('refuses a category the tenant lacks unless createCategory, naming the existing ones', async () => {
    const params = paramsFor('Category Agent C', { category: 'Remote Monitoring' });
    const start = sb.snapshot();
    const refused = await step.plan(context(), params).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).message).toMatch(/no app category named "Remote Monitoring"/);
    expect((refused as InputError).message).toMatch(/Computer management, Data management/);
    expect((refused as InputError).hint).toMatch(/createCategory: true/);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('creates a custom category when allowed, verifies it, and undo deletes the app and the category', async () => {
    const params = paramsFor('Category Agent D', { category: 'Remote Monitoring', createCategory: true });
    const start = sb.snapshot();
    const plan = await step.plan(context(), params);
    expect(plan.calls.map((c) => c.target).join('\n')).toMatch(/custom category Remote Monitoring/);
    expect(plan.details?.join('\n')).toMatch(
      /category: Remote Monitoring \(custom category this run creates\)/,
    );
    const applied = await step.apply(context(), params, plan);
    const created = await categoryByName('Remote Monitoring');
    expect(created).toBeDefined();
    expect(applied.undo).toMatchObject({ createdCategoryId: created?.id, addedCategoryId: created?.id });
    expect((await step.verify(context(), params, applied.outputs)).ok).toBe(true);
    await step.undo!(context(), applied.undo!);
    expect(await categoryByName('Remote Monitoring')).toBeUndefined();
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('resumed after the category and reference were made: claims both, so undo still removes them', async () => {
    const bare = paramsFor('Category Agent E', {});
    const first = await step.apply(context(), bare, await step.plan(context(), bare));
    const params = paramsFor('Category Agent E', { category: 'Fleet Agents', createCategory: true });
    const start = sb.snapshot();
    const { first: lost, resumed } = await applyAgainAfterCrash(step, context, params);
    expect(resumed.outputs).toEqual(lost.outputs);
    expect(resumed.undo).toMatchObject({
      kind: 'restore-category',
      createdCategoryId: lost.outputs.categoryId,
      addedCategoryId: lost.outputs.categoryId,
    });
    expect(await namesOf(first.outputs.appId as string)).toEqual(['Fleet Agents']);
    await step.undo!(context(), resumed.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('verify fails when the app was taken out of its category', async () => {
    const params = paramsFor('Category Agent F', { category: 'Business' });
    const applied = await step.apply(context(), params, await step.plan(context(), params));
    await graph.removeAppFromCategory(applied.outputs.appId as string, applied.outputs.categoryId as string);
    const verified = await step.verify(context(), params, applied.outputs);
    expect(verified.ok).toBe(false);
    expect(verified.checks).toContain('category Business missing (app categories: none)');
    await step.undo!(context(), applied.undo!);
  });
});
