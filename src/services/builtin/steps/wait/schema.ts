// `wait` params: a duration (`5m`, `1h30m`, `PT5M`) or a wall-clock time (ISO 8601).
import { z } from 'zod';
import { tryParseDuration } from '../../../../runbook/inputs/duration.ts';

// Templates are resolved after the runbook loads, so a `${...}` value is checked at plan time.
const isTemplate = (text: string) => text.includes('${');

export const WaitParams = z
  .strictObject({
    duration: z
      .string()
      .refine((t) => isTemplate(t) || tryParseDuration(t) !== undefined, {
        error: 'must be a duration like 90s, 5m, 1h30m or PT5M',
      })
      .optional(),
    until: z
      .string()
      .refine((t) => isTemplate(t) || !Number.isNaN(Date.parse(t)), {
        error: 'must be an ISO 8601 time like 2026-11-26T08:00:00Z',
      })
      .optional(),
    reason: z.string().optional(),
  })
  .refine((p) => (p.duration === undefined) !== (p.until === undefined), {
    error: 'give exactly one of duration or until',
  });

export type WaitParams = z.infer<typeof WaitParams>;
