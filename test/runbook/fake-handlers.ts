// A small test-only step registry, so runbook tests do not depend on the real step types.
import { z } from 'zod';
import { defineStep, type AnyStepHandler, type StepHandler } from '../../src/steps/contract.ts';

function fakeStep<P>(
  fields: Pick<StepHandler<P>, 'type' | 'params' | 'outputs' | 'mutating' | 'irreversible'> & {
    undoable?: boolean;
  },
): AnyStepHandler {
  const { undoable, ...rest } = fields;
  return defineStep<P>({
    ...rest,
    description: `test step ${fields.type}`,
    plan: async () => ({ action: 'noop', summary: fields.type, changes: [], calls: [] }),
    apply: async () => ({ outputs: {}, undo: null }),
    verify: async () => ({ ok: true, checks: [] }),
    ...(undoable ? { undo: async () => undefined } : {}),
  });
}

export const createAppStep = fakeStep({
  type: 'test.create-app',
  params: z.strictObject({
    displayName: z.string().min(1),
    permissions: z.array(z.string()).default([]),
    secretDays: z.int().min(1).max(730).optional(),
    consent: z.boolean().optional(),
    owner: z.email().optional(),
    store: z.enum(['file', 'keyvault']).optional(),
  }),
  outputs: ['appId', 'secretRef'],
  mutating: true,
  undoable: true,
});

export const noteStep = fakeStep({
  type: 'test.note',
  params: z.strictObject({ text: z.string(), domains: z.array(z.string()).optional() }),
  outputs: [],
  mutating: false,
});

export const waitStep = fakeStep({
  type: 'test.wait',
  params: z.strictObject({ duration: z.string(), reason: z.string().optional() }),
  outputs: ['waitedUntil'],
  mutating: false,
});

export const sendMailStep = fakeStep({
  type: 'test.send-mail',
  params: z.strictObject({ to: z.string() }),
  outputs: [],
  mutating: true,
  irreversible: 'a sent message cannot be recalled',
});

/** A defective step type: mutating, with neither undo nor an irreversible reason. */
export const unsafeStep = fakeStep({
  type: 'test.unsafe',
  params: z.strictObject({}),
  outputs: [],
  mutating: true,
});

export const testHandlers: readonly AnyStepHandler[] = [
  createAppStep,
  noteStep,
  waitStep,
  sendMailStep,
  unsafeStep,
];
