// `sop-integrate plan <integration> --phase <n> --out plan.json`: a reviewable saved plan.
import path from 'node:path';
import type { RunFlags } from '../options.ts';
import { prepareRun } from '../prepare-run.ts';
import { runbookPath } from '../runbook-files.ts';
import { writeSavedPlan } from '../saved-plan.ts';

export async function planCommand(
  integration: string,
  flags: RunFlags & { phase: number; out: string },
): Promise<void> {
  const prepared = await prepareRun(runbookPath(integration, flags.phase), flags);
  try {
    const { planRun } = await import('../../engine/index.ts');
    const plan = await planRun(prepared.options);
    prepared.options.events?.({ type: 'plan', plan });
    await writeSavedPlan(flags.out, {
      createdAt: new Date().toISOString(),
      integration,
      phase: flags.phase,
      tenantId: prepared.session.config.tenantId,
      sandbox: flags.sandbox === true,
      inputs: prepared.session.env.redactor.value(prepared.inputs),
      plan,
    });
    if (flags.output !== 'json') {
      prepared.printer.out(`Saved plan ${plan.hash.slice(0, 12)} to ${path.resolve(flags.out)}`);
      prepared.printer.out(
        `Apply it with: sop-integrate apply ${flags.out}${flags.sandbox ? ' --sandbox' : ''}`,
      );
    }
  } finally {
    await prepared.session.close();
  }
}
