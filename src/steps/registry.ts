// The one registry of step types. test/steps/registry.test.ts fails when a folder under
// src/steps/ is missing here. Adding a step type: copy a sibling folder, add one line below.
import type { AnyStepHandler } from './contract.ts';
import { assertStep } from './assert/index.ts';
import { entraAppRegistrationStep } from './entra-app-registration/index.ts';
import { manualStep } from './manual/index.ts';
import { noteStep } from './note/index.ts';
import { waitStep } from './wait/index.ts';

export const stepHandlers: readonly AnyStepHandler[] = [
  assertStep,
  entraAppRegistrationStep,
  manualStep,
  noteStep,
  waitStep,
];

const byType = new Map(stepHandlers.map((handler) => [handler.type, handler]));

export function getStepHandler(type: string): AnyStepHandler | undefined {
  return byType.get(type);
}

export const stepTypes: readonly string[] = stepHandlers.map((handler) => handler.type);
