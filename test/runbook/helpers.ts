// Shared helpers for the runbook tests: a small valid runbook and problem capture.
import { expect } from 'vitest';
import { RunbookError, type Problem } from '../../src/errors.ts';
import { parseRunbookBytes, parseRunbookText } from '../../src/runbook/parse-runbook.ts';
import { testHandlers } from './fake-handlers.ts';

/** 26 lines; tests edit single lines so the line numbers below stay true. */
export const BASE = `apiVersion: sop-integrate/v1
kind: Runbook
metadata:
  integration: ninjaone
  phase: 2
  title: Agent rollout
  sop: "7.0 NinjaOne, Phase 2"
inputs:
  domains: { type: domain-list, required: true }
  waitFor: { type: duration, default: 15m }
gates:
  cto-approval: { approverRole: CTO, evidence: [changeId] }
steps:
  - id: make-app
    type: test.create-app
    title: Create the app
    gate: cto-approval
    with:
      displayName: NinjaOne-Agent
      permissions: [Device.Read.All]
  - id: pause
    type: test.wait
    title: Wait for replication
    with:
      duration: "\${inputs.waitFor}"
      reason: "app \${steps.make-app.outputs.appId} replicates"
`;

/** BASE with one exact text replaced (fails loudly when the text is not there). */
export function edit(from: string, to: string, text = BASE): string {
  expect(text, `fixture text to replace: ${from}`).toContain(from);
  return text.replace(from, to);
}

export function problemsOf(input: string | Uint8Array, file = 'runbook.yaml'): Problem[] {
  try {
    if (typeof input === 'string') parseRunbookText(file, input, testHandlers);
    else parseRunbookBytes(file, input, testHandlers);
  } catch (error) {
    if (error instanceof RunbookError) return error.problems;
    throw error;
  }
  return [];
}

export const show = (problem: Problem): string => `${problem.line}:${problem.col} ${problem.message}`;
