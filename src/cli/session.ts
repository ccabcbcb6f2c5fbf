// Everything a command needs to talk to a tenant: config, credentials, adapters, secret store,
// redactor, and (with --sandbox) the built-in sandbox tenant started in-process.
import path from 'node:path';
import { readEnvironment } from '../config/environment.ts';
import { checkRealTenantConfig, loadConfig } from '../config/load.ts';
import type { ToolConfig } from '../config/types.ts';
import type { EngineEnv } from '../engine/types.ts';
import type { HttpPolicy } from '../core/http/policy.ts';
import { InputError } from '../errors.ts';
import { makeDirectory } from '../make-dir.ts';
import { globalRedactor } from '../redact.ts';
import type { Sandbox, SandboxOptions } from '../sandbox/types.ts';
import type { RunFlags } from './options.ts';
import { outputClosedSignal } from './output-closed.ts';
import { checkReadableFolder, checkWritableFolder } from './path-checks.ts';
import { version } from './version.ts';

/** Seconds; see openSession. */
export const SANDBOX_DEMO_MX_TTL = 10;
export interface Session {
  config: ToolConfig;
  configFile: string | undefined;
  sandbox: Sandbox | undefined;
  interactive: boolean;
  /** Engine collaborators, without events (each command brings its renderer). */
  env: Omit<EngineEnv, 'events'>;
  close(): Promise<void>;
}

/** Fleet mode (src/fleet): one tenant's config, sandbox and HTTP policy inside a fleet run. */
export interface SessionOverrides {
  /** Applied to the loaded config before anything reads it (tenant id, credential, inputs). */
  adjustConfig?: (config: ToolConfig) => ToolConfig;
  /** This tenant's own sandbox: a distinct seed, state file, faults and latency. */
  sandbox?: Pick<SandboxOptions, 'seed' | 'stateFile' | 'faults' | 'latencyMs' | 'dns'>;
  /** This tenant's own HTTP policy (its own rate limiter and Retry-After pauses). */
  policy?: HttpPolicy;
}

/**
 * Config only: for commands that read the journal and call no service. `access`: 'read' for
 * commands that only read the state dir (`runs`, `show`); every other command writes there.
 */
export async function loadSessionConfig(
  flags: RunFlags,
  overrides: SessionOverrides = {},
  access: 'read' | 'write' = 'write',
): Promise<{ config: ToolConfig; file: string | undefined }> {
  refuseSandboxOnlyFlags(flags);
  const environment = readEnvironment();
  const stateDirFromEnv = environment.stateDir !== undefined;
  if (flags.stateDir) environment.stateDir = flags.stateDir;
  if (flags.journal) environment.journal = flags.journal;
  if (flags.secretStore) environment.secretStoreKind = flags.secretStore;
  if (environment.journalConnectionString) {
    const { connectionStringSecrets } = await import('../journal/azure-blob/location.ts');
    for (const secret of connectionStringSecrets(environment.journalConnectionString))
      globalRedactor.register(secret);
  }
  const loaded = await loadConfig({ ...(flags.config ? { file: flags.config } : {}), env: environment });
  const config = overrides.adjustConfig?.(loaded) ?? loaded;
  globalRedactor.register(config.credential.clientSecret);
  checkStateFolders(config, flags, access, {
    stateDir: flags.stateDir
      ? `--state-dir`
      : stateDirFromEnv
        ? 'SOP_INTEGRATE_STATE_DIR'
        : `the state dir (stateDir in ${loaded.file ?? 'the config'}, default .sop-integrate)`,
    config: loaded.file ?? 'the config file',
  });
  return { config, file: loaded.file };
}

/** Before anything runs: the folders this command will write into can be written (README "State"). */
function checkStateFolders(
  config: ToolConfig,
  flags: RunFlags,
  access: 'read' | 'write',
  names: { stateDir: string; config: string },
): void {
  const shown = flags.stateDir ?? config.stateDir;
  const fix = 'point --state-dir (or SOP_INTEGRATE_STATE_DIR) at a folder you can write to';
  // A shared journal keeps runs and locks in Blob Storage; the state dir then holds only the
  // sandbox's state and file secrets.
  const writesState = access === 'write' && (config.journal === undefined || flags.sandbox === true);
  if (writesState) checkWritableFolder(shown, names.stateDir, fix);
  else checkReadableFolder(shown, names.stateDir, fix);
  const secrets = config.secretStore;
  if (access === 'write' && secrets.kind === 'file' && secrets.dir !== path.join(config.stateDir, 'secrets'))
    checkWritableFolder(
      secrets.dir,
      `secretStore.dir in ${names.config}`,
      'point it at a folder you can write to',
    );
}

/** `--sandbox-*` flags change only the sandbox; without --sandbox they would be silently ignored. */
function refuseSandboxOnlyFlags(flags: RunFlags): void {
  if (flags.sandbox) return;
  const given = [
    flags.sandboxFault?.length ? '--sandbox-fault' : undefined,
    flags.sandboxMxTtl === undefined ? undefined : '--sandbox-mx-ttl',
    flags.sandboxDns === undefined ? undefined : '--sandbox-dns',
    flags.rehearse ? '--rehearse' : undefined,
  ].filter((flag) => flag !== undefined);
  if (given.length > 0)
    throw new InputError(`${given.join(', ')} only work${given.length === 1 ? 's' : ''} with --sandbox`, [], {
      hint: 'Add --sandbox to run against the built-in sandbox, or drop the flag for a real tenant.',
    });
}

export function isInteractive(flags: RunFlags): boolean {
  return !flags.nonInteractive && process.stdin.isTTY === true && !readEnvironment().ci;
}

/** `loaded`: the result of loadSessionConfig when the caller already read the config file. */
export async function openSession(
  flags: RunFlags,
  overrides: SessionOverrides = {},
  loaded?: { config: ToolConfig; file: string | undefined },
): Promise<Session> {
  const { config, file } = loaded ?? (await loadSessionConfig(flags, overrides));
  // Checked before the sandbox starts: a bad value stops here, with nothing to clean up.
  const { httpWaitsFrom, withWaitProgress } = await import('./http-waits.ts');
  const waits = httpWaitsFrom(readEnvironment());
  let sandbox: Sandbox | undefined;
  if (flags.sandbox) {
    const { startSandbox } = await import('../sandbox/index.ts');
    const stateFile = overrides.sandbox?.stateFile ?? path.join(config.stateDir, 'sandbox', 'state.json');
    await makeDirectory(path.dirname(stateFile));
    const { parseFaultSpec } = await import('../sandbox/fault-spec.ts');
    const faults = (flags.sandboxFault ?? []).map((spec) => parseFaultSpec(spec, '--sandbox-fault'));
    sandbox = await startSandbox({
      ...overrides.sandbox,
      // A new sandbox tenant's MX TTL is 10 s, so the SOP's wait for the old TTL to expire takes
      // seconds in the demo; tests and rehearsals seed other values through overrides.
      dns: { mxTtl: flags.sandboxMxTtl ?? SANDBOX_DEMO_MX_TTL, minTtl: 1, ...overrides.sandbox?.dns },
      stateFile,
      faults: [...faults, ...(overrides.sandbox?.faults ?? [])],
    });
    globalRedactor.register(sandbox.credentials.clientSecret);
    config.tenantId = sandbox.tenantId;
    // The sandbox is a tenant like any other: the tool signs in with @azure/identity's client-secret
    // credential at the sandbox's authority host, over HTTPS (its CA is trusted in this process).
    config.credential = {
      kind: 'client-secret',
      tenantId: sandbox.tenantId,
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
    };
    config.endpoints = { ...sandbox.endpoints };
    if (config.secretStore.kind === 'keyvault') config.secretStore.vaultUrl = sandbox.keyVaultUrl;
    // DNS and Proofpoint point at the sandbox's loopback DNS server, DNS provider APIs and Proofpoint.
    const { sandboxDnsConfig, sandboxDnsSecrets } = await import('./sandbox-dns.ts');
    config.dns = sandboxDnsConfig(flags.sandboxDns ?? config.dns?.provider, sandbox);
    config.proofpoint = {
      product: 'essentials',
      essentials: sandbox.proofpoint.essentials,
      tap: sandbox.proofpoint.tap,
      sandboxPortalUrl: sandbox.proofpoint.portalUrl,
      sandboxMailUrl: sandbox.proofpoint.mailUrl,
    };
    for (const secret of [
      ...sandboxDnsSecrets(sandbox),
      sandbox.proofpoint.essentials.password,
      sandbox.proofpoint.tap.secret,
    ])
      globalRedactor.register(secret);
    // NinjaOne: the sandbox instance's API client; its install token is put in the secret store below.
    config.ninjaone = {
      region: sandbox.ninjaone.baseUrl,
      clientId: sandbox.ninjaone.clientId,
      clientSecret: sandbox.ninjaone.clientSecret,
    };
    globalRedactor.register(sandbox.ninjaone.clientSecret);
    globalRedactor.register(sandbox.ninjaone.installToken);
  } else {
    checkRealTenantConfig(config, file);
  }
  config.public = { tenantId: config.tenantId, secretStore: config.secretStore.kind, ...config.public };
  const [{ createServices }, { createSecretStore }] = await Promise.all([
    import('../services/create-services.ts'),
    import('../secrets/create-secret-store.ts'),
  ]);
  // Timeouts and progress lines for every service call; lines go to stderr (stdout may be JSON).
  const policy = withWaitProgress(overrides.policy, waits, (line) =>
    process.stderr.write(`${globalRedactor.text(line)}\n`),
  );
  const secrets = createSecretStore(config, { redactor: globalRedactor });
  // The demo's NinjaOne install token, where an operator would have stored the real one.
  if (sandbox && (await secrets.get('ninjaone-install-token')) === undefined)
    await secrets.put('ninjaone-install-token', sandbox.ninjaone.installToken, {
      description: 'NinjaOne install token of the sandbox organization',
    });
  return {
    config,
    configFile: file,
    sandbox,
    interactive: isInteractive(flags),
    env: {
      config,
      services: createServices(config, globalRedactor, {
        policy,
        // Device code sign-in: the prompt goes to stderr so JSON output on stdout stays clean.
        onDeviceCode: (message) => process.stderr.write(`${message}\n`),
      }),
      secrets,
      redactor: globalRedactor,
      toolVersion: version(),
      // A closed stdout/stderr (`| head`) stops a run at its next safe point, like Ctrl-C.
      signal: outputClosedSignal,
    },
    close: async () => {
      await sandbox?.close();
    },
  };
}
