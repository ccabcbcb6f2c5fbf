// `sop-integrate approve <run-id|plan-file> --gate <id> --as <name> --role <role>`.
import { existsSync } from 'node:fs';
import { InputError } from '../../errors.ts';
import { globalRedactor } from '../../redact.ts';
import { appendApproval } from '../approvals-file.ts';
import type { RunFlags } from '../options.ts';
import { parseSetFlags } from '../prepare-run.ts';
import { createPrinter } from '../printer.ts';
import { readSavedPlan } from '../saved-plan.ts';
import { loadSessionConfig } from '../session.ts';

interface ApproveFlags extends RunFlags {
  gate: string;
  as: string;
  role: string;
  evidence?: string[];
  expires?: string;
  file?: string;
}

export async function approveCommand(target: string, flags: ApproveFlags): Promise<void> {
  const printer = createPrinter();
  const evidence = parseSetFlags(flags.evidence);
  if (flags.expires !== undefined && Number.isNaN(Date.parse(flags.expires))) {
    throw new InputError(`--expires ${flags.expires} is not an ISO 8601 time`, [], {
      hint: 'e.g. --expires 2026-12-01T18:00:00Z',
    });
  }
  // An approval that has already expired would never count: refuse it instead of recording it.
  if (flags.expires !== undefined && Date.parse(flags.expires) <= Date.now()) {
    throw new InputError(`--expires ${flags.expires} is in the past (now ${new Date().toISOString()})`, [], {
      hint: 'give a time after now, e.g. the end of the change window',
    });
  }
  const base = {
    gate: flags.gate,
    approver: flags.as,
    role: flags.role,
    evidence,
    ...(flags.expires ? { expiresAt: new Date(flags.expires).toISOString() } : {}),
  };
  const { isRunId } = await import('../../journal/index.ts');
  if (isRunId(target) && !existsSync(target)) {
    if (flags.file) throw new InputError('--file is for saved plans; approvals of a run go to its journal');
    const { config } = await loadSessionConfig(flags);
    const { approveRun } = await import('../../engine/index.ts');
    const record = await approveRun(target, base, { config, redactor: globalRedactor });
    printer.out(
      `Recorded approval of ${record.gate} by ${record.approver} (${record.role}) in run ${target}.`,
    );
    printer.out(`Continue with: sop-integrate resume ${target}${flags.sandbox ? ' --sandbox' : ''}`);
    return;
  }
  const saved = await readSavedPlan(target);
  const gate = saved.plan.gates[flags.gate];
  const manual = saved.plan.steps.find((s) => s.id === flags.gate && s.action === 'manual');
  if (!gate && !manual) {
    throw new InputError(`plan ${target} has no gate or manual step "${flags.gate}"`, [], {
      hint: `gates: ${Object.keys(saved.plan.gates).join(', ') || 'none'}`,
    });
  }
  if (gate && gate.approverRole.toLowerCase() !== flags.role.toLowerCase()) {
    throw new InputError(`gate ${flags.gate} needs role ${gate.approverRole}, not ${flags.role}`);
  }
  const missing = (gate?.evidence ?? []).filter((key) => !evidence[key]);
  if (missing.length > 0) {
    throw new InputError(`gate ${flags.gate} needs evidence: ${missing.join(', ')}`, [], {
      hint: missing.map((key) => `--evidence ${key}=<value>`).join(' '),
    });
  }
  const file = flags.file ?? 'approvals.yaml';
  await appendApproval(file, { ...base, planHash: saved.plan.hash }, new Date());
  printer.out(`Recorded approval of ${flags.gate} for plan ${saved.plan.hash.slice(0, 12)} in ${file}.`);
  printer.out(
    `Apply with: sop-integrate apply ${target} --approvals ${file}${saved.sandbox ? ' --sandbox' : ''}`,
  );
}
