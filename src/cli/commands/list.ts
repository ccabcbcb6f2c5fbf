// `sop-integrate list`: integrations and phases with their titles and SOP sections.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { integrations } from '../integrations.ts';
import { createPrinter } from '../printer.ts';
import type { OutputFlags } from '../options.ts';
import { runbookPath } from '../runbook-files.ts';

interface PhaseRow {
  integration: string;
  phase: number;
  title: string;
  sop: string;
  steps: number;
}

async function readPhase(integration: string, phase: number): Promise<PhaseRow> {
  const doc = parse(await readFile(runbookPath(integration, phase), 'utf8')) as {
    metadata?: { title?: string; sop?: string };
    steps?: unknown[];
  };
  return {
    integration,
    phase,
    title: doc.metadata?.title ?? '',
    sop: doc.metadata?.sop ?? '',
    steps: doc.steps?.length ?? 0,
  };
}

export async function listCommand(flags: OutputFlags): Promise<void> {
  const printer = createPrinter();
  const rows = await Promise.all(
    integrations.flatMap((integration) =>
      integration.phases.map((phase) => readPhase(integration.name, phase)),
    ),
  );
  if (flags.output === 'json') {
    printer.json({ type: 'list', phases: rows });
    return;
  }
  for (const integration of integrations) {
    printer.out(`${integration.name}  ${integration.title}`);
    for (const row of rows.filter((r) => r.integration === integration.name)) {
      printer.out(`  --phase ${row.phase}  ${row.title}  [SOP ${row.sop}]  ${row.steps} steps`);
    }
  }
}
