// Where the SOP's runbooks live: `runbooks/<integration>/phase-<n>.yaml` in the package.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.ts';
import { integrations } from './integrations.ts';

export const runbooksDir = fileURLToPath(new URL('../../runbooks/', import.meta.url));

export function runbookPath(integration: string, phase: number): string {
  const known = integrations.find((i) => i.name === integration);
  if (!known) {
    throw new InputError(`unknown integration "${integration}"`, [], {
      hint: `use one of: ${integrations.map((i) => i.name).join(', ')} (see \`sop-integrate list\`)`,
    });
  }
  const file = `${runbooksDir}${integration}/phase-${phase}.yaml`;
  if (!(known.phases as readonly number[]).includes(phase) || !existsSync(file)) {
    throw new InputError(`${integration} has no phase ${phase}`, [], {
      hint: `phases of ${integration}: ${known.phases.join(', ')} (see \`sop-integrate list\`)`,
    });
  }
  return file;
}
