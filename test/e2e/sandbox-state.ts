// Reads the CLI's persisted sandbox state through the sandbox itself, for structural diffs.
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
