import { describe, expect, it } from 'vitest';
import { assertStep } from '../../src/services/builtin/steps/assert/index.ts';
import { noteStep } from '../../src/services/builtin/steps/note/index.ts';
import { unknownValue, type StepContext } from '../../src/steps/contract.ts';

const logged: string[] = [];
const ctx = {
  log: { info: (m: string) => logged.push(m), warn: () => undefined, progress: () => undefined },
} as unknown as StepContext;

describe('assert step', () => {
  it('accepts exactly one comparator and a valid regex', () => {
    expect(assertStep.params.safeParse({ that: 1, equals: 1, message: 'm' }).success).toBe(true);
    expect(assertStep.params.safeParse({ that: 1, equals: 1, notEquals: 2, message: 'm' }).success).toBe(
      false,
    );
    expect(assertStep.params.safeParse({ that: 1, message: 'm' }).success).toBe(false);
    expect(assertStep.params.safeParse({ that: 'x', matches: '([', message: 'm' }).success).toBe(false);
    expect(assertStep.params.safeParse({ that: 'x', equals: 'x', message: 'm', extra: 1 }).success).toBe(
      false,
    );
  });

  it.each([
    [{ that: ['a.fabrikam.net', 'b.fabrikam.net'], contains: 'b.fabrikam.net' }, true],
    [{ that: ['a.fabrikam.net'], contains: 'c.fabrikam.net' }, false],
    [{ that: 'mx1-fabrikam.pphosted.com', matches: '\\.pphosted\\.com$' }, true],
    [{ that: { ttl: 300 }, equals: { ttl: 300 } }, true],
    [{ that: 'Enabled', notEquals: 'Enabled' }, false],
    [{ that: 'v=spf1 include:spf.protection.outlook.com -all', contains: 'outlook' }, true],
  ])('verifies %j as %s', async (condition, ok) => {
    const result = await assertStep.verify(ctx, { ...condition, message: 'condition' }, {});
    expect(result.ok).toBe(ok);
    expect(result.checks[0]).toMatch(ok ? /^passed: condition/ : /^FAILED: condition/);
  });

  it('plans noop and says whether the condition holds now or must wait for outputs', async () => {
    const now = await assertStep.plan(ctx, { that: 'x', equals: 'y', message: 'same' });
    expect(now).toMatchObject({ action: 'noop', details: ['does NOT hold now: "x" equals "y"'] });
    const later = await assertStep.plan(ctx, {
      that: unknownValue('steps.app.outputs.appId'),
      matches: '^[0-9a-f-]+$',
      message: 'app id',
    });
    expect(later.details?.[0]).toMatch(/^checked once earlier steps applied/);
  });
});

describe('note step', () => {
  it('plans noop with the text and shows it when verified in order', async () => {
    const plan = await noteStep.plan(ctx, { text: 'Tell the service desk\nbefore 08:00' });
    expect(plan).toMatchObject({
      action: 'noop',
      summary: 'Tell the service desk',
      details: ['Tell the service desk', 'before 08:00'],
    });
    logged.length = 0;
    expect(await noteStep.verify(ctx, { text: 'Tell the service desk\nbefore 08:00' }, {})).toEqual({
      ok: true,
      checks: ['note shown'],
    });
    expect(logged).toEqual(['Tell the service desk', 'before 08:00']);
  });
});
