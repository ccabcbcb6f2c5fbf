// Scans what a run left behind (stdout, stderr, journal, locks, plan and report files) for every
// secret the sandbox issued or the config supplied: client secrets, tokens, passwords, API keys.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { filesUnder, findSecrets } from '../../e2e/secret-scan.ts';
import { withSandboxState } from '../../e2e/sandbox-state.ts';

export async function secretsOf(stateDir: string): Promise<string[]> {
  return withSandboxState(stateDir, (sb) => [
    ...sb.issuedSecrets(),
    sb.credentials.clientSecret,
    sb.dns.cloudflareToken,
    sb.proofpoint.essentials.password,
    sb.proofpoint.tap.secret,
    sb.ninjaone.clientSecret,
    sb.ninjaone.installToken,
  ]);
}

/** Files the tool wrote for people and pipelines; the sandbox's own state and the secret store are where secrets belong. */
export function writtenFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const sep = path.sep;
  return filesUnder(dir, (f) => f.includes(`${sep}sandbox${sep}`) || f.includes(`${sep}secrets${sep}`));
}

export async function expectNoSecrets(
  stateDir: string,
  texts: Record<string, string>,
  extraDirs: string[] = [],
): Promise<void> {
  const secrets = (await secretsOf(stateDir)).filter((s) => s.length >= 8);
  const files = [stateDir, ...extraDirs].flatMap(writtenFiles);
  const all = { ...texts, ...Object.fromEntries(files.map((f) => [f, readFileSync(f, 'latin1')])) };
  expect(secrets.length).toBeGreaterThan(5);
  expect(findSecrets(secrets, all)).toEqual([]);
}
