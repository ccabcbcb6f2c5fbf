// README.md stays true: its config examples are valid config files, and its quick start is
// exactly two commands, the second being the test command CI runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { parseConfigText } from '../../src/config/load.ts';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const blocks = (lang: string): string[] =>
  [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');

describe('README', () => {
  it('has a quick start of exactly two commands: install-and-run in the sandbox, then the tests', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## What it does'));
    const commands = [...quick.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').trim());
    expect(commands).toEqual(['npm ci && npx sop-integrate proofpoint --phase 2 --sandbox', 'npm test']);
    const ci = readFileSync(fileURLToPath(new URL('../../.ci/run', import.meta.url)), 'utf8');
    expect(ci).toMatch(/\bnpm test\b/);
  });

  it('shows config examples that the config schema accepts', () => {
    const configs = blocks('yaml').filter((text) =>
      /^(tenantId|proofpoint|dns|ninjaone|# sop-integrate.config.yaml)/m.test(text),
    );
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const text of configs) expect(() => parseConfigText('README.md', Buffer.from(text))).not.toThrow();
  });

  it('documents every exit code of the contract', () => {
    for (const code of Object.values(ExitCode)) expect(readme).toMatch(new RegExp(`^\\| ${code} +\\|`, 'm'));
  });
});
