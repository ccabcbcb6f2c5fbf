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
    `  Base URL        ${sandbox.url}   (HTTPS; certificate from the sandbox's own CA)`,
    `  CA certificate  ${sandbox.caCertPath}   (trust it only for the tool: NODE_EXTRA_CA_CERTS)`,
    `  Login           ${sandbox.endpoints.login}   (token: POST /login/${sandbox.tenantId}/oauth2/v2.0/token)`,
    `  Graph           ${sandbox.endpoints.graph}/v1.0`,
    `  Exchange        ${sandbox.endpoints.exchange}/adminapi/beta/${sandbox.tenantId}/InvokeCommand`,
    `  Key Vault       ${sandbox.keyVaultUrl}`,
    `  Control API     ${sandbox.url}/_sandbox   (GET state, GET requests, POST signins, POST/DELETE faults)`,
    '',
    ...dnsLines(sandbox),
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
    'To run sop-integrate against it from another shell, put this before the command:',
    `  ${attachLine(sandbox)}`,
    '',
    'Press Ctrl+C to stop.',
  ];
  for (const line of lines) print(line);
  return sandbox;
}

/**
 * Environment assignments that point the tool at this sandbox as at any tenant: trust its CA (for
 * that one process), sign in at its authority host with its automation app's client secret, and
 * call its Graph and Exchange. Values are shell-quoted where needed.
 */
export function attachLine(sandbox: Sandbox): string {
  const assignments: Array<[string, string]> = [
    ['NODE_EXTRA_CA_CERTS', sandbox.caCertPath],
    ['SOP_INTEGRATE_AUTHORITY_HOST', sandbox.endpoints.login],
    ['SOP_INTEGRATE_GRAPH_ENDPOINT', sandbox.endpoints.graph],
    ['SOP_INTEGRATE_EXCHANGE_ENDPOINT', sandbox.endpoints.exchange],
    ['SOP_INTEGRATE_TENANT_ID', sandbox.tenantId],
    ['SOP_INTEGRATE_CLIENT_ID', sandbox.credentials.clientId],
    ['SOP_INTEGRATE_CLIENT_SECRET', sandbox.credentials.clientSecret],
  ];
  return assignments.map(([name, value]) => `${name}=${shellQuote(value)}`).join(' ');
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** The zones' authoritative server and the three provider APIs that edit them (sandbox-only keys). */
function dnsLines(sandbox: Sandbox): string[] {
  const { nameserver, azure, route53, cloudflareToken } = sandbox.dns;
  return [
    `  DNS server      ${nameserver.host}:${nameserver.port}   (authoritative for contoso.example, fabrikam.example; UDP and TCP)`,
    `  Cloudflare API  ${sandbox.endpoints.dnsApi ?? ''}   (token ${cloudflareToken})`,
    `  Azure DNS       ${sandbox.endpoints.azureResourceManager ?? ''}   (subscription ${azure.subscriptionId}, resource group ${azure.resourceGroup}; ARM tokens from Login)`,
    `  Route 53        ${sandbox.endpoints.route53 ?? ''}   (region ${route53.region}, key ${route53.accessKeyId} / ${route53.secretAccessKey})`,
  ];
}
