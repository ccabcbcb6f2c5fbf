// `sop-integrate doctor [<integration> --phase <n>]`: preflight before a change window.
import { InputError } from '../../errors.ts';
import { globalRedactor } from '../../redact.ts';
import { integrations } from '../integrations.ts';
import type { RunFlags } from '../options.ts';
import { createPrinter } from '../printer.ts';
import { runbookPath } from '../runbook-files.ts';
import { openSession } from '../session.ts';

export async function doctorCommand(
  integration: string | undefined,
  flags: RunFlags & { phase?: number },
): Promise<void> {
  const printer = createPrinter();
  if (integration !== undefined && flags.phase === undefined) {
    throw new InputError('doctor <integration> needs --phase <n>', [], {
      hint: `e.g. sop-integrate doctor ${integration} --phase 2`,
    });
  }
  const files =
    integration === undefined
      ? integrations.flatMap((i) => i.phases.map((p) => runbookPath(i.name, p)))
      : [runbookPath(integration, flags.phase ?? 0)];
  const [{ loadRunbook }, { stepHandlers }, { requirementsOf }, { runDoctor }, { createCredential }] =
    await Promise.all([
      import('../../runbook/load.ts'),
      import('../../steps/registry.ts'),
      import('../../doctor/requirements.ts'),
      import('../../doctor/run-doctor.ts'),
      import('../../core/credentials/index.ts'),
    ]);
  const runbooks = await Promise.all(files.map((file) => loadRunbook(file)));
  const needs = runbooks.map((r) => requirementsOf(r, stepHandlers));
  const requirements = {
    graph: [...new Set(needs.flatMap((n) => n.graph))].sort(),
    exchange: [...new Set(needs.flatMap((n) => n.exchange))].sort(),
    roles: [...new Set(needs.flatMap((n) => n.roles))].sort(),
  };
  const session = await openSession(flags);
  try {
    const credential = createCredential(session.config.credential, session.config.endpoints, {
      redactor: globalRedactor,
    });
    const usesDns = runbooks.some((r) => r.runbook.steps.some((step) => step.type.startsWith('dns.')));
    const checks = await runDoctor({
      config: session.config,
      services: session.env.services,
      credential,
      requirements,
      ...(usesDns ? { dnsDomains: await mailDomains(session.config.inputs, flags.sandbox === true) } : {}),
    });
    if (flags.output === 'json') printer.json({ type: 'doctor', requirements, checks });
    else {
      for (const check of checks) {
        printer.out(`${check.ok ? (check.warning ? '!' : '✔') : '✖'} ${check.what}`);
        if (!check.ok && check.fix) printer.out(`    fix: ${check.fix}`);
        if (check.warning) printer.out(`    warning: ${check.warning}`);
      }
    }
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0) {
      throw new InputError(
        `${failed.length} of ${checks.length} checks failed`,
        failed.map((c) => ({ file: 'tenant', message: `${c.what}: ${c.fix ?? 'missing'}` })),
      );
    }
    const warned = checks.filter((c) => c.warning).length;
    if (flags.output !== 'json')
      printer.out(`All ${checks.length} checks passed${warned ? ` (${warned} with a warning)` : ''}.`);
  } finally {
    await session.close();
  }
}

/** The config's `inputs.domains` (the sandbox's demo domains with --sandbox, unless configured). */
async function mailDomains(inputs: Record<string, unknown> | undefined, sandbox: boolean): Promise<string[]> {
  const demo = sandbox ? (await import('../../sandbox/demo-inputs.ts')).sandboxDemoInputs : {};
  const domains = inputs?.domains ?? demo.domains;
  return Array.isArray(domains) ? domains.filter((d): d is string => typeof d === 'string') : [];
}
