// `sop-integrate validate <files...>`: every problem in every file, then exit 2 if any.
import { RunbookError, type Problem } from '../../errors.ts';
import type { OutputFlags } from '../options.ts';
import { createPrinter } from '../printer.ts';

export async function validateCommand(files: string[], flags: OutputFlags): Promise<void> {
  const printer = createPrinter();
  const { loadRunbook } = await import('../../runbook/load.ts');
  const problems: Problem[] = [];
  const results: { file: string; ok: boolean; steps?: number }[] = [];
  for (const file of files) {
    try {
      const loaded = await loadRunbook(file);
      results.push({ file, ok: true, steps: loaded.runbook.steps.length });
      if (flags.output !== 'json') printer.out(`${file}: ok (${loaded.runbook.steps.length} steps)`);
    } catch (error) {
      if (!(error instanceof RunbookError)) throw error;
      problems.push(...error.problems);
      results.push({ file, ok: false });
    }
  }
  if (flags.output === 'json' && problems.length === 0) printer.json({ type: 'validate', results });
  if (problems.length > 0) throw new RunbookError(problems);
}
