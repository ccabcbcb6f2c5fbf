// `sop-integrate sandbox start`: the sandbox in the foreground until Ctrl+C.

export async function sandboxStartCommand(flags: {
  port?: number;
  state?: string;
  latency?: number;
}): Promise<void> {
  // This printer deliberately bypasses redaction of the sandbox's own credential: printing it is
  // the point of this command, and it is valid only against this local emulator.
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const { runSandboxForeground } = await import('../../sandbox/cli-start.ts');
  const sandbox = await runSandboxForeground(
    {
      ...(flags.port ? { port: flags.port } : {}),
      ...(flags.state ? { stateFile: flags.state } : {}),
      ...(flags.latency ? { latencyMs: flags.latency } : {}),
    },
    print,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  print('sandbox stopped.');
}
