// JUnit output follows the common JUnit XML shape CI systems read (testsuites > testsuite >
// testcase, with counts that add up, and failure/skipped children), whatever the step text holds.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { PlannedStep } from '../../src/journal/index.ts';
import { renderJunit } from '../../src/report/junit.ts';
import type { RunRecord, StepRecord } from '../../src/report/run-record.ts';

function step(id: string, action: PlannedStep['action']): PlannedStep {
  return {
    id,
    type: 'test.kind',
    title: `Title of ${id} <&> "quoted"`,
    action,
    summary: `${action} ${id}\u0007`,
    changes: [],
    calls: [],
    details: [],
    pending: false,
  };
}

const steps: StepRecord[] = [
  {
    step: step('made-app', 'create'),
    outcome: 'applied',
    verified: { ok: true, checks: ['app reads back'] },
    durationMs: 1250,
  },
  { step: step('kept-rule', 'noop'), outcome: 'unchanged', verified: { ok: true, checks: [] } },
  {
    step: step('broke-dns', 'update'),
    outcome: 'failed',
    error: { code: 'STEP_FAILED', message: 'MX <not> set', phase: 'apply' },
  },
  { step: step('never-ran', 'create'), outcome: 'not-run' },
];

const record: RunRecord = {
  runId: '20261126T101010Z-beef',
  integration: 'proofpoint',
  phase: 2,
  title: 'Implementation & Connection',
  sop: '6.0',
  tenantId: 'tenant-x',
  dryRun: false,
  plan: undefined,
  steps,
  approvals: [],
  warnings: [],
  summary: {
    runId: '20261126T101010Z-beef',
    outcome: 'failed',
    counts: { planned: 4, applied: 1, noop: 1, skipped: 0, verified: 2, failed: 1 },
    durationMs: 4321,
  },
  error: undefined,
};

describe('JUnit report', () => {
  it('has the testsuites > testsuite > testcase shape with consistent counts', () => {
    const xml = renderJunit(record);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testcase',
    }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        skipped: string;
        testsuite: {
          name: string;
          tests: string;
          failures: string;
          skipped: string;
          time: string;
          testcase: Record<string, unknown>[];
        };
      };
    };
    const suite = parsed.testsuites.testsuite;
    expect(suite.testcase).toHaveLength(4);
    expect(Number(suite.tests)).toBe(4);
    expect(Number(suite.failures)).toBe(suite.testcase.filter((t) => 'failure' in t).length);
    expect(Number(suite.skipped)).toBe(suite.testcase.filter((t) => 'skipped' in t).length);
    expect([parsed.testsuites.tests, parsed.testsuites.failures, parsed.testsuites.skipped]).toEqual([
      suite.tests,
      suite.failures,
      suite.skipped,
    ]);
    expect(suite.time).toBe('4.321');
    for (const testcase of suite.testcase) {
      expect(typeof testcase.name).toBe('string');
      expect(testcase.classname).toBe('proofpoint.phase-2');
      expect(testcase.time).toMatch(/^\d+\.\d{3}$/);
    }
    expect(suite.testcase[0]?.time).toBe('1.250');
    expect(suite.testcase[2]?.failure).toMatchObject({
      message: '[STEP_FAILED] MX <not> set',
      type: 'apply',
    });
    expect(suite.testcase[3]?.skipped).toMatchObject({ message: 'not reached' });
    // Markup in step text is escaped, and control characters XML forbids are removed.
    expect(xml).toContain('Title of made-app &lt;&amp;&gt; &quot;quoted&quot;');
    expect(xml).not.toContain('\u0007');
  });
});
