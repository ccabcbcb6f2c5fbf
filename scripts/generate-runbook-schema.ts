// Writes schema/runbook.schema.json from the zod schema: `npm run schema`.
// Node's type stripping cannot run TypeScript-only syntax (e.g. constructor parameter
// properties) that some src files use; when it meets one, this script re-runs itself with
// --experimental-transform-types, which can.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../schema/runbook.schema.json', import.meta.url));
const TRANSFORM = '--experimental-transform-types';

try {
  const { runbookJsonSchemaText } = await import('../src/runbook/json-schema.ts');
  await writeFile(target, runbookJsonSchemaText());
  console.log(`wrote ${target}`);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code !== 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' || process.execArgv.includes(TRANSFORM)) throw error;
  const script = fileURLToPath(import.meta.url);
  const rerun = spawnSync(process.execPath, [TRANSFORM, '--disable-warning=ExperimentalWarning', script], {
    stdio: 'inherit',
  });
  process.exitCode = rerun.status ?? 1;
}
