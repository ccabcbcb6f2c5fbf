// `sop-integrate sandbox start`: run the sandbox in the foreground and say how to reach it.
import { startSandbox } from './index.ts';
import type { FaultRule, Sandbox } from './types.ts';

export interface ForegroundOptions {
  port?: number;
  stateFile?: string;
  latencyMs?: number;
  faults?: FaultRule[];
  seed?: number;
}

export async function runSandboxForeground(
  options: ForegroundOptions,
  print: (line: string) => void,
): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  const lines = [
    'sop-integrate sandbox is running (a local emulator: nothing here touches a real tenant).',
    '',
    `  Base URL        ${sandbox.url}`,
    `  Login           ${sandbox.endpoints.login}   (token: POST /login/${sandbox.tenantId}/oauth2/v2.0/token)`,
    `  Graph           ${sandbox.endpoints.graph}/v1.0`,
    `  Control API     ${sandbox.url}/_sandbox   (GET state, GET requests, POST signins, POST/DELETE faults)`,
    '',
    `  Tenant id       ${sandbox.tenantId}`,
    `  Client id       ${sandbox.credentials.clientId}`,
    `  Client secret   ${sandbox.credentials.clientSecret}   (sandbox-only credential; valid nowhere else)`,
    '',
    options.stateFile === undefined
      ? '  State           in memory (lost on exit; use --state <file> to keep it)'
      : `  State           ${options.stateFile}`,
    ...(options.latencyMs ? [`  Latency         +${options.latencyMs} ms per request`] : []),
    ...(options.faults?.length ? [`  Fault rules     ${options.faults.length} active`] : []),
    '',
    'Press Ctrl+C to stop.',
  ];
  for (const line of lines) print(line);
  return sandbox;
}
