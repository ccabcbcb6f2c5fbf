// Saved plans are sealed: every kind of edit to plan.json (a step deleted, moved, its summary or
// change rewritten, the phase, an input, an added field, the tenant) is refused by `apply` and
// `approve` with exit 5 naming what was edited, before anything is called: with --sandbox the
// sandbox never starts (no state file), and against a "real" tenant every endpoint is a tripwire
// that must see zero requests. An edit whose seal was recomputed is still caught by the hashes
// inside the plan. Controls prove the unedited plan does get applied.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealOf } from '../../src/cli/plan-seal.ts';
import { writeSavedPlan, type SavedPlanFile } from '../../src/cli/saved-plan.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { startTripwire, type Tripwire } from './support/tripwire.ts';

type PlanJson = Record<string, unknown> & {
  phase: number;
  tenantId: string;
  sandbox: boolean;
  inputs: Record<string, unknown>;
  plan: { phase: number; steps: Record<string, unknown>[] } & Record<string, unknown>;
  seal?: unknown;
};

interface Edit {
  name: string;
  edit: (p: PlanJson) => void;
  /** Recompute the seal after the edit, as someone who knows the format would. */
  reseal?: boolean;
  says: RegExp;
}

const stepAt = (p: PlanJson, i: number): Record<string, unknown> =>
  p.plan.steps[i] as Record<string, unknown>;

const edits: Edit[] = [
  {
    name: 'a step deleted',
    edit: (p) => p.plan.steps.splice(5, 1),
    says: /step inbound-connector was deleted/,
  },
  {
    name: 'two steps swapped',
    edit: (p) => p.plan.steps.splice(3, 2, stepAt(p, 4), stepAt(p, 3)),
    says: /the steps were reordered: step spf is at position 4, it was at 5/,
  },
  {
    name: "a step's summary rewritten",
    edit: (p) => (stepAt(p, 4).summary = 'nothing changes'),
    says: /step spf: summary differs/,
  },
  {
    name: "a step's planned value changed (a param)",
    edit: (p) =>
      ((stepAt(p, 4).changes as { after: unknown }[])[0]!.after = 'v=spf1 include:evil.example -all'),
    says: /step spf: changes differs/,
  },
  {
    name: "a step's action changed",
    edit: (p) => (stepAt(p, 13).action = 'noop'),
    says: /step lock-down-inbound-connector: action differs/,
  },
  { name: 'the phase changed', edit: (p) => (p.phase = 3), says: /phase differs/ },
  {
    name: 'an input changed',
    edit: (p) => (p.inputs.proofpointMxHosts = ['mx.evil.example']),
    says: /input proofpointMxHosts differs/,
  },
  {
    name: 'an input added',
    edit: (p) => (p.inputs.extra = 'x'),
    says: /input extra was added/,
  },
  { name: 'a top-level field added', edit: (p) => (p.note = 'approved by everyone'), says: /note was added/ },
  {
    name: 'a field added to a step',
    edit: (p) => (stepAt(p, 2).skip = true),
    says: /step enter-sync-settings: skip was added/,
  },
  {
    name: 'a step added',
    edit: (p) => p.plan.steps.push({ ...stepAt(p, 0), id: 'extra' }),
    says: /step extra was added/,
  },
  {
    name: 'the tenant changed',
    edit: (p) => (p.tenantId = '00000000-0000-0000-0000-000000000000'),
    says: /tenantId differs/,
  },
  { name: 'the seal removed', edit: (p) => delete p.seal, says: /the seal is missing or malformed/ },
  {
    name: 'resealed: a step deleted',
    edit: (p) => p.plan.steps.splice(5, 1),
    reseal: true,
    says: /the steps do not match plan\.hash/,
  },
  {
    name: 'resealed: a step moved',
    edit: (p) => p.plan.steps.push(p.plan.steps.shift()!),
    reseal: true,
    says: /the steps do not match plan\.hash/,
  },
  {
    name: "resealed: a step's title rewritten",
    edit: (p) => (stepAt(p, 13).title = 'Tidy up the connector'),
    reseal: true,
    says: /step lock-down-inbound-connector: title differs from the runbook/,
  },
  {
    name: 'resealed: an input changed',
    edit: (p) => (p.inputs.proofpointMxHosts = ['mx.evil.example']),
    reseal: true,
    says: /inputs do not match plan\.inputsHash/,
  },
  {
    name: 'resealed: the phase changed in both places',
    edit: (p) => {
      p.phase = 3;
      p.plan.phase = 3;
    },
    reseal: true,
    says: /REFUSED_STALE_PLAN[\s\S]*made from another version of \S*phase-3\.yaml/,
  },
];

function edited(original: string, edit: Edit): string {
  const p = JSON.parse(original) as PlanJson;
  edit.edit(p);
  if (edit.reseal) {
    const { seal: _seal, ...content } = p;
    return JSON.stringify({ ...content, seal: sealOf(content) }, null, 2);
  }
  return JSON.stringify(p, null, 2);
}

describe('an edited saved plan is refused before anything is called (sandbox)', () => {
  const cwd = tempDir('sop-plan-tamper-');
  let original = '';
  beforeAll(async () => {
    const made = await runCli(
      ['plan', 'proofpoint', '--phase', '2', '--sandbox', '--state-dir', 'state', '--out', 'plan.json'],
      { cwd },
    );
    expect(made.code, made.stderr).toBe(0);
    original = readFileSync(path.join(cwd, 'plan.json'), 'utf8');
  });

  it.concurrent.each(edits)('apply: $name', async (edit) => {
    const dir = tempDir('sop-plan-tamper-case-');
    writeFileSync(path.join(dir, 'plan.json'), edited(original, edit));
    const run = await runCli(['apply', 'plan.json', '--sandbox', '--state-dir', 'state'], { cwd: dir });
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(edit.reseal ? /REFUSED_(CHANGED|STALE_PLAN)/ : /REFUSED_CHANGED/);
    expect(run.stderr).toMatch(edit.says);
    expect(run.stderr).not.toMatch(/BUG|unexpected error|at .*\.js:\d+/);
    // The sandbox starts only once every local check passed: no state file, no request.
    expect(existsSync(path.join(dir, 'state', 'sandbox', 'state.json'))).toBe(false);
  });

  it('approve refuses an edited plan too, and records nothing', async () => {
    const dir = tempDir('sop-plan-tamper-approve-');
    writeFileSync(path.join(dir, 'plan.json'), edited(original, edits[2]!));
    const run = await runCli(
      [
        'approve',
        'plan.json',
        '--gate',
        'security-review',
        '--as',
        'Kim',
        '--role',
        'Security',
        '--file',
        'a.yaml',
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(/step spf: summary differs/);
    expect(existsSync(path.join(dir, 'a.yaml'))).toBe(false);
  });

  it('control: the unedited plan is applied (planned against the sandbox, stops at the first gate)', async () => {
    const dir = tempDir('sop-plan-tamper-control-');
    writeFileSync(path.join(dir, 'plan.json'), original);
    const run = await runCli(['apply', 'plan.json', '--sandbox', '--state-dir', 'state', '--rehearse'], {
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/gate cto-change-approval needs approval/);
    expect(existsSync(path.join(dir, 'state', 'sandbox', 'state.json'))).toBe(true);
  });
});

describe('against a real tenant, an edited saved plan makes zero requests (tripwire endpoints)', () => {
  let tripwire: Tripwire;
  const cwd = tempDir('sop-plan-tamper-tenant-');
  const tenantId = '0c4f2a77-5d1e-4b8a-9f3c-2e6d7a1b9c50';
  const env = {
    SOP_INTEGRATE_CLIENT_SECRET: 'tripwire-secret-3307',
    SOP_INTEGRATE_NINJAONE_CLIENT_SECRET: 'tripwire-n1-6620',
  };
  let sealed = '';
  beforeAll(async () => {
    tripwire = await startTripwire();
    writeFileSync(
      path.join(cwd, 'tenant.yaml'),
      [
        `tenantId: ${tenantId}`,
        'credential: { kind: client-secret, clientId: 5b3e9d21-7c4a-4f6e-8a2b-1d9c0e7f3a64 }',
        `endpoints: { login: "${tripwire.url}/login", graph: "${tripwire.url}/graph", exchange: "${tripwire.url}/exchange" }`,
        `ninjaone: { region: "${tripwire.url}/ninjaone", clientId: tripwire-client }`,
      ].join('\n'),
    );
    // A plan as `plan --out` would save it for this tenant (planned in the sandbox, sealed as saved).
    const made = await runCli(
      ['plan', 'ninjaone', '--phase', '1', '--sandbox', '--state-dir', 'state', '--out', 'sandbox-plan.json'],
      { cwd },
    );
    expect(made.code, made.stderr).toBe(0);
    const {
      kind: _k,
      version: _v,
      seal: _s,
      ...saved
    } = JSON.parse(readFileSync(path.join(cwd, 'sandbox-plan.json'), 'utf8')) as SavedPlanFile & {
      seal: unknown;
    };
    await writeSavedPlan(path.join(cwd, 'plan.json'), { ...saved, sandbox: false, tenantId });
    sealed = readFileSync(path.join(cwd, 'plan.json'), 'utf8');
  });
  afterAll(async () => tripwire.close());

  it.each<Edit>([
    { name: 'a step deleted', edit: (p) => p.plan.steps.splice(1, 1), says: /step win32-app was deleted/ },
    {
      name: "a step's summary rewritten",
      edit: (p) => (stepAt(p, 3).summary = 'assign to one test device'),
      says: /step required-assignment: summary differs/,
    },
    {
      name: 'resealed: the device groups changed',
      edit: (p) => (p.inputs.deviceGroups = ['All Devices']),
      reseal: true,
      says: /inputs do not match plan\.inputsHash/,
    },
  ])('$name', async (edit) => {
    writeFileSync(path.join(cwd, 'edited.json'), edited(sealed, edit));
    const run = await runCli(['apply', 'edited.json', '--config', 'tenant.yaml', '--state-dir', 'state-t'], {
      cwd,
      env,
    });
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(edit.says);
    expect(tripwire.hits).toEqual([]);
  });

  it('control: the unedited plan does reach the tripwire', async () => {
    const run = await runCli(['apply', 'plan.json', '--config', 'tenant.yaml', '--state-dir', 'state-t'], {
      cwd,
      env,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(tripwire.hits.length).toBeGreaterThan(0);
  });
});
