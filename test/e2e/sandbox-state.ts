// Reads the CLI's persisted sandbox state through the sandbox itself, for structural diffs, and
// seeds that state before a run.
import { mkdirSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import path from 'node:path';
import { startSandbox, type Sandbox, type SandboxSnapshot } from '../../src/sandbox/index.ts';

export async function withSandboxState<T>(
  stateDir: string,
  use: (sandbox: Sandbox) => T | Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox({ stateFile: path.join(stateDir, 'sandbox', 'state.json') });
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close();
  }
}

export function snapshotOf(stateDir: string): Promise<SandboxSnapshot> {
  return withSandboxState(stateDir, (sandbox) => sandbox.snapshot());
}

/** A sandbox whose MX TTL is 2 s, so phase 2's wait for the old TTL takes seconds, not an hour. */
export async function seedShortTtl(stateDir: string): Promise<void> {
  mkdirSync(path.join(stateDir, 'sandbox'), { recursive: true });
  const sandbox = await startSandbox({
    stateFile: path.join(stateDir, 'sandbox', 'state.json'),
    dns: { mxTtl: 2, minTtl: 1 },
  });
  await sandbox.close();
}

/** contoso.example's MX as the sandbox's authoritative DNS server answers it. */
export function authoritativeMx(stateDir: string): Promise<string[]> {
  return withSandboxState(stateDir, async (sandbox) => {
    const resolver = new Resolver();
    resolver.setServers([`${sandbox.dns.nameserver.host}:${sandbox.dns.nameserver.port}`]);
    return (await resolver.resolveMx('contoso.example')).map((r) => `${r.priority} ${r.exchange}`).sort();
  });
}
