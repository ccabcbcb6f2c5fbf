// `sop-integrate sandbox send`: one message through the sandbox tenant's mail simulation, under
// the state a --sandbox run left in --state-dir; prints the route it took and saves the state.
import path from 'node:path';
import { InputError } from '../../errors.ts';

export interface SandboxSendFlags {
  from: string;
  to: string;
  subject?: string;
  threat?: boolean;
  stateDir?: string;
}

export async function sandboxSendCommand(flags: SandboxSendFlags): Promise<void> {
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const stateDir = flags.stateDir ?? '.sop-integrate';
  const { startSandbox } = await import('../../sandbox/index.ts');
  const sandbox = await startSandbox({ stateFile: path.join(stateDir, 'sandbox', 'state.json') });
  try {
    const response = await fetch(sandbox.proofpoint.mailUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: flags.from,
        to: flags.to,
        subject: flags.subject ?? 'Sandbox test message',
        threat: flags.threat === true,
      }),
    });
    const body = (await response.json()) as {
      error?: string;
      messageId: string;
      direction: string;
      route: string;
      status: string;
      connector: string | null;
      hops: string[];
    };
    if (!response.ok) throw new InputError(`sandbox send: ${body.error ?? `HTTP ${response.status}`}`);
    print(
      `${body.messageId}: ${body.direction}, ${body.status}, route ${body.route}${body.connector ? ` via "${body.connector}"` : ''}`,
    );
    for (const hop of body.hops) print(`  ${hop}`);
  } finally {
    await sandbox.close();
  }
}
