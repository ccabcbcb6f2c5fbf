// `sop-integrate sandbox send`: one message through the sandbox tenant's mail simulation, under
// the state a --sandbox run left in --state-dir; prints the route it took and saves the state.
// Exit 0 when the message was delivered, 1 when it was rejected or lost (so a script can assert
// mail flow at any moment of a run), 2 on bad input.
import path from 'node:path';
import { InputError } from '../../errors.ts';
import { makeDirectorySync } from '../../make-dir.ts';
import { ExitCode } from '../exit-codes.ts';
import { checkWritableFolder } from '../path-checks.ts';

export interface SandboxSendFlags {
  from: string;
  to: string;
  subject?: string;
  threat?: boolean;
  stateDir?: string;
  resolver?: 'cached' | 'fresh';
  tls?: boolean;
  output?: 'text' | 'json';
}

interface Delivery {
  error?: string;
  messageId: string;
  direction: string;
  route: string;
  status: string;
  connector: string | null;
  rejectedReason: string | null;
  hops: string[];
}

export async function sandboxSendCommand(flags: SandboxSendFlags): Promise<void> {
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const stateDir = flags.stateDir ?? '.sop-integrate';
  checkWritableFolder(
    stateDir,
    flags.stateDir ? '--state-dir' : 'the state dir',
    'point --state-dir at a folder you can write to',
  );
  const { startSandbox } = await import('../../sandbox/index.ts');
  // A fresh state dir gets the seeded tenant, as a first --sandbox run would.
  makeDirectorySync(path.join(stateDir, 'sandbox'));
  const sandbox = await startSandbox({ stateFile: path.join(stateDir, 'sandbox', 'state.json') });
  let body: Delivery;
  try {
    const response = await fetch(sandbox.proofpoint.mailUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: flags.from,
        to: flags.to,
        subject: flags.subject ?? 'Sandbox test message',
        threat: flags.threat === true,
        resolver: flags.resolver ?? 'cached',
        tls: flags.tls !== false,
      }),
    });
    body = (await response.json()) as Delivery;
    if (!response.ok) throw new InputError(`sandbox send: ${body.error ?? `HTTP ${response.status}`}`);
  } finally {
    await sandbox.close();
  }
  const delivered = body.status === 'Delivered';
  if (flags.output === 'json') {
    const { error: _error, ...fields } = body;
    print(JSON.stringify({ delivered, ...fields }));
  } else {
    print(
      `${body.messageId}: ${body.direction}, ${body.status}, route ${body.route}${body.connector ? ` via "${body.connector}"` : ''}`,
    );
    for (const hop of body.hops) print(`  ${hop}`);
  }
  if (!delivered) process.exitCode = ExitCode.stepFailed;
}
