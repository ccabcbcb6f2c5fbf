// `note`: text for the operator (context, a reminder, a link to the SOP). Changes nothing.
import { z } from 'zod';
import { defineStep } from '../../../../steps/contract.ts';

export const NoteParams = z.strictObject({ text: z.string().min(1) });
export type NoteParams = z.infer<typeof NoteParams>;

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

export const noteStep = defineStep<NoteParams>({
  type: 'note',
  description: 'Show a note to the operator; changes nothing.',
  params: NoteParams,
  outputs: [],
  mutating: false,
  async plan(_ctx, params) {
    return {
      action: 'noop',
      summary: lines(params.text)[0] ?? '',
      changes: [],
      calls: [],
      details: lines(params.text),
      knownOutputs: {},
    };
  },
  async apply(ctx, params) {
    for (const line of lines(params.text)) ctx.log.info(line);
    return { outputs: {}, undo: null };
  },
  // A noop step is not applied, but it is verified in order at run time: the note is shown there.
  async verify(ctx, params) {
    for (const line of lines(params.text)) ctx.log.info(line);
    return { ok: true, checks: ['note shown'] };
  },
});
