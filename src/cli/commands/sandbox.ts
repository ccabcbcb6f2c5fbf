// `sop-integrate sandbox start`: the sandbox in the foreground until Ctrl+C.

export async function sandboxStartCommand(flags: {
  port?: number;
  state?: string;
  latency?: number;
  fault?: string[];
}): Promise<void> {
  // This printer deliberately bypasses redaction of the sandbox's own credential: printing it is
  // the point of this command, and it is valid only against this local emulator.
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const { runSandboxForeground } = await import('../../sandbox/cli-start.ts');
  const { parseFaultSpec } = await import('../../sandbox/fault-spec.ts');
  const faults = (flags.fault ?? []).map((spec) => parseFaultSpec(spec));
  const sandbox = await runSandboxForeground(
    {
      ...(flags.port ? { port: flags.port } : {}),
      ...(flags.state ? { stateFile: flags.state } : {}),
      ...(flags.latency ? { latencyMs: flags.latency } : {}),
      ...(faults.length > 0 ? { faults } : {}),
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
