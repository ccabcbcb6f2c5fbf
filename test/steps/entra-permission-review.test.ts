// entra.permission-review against the sandbox's Graph: meanings come from the Graph service
// principal's appRoles at run time; an unknown permission is an input error; nothing is written.
// Also: phase 1 reviews exactly the permissions phase 2's app registrations request.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../../src/errors.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { entraPermissionReviewStep as review } from '../../src/services/graph/steps/entra-permission-review/index.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 8484 });
});
afterAll(async () => {
  await sb.close();
});

const ctx = () => exchangeStepContext(sb, 'permission-review');

describe('entra.permission-review', () => {
  it('plans noop with each permission and what it allows, read from the Graph appRoles', async () => {
    const params = review.params.parse({
      apps: [
        { displayName: 'Reviewer Test Sync', permissions: ['Group.Read.All'] },
        { displayName: 'Reviewer Test Pull', purpose: 'pulls mail', permissions: ['Mail.ReadWrite'] },
      ],
    });
    const start = sb.snapshot();
    const plan = await review.plan(ctx(), params);
    expect(plan.action).toBe('noop');
    expect(plan.summary).toBe(
      'review 2 Microsoft Graph application permission(s) of Reviewer Test Sync, Reviewer Test Pull',
    );
    expect(plan.details).toEqual([
      'Reviewer Test Sync:',
      '  Group.Read.All (Microsoft Graph application permission): Read all groups. Allows the app to read group properties and memberships, and read conversations for all groups, without a signed-in user.',
      'Reviewer Test Pull (pulls mail):',
      '  Mail.ReadWrite (Microsoft Graph application permission, WRITE access): Read and write mail in all mailboxes. Allows the app to create, read, update, and delete mail in all mailboxes without a signed-in user. Does not include permission to send mail.',
      '2 distinct permission(s) across 2 app(s), granted tenant-wide with admin consent; no signed-in user is needed.',
    ]);
    const apps = plan.knownOutputs?.apps as Array<{
      permissions: Array<{ appRoleId: string; writes: boolean }>;
    }>;
    expect(apps[1]?.permissions[0]).toMatchObject({
      appRoleId: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
      writes: true,
    });
    const applied = await review.apply(ctx(), params, plan);
    expect(applied).toEqual({ outputs: plan.knownOutputs, undo: null });
    expect((await review.verify(ctx(), params, applied.outputs)).ok).toBe(true);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
    expect(sb.requests.filter((r) => r.service === 'graph' && r.method !== 'GET')).toEqual([]);
  });

  it('names a permission Graph does not have, and rejects a duplicate in params', async () => {
    const params = review.params.parse({
      apps: [{ displayName: 'Typo App', permissions: ['User.Read.All', 'Mail.ReadWriteAll'] }],
    });
    const error = await review.plan(ctx(), params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      'Microsoft Graph has no application permission Typo App: Mail.ReadWriteAll',
    );
    expect(
      review.params.safeParse({
        apps: [{ displayName: 'x', permissions: ['User.Read.All', 'User.Read.All'] }],
      }).success,
    ).toBe(false);
  });
});

describe('proofpoint phase 1 security review', () => {
  it('reviews exactly the app registrations and permissions phase 2 creates', () => {
    type Doc = { steps: Array<{ type: string; with?: Record<string, unknown> }> };
    const read = (phase: number) =>
      parse(readFileSync(`runbooks/proofpoint/phase-${phase}.yaml`, 'utf8')) as Doc;
    const reviewed = read(1)
      .steps.filter((s) => s.type === 'entra.permission-review')
      .flatMap((s) => s.with?.apps as Array<{ displayName: string; permissions: string[] }>)
      .map((a) => [a.displayName, a.permissions]);
    const created = read(2)
      .steps.filter((s) => s.type === 'entra.app-registration')
      .map((s) => [s.with?.displayName, s.with?.applicationPermissions]);
    expect(reviewed).toEqual(created);
    expect(reviewed).toHaveLength(2);
  });
});
