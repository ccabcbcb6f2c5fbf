// The strict zod schema of a runbook document. Steps are a discriminated union on `type`, one
// variant per registered step handler, whose `with:` is that handler's own params schema. The
// JSON Schema for editors (json-schema.ts) is generated from this same schema.
import { z } from 'zod';
import type { AnyStepHandler } from '../steps/contract.ts';
import type { InputType } from './types.ts';

export const API_VERSION = 'sop-integrate/v1';
export const KIND = 'Runbook';

export const INPUT_TYPES = [
  'string',
  'string-list',
  'number',
  'boolean',
  'domain',
  'domain-list',
  'cidr-list',
  'hostname',
  'email',
  'duration',
] as const satisfies readonly InputType[];

export const STEP_ID_PATTERN = /^[a-z][a-z0-9-]*$/;
/** Input names must be usable in `${inputs.<name>}` (see template.ts). */
export const INPUT_NAME_PATTERN = /^[A-Za-z_][\w-]*$/;
export const GATE_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

export const STEP_KEYS = ['id', 'type', 'title', 'gate', 'with'] as const;

const stepId = z.string().regex(STEP_ID_PATTERN, {
  error:
    'must be kebab-case: lowercase letters, digits and "-", starting with a letter (like "create-sync-app")',
});

export const inputSpecSchema = z.strictObject({
  type: z.enum(INPUT_TYPES),
  required: z.boolean().default(false),
  default: z.unknown().optional(),
  description: z.string().optional(),
});

export const gateSpecSchema = z.strictObject({
  approverRole: z.string().min(1),
  evidence: z.array(z.string().min(1)).default([]),
  show: z.enum(['plan', 'permissions']).optional(),
  description: z.string().optional(),
});

export const metadataSchema = z.strictObject({
  integration: z.string().min(1),
  phase: z.int().min(1),
  title: z.string().min(1),
  sop: z.string().min(1),
  description: z.string().optional(),
  /** This phase's Markdown report is the SOP's change request for the given later phase. */
  changeRequestFor: z.int().min(1).optional(),
  /** What the tool's own identity needs for this runbook, besides what its step types declare. */
  requires: z
    .strictObject({
      graph: z.array(z.string().min(1)).optional(),
      exchange: z.array(z.string().min(1)).optional(),
      roles: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});

/** Fields every step has, whatever its type; `with` is checked by the handler's schema. */
export function stepSchema<T extends z.ZodType>(type: z.ZodType<string>, params: T) {
  return z.strictObject({
    id: stepId,
    type,
    title: z.string().min(1),
    gate: z.string().optional(),
    // A step type whose params are all optional may leave `with:` out.
    with: params.optional(),
  });
}

/** A step of a type no handler knows: checks the common fields so their problems are not lost. */
export const anyStepSchema = stepSchema(z.string(), z.record(z.string(), z.unknown()));

/** The runbook document, strict schema, one variant per step handler. */
export function buildRunbookSchema(handlers: readonly AnyStepHandler[]) {
  const variants = handlers.map((handler) => stepSchema(z.literal(handler.type), handler.params));
  const [first, ...rest] = variants;
  return documentSchema(first ? z.discriminatedUnion('type', [first, ...rest]) : z.never());
}

/** The document with any step type and unchecked `with:`; gives the structure once `with:` passed. */
export const structuralRunbookSchema = documentSchema(anyStepSchema);

function documentSchema<S extends z.ZodType>(step: S) {
  return z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(KIND),
    metadata: metadataSchema,
    inputs: z.record(z.string().regex(INPUT_NAME_PATTERN), inputSpecSchema).default({}),
    gates: z.record(z.string().regex(GATE_NAME_PATTERN), gateSpecSchema).default({}),
    steps: z.array(step).min(1),
  });
}

export type RunbookSchema = ReturnType<typeof buildRunbookSchema>;
