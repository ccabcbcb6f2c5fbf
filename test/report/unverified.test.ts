// A step passed on the operator's word alone (verified: false) is never shown as verified: the
// text renderer, CI annotations, JUnit, Markdown and the JSON summary all say UNVERIFIED and why.
import { describe, expect, it } from 'vitest';
import type { PlannedStep } from '../../src/journal/index.ts';
import { annotationLines } from '../../src/report/ci-annotations.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderRunMarkdown } from '../../src/report/markdown.ts';
import { createRunRecorder } from '../../src/report/run-record.ts';
import { renderSummaryJson } from '../../src/report/summary-json.ts';
import { createTextRenderer } from '../../src/report/text-renderer.ts';

const REASON = 'the tenant has no Microsoft Entra ID P1/P2 licence';

function step(id: string): PlannedStep {
  return {
    id,
    type: 'proofpoint.portal-setting',
    title: `Title of ${id}`,
    action: 'manual',
    summary: `do ${id}`,
    changes: [],
    calls: [],
    details: [],
    pending: false,
  };
}

function recorded() {
  const recorder = createRunRecorder({
    integration: 'proofpoint',
    phase: 2,
    title: 'Implementation & Connection',
    sop: '6.0',
    tenantId: 'tenant-x',
    dryRun: false,
  });
  recorder.record.steps.push(
    { step: step('enter-sync-settings'), outcome: 'applied' },
    { step: step('connect-trap'), outcome: 'applied' },
  );
  recorder.sink({
    type: 'step.verified',
    stepId: 'enter-sync-settings',
    ok: true,
    checks: ['UNVERIFIED: …'],
    verified: false,
    reason: REASON,
  });
  recorder.sink({ type: 'step.verified', stepId: 'connect-trap', ok: true, checks: ['app signed in'] });
  return recorder.record;
}

describe('UNVERIFIED steps in reports', () => {
  it('JSON summary: verified false with the reason; a verified step stays true', () => {
    const summary = JSON.parse(renderSummaryJson(recorded(), 0)) as {
      steps: { id: string; verified: boolean | null; unverifiedReason: string | null }[];
    };
    expect(summary.steps).toEqual([
      expect.objectContaining({ id: 'enter-sync-settings', verified: false, unverifiedReason: REASON }),
      expect.objectContaining({ id: 'connect-trap', verified: true, unverifiedReason: null }),
    ]);
  });

  it('Markdown and JUnit: UNVERIFIED with the reason, not a failure', () => {
    const md = renderRunMarkdown(recorded()).join('\n');
    expect(md).toMatch(/\| enter-sync-settings \| manual \| .* \| \*\*UNVERIFIED\*\* \|/);
    expect(md).toContain(`- ⚠ UNVERIFIED (confirmed by the operator only): ${REASON}`);
    expect(md).toContain('- ✔ app signed in');
    const xml = renderJunit(recorded());
    expect(xml).toContain('<property name="verified" value="false"/>');
    expect(xml).toContain(`UNVERIFIED: ${REASON}`);
    expect(xml).not.toContain('<failure');
  });

  it('CI annotations warn; the text renderer prints no green tick for it', () => {
    expect(annotationLines(recorded(), { githubActions: true, azurePipelines: false })).toContain(
      `::warning title=enter-sync-settings UNVERIFIED::confirmed by the operator only: ${REASON}`,
    );
    const out: string[] = [];
    const render = createTextRenderer({
      out: (line: string) => out.push(line),
      err: (line: string) => out.push(line),
      color: false,
      verbose: false,
    });
    render({
      type: 'step.verified',
      stepId: 'enter-sync-settings',
      ok: true,
      checks: [],
      verified: false,
      reason: REASON,
    });
    expect(out).toEqual([`  ! UNVERIFIED enter-sync-settings: ${REASON}`]);
  });
});
