// Loads the config file (strict, positioned errors), the environment and flags into ToolConfig.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { InputError, type Problem } from '../errors.ts';
import { ConfigFile } from './schema.ts';
import type { Environment } from './environment.ts';
import type { ConfigPlaces, CredentialConfig, ToolConfig } from './types.ts';
import { warnSecretLookingValues } from './secret-looking.ts';
import { dnsConfigOf, proofpointConfigOf } from './mail-vendors.ts';
import { parseJournalLocation } from '../journal/azure-blob/location.ts';

export const DEFAULT_CONFIG_FILE = 'sop-integrate.config.yaml';
const MAX_CONFIG_BYTES = 1024 * 1024;

export const PUBLIC_CLOUD = {
  login: 'https://login.microsoftonline.com',
  graph: 'https://graph.microsoft.com',
  exchange: 'https://outlook.office365.com',
} as const;

/** Parse a config file's text; every problem at once, with file:line:col. */
export function parseConfigText(file: string, bytes: Buffer): ConfigFile {
  return parseConfigDocument(file, bytes).parsed;
}

/** The parsed file and where each of its values is, so later checks can point at the file. */
export function parseConfigDocument(
  file: string,
  bytes: Buffer,
): { parsed: ConfigFile; places: ConfigPlaces } {
  if (bytes.length > MAX_CONFIG_BYTES) {
    throw new InputError(`config file is ${bytes.length} bytes; the limit is ${MAX_CONFIG_BYTES}`, [
      { file, message: 'config file too large: keep it under 1 MB' },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('config file is not UTF-8 text', [{ file, message: 'save the file as UTF-8' }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined): { line?: number; col?: number } => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      file,
      ...at(e.pos[0]),
      message: e.message.split('\n')[0] ?? '',
    }));
    throw new InputError('config file is not valid YAML', problems);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    throw new InputError('config file could not be read', [{ file, message: (error as Error).message }]);
  }
  const reserved = reservedKeyProblems(file, value, doc.contents, at);
  if (reserved.length > 0) throw new InputError('config file has invalid settings', reserved);
  const parsed = ConfigFile.safeParse(value);
  if (parsed.success) {
    // Only an exact hit: a value that is not in the file (a fleet tenant's own input) has no place here.
    const places: ConfigPlaces = (keyPath) => at(exactNodeAt(doc.contents, keyPath.map(String))?.range?.[0]);
    return { parsed: parsed.data, places };
  }
  throw new InputError(
    'config file has invalid settings',
    issuesToProblems(file, parsed.error.issues, doc.contents, at),
  );
}

/** Names that are never an input or a value, and that object code would treat specially. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Checked on the raw YAML: the schema would silently drop a `__proto__` key. */
function reservedKeyProblems(
  file: string,
  value: unknown,
  root: unknown,
  at: (offset: number | undefined) => { line?: number; col?: number },
): Problem[] {
  if (value === null || typeof value !== 'object') return [];
  return (['inputs', 'values'] as const).flatMap((section) => {
    const block = (value as Record<string, unknown>)[section];
    if (block === null || typeof block !== 'object') return [];
    return Object.keys(block)
      .filter((key) => RESERVED_KEYS.has(key))
      .map((key) => ({
        file,
        ...at(exactNodeAt(root, [section, key])?.range?.[0]),
        message: `${section}.${key}: "${key}" cannot be the name of ${section === 'inputs' ? 'an input' : 'a value'}`,
      }));
  });
}

function issuesToProblems(
  file: string,
  issues: z.core.$ZodIssue[],
  root: unknown,
  at: (offset: number | undefined) => { line?: number; col?: number },
): Problem[] {
  return issues.map((issue) => {
    const keyPath = issue.path.map(String);
    const node = nodeAt(root, keyPath);
    const unknownKeys = issue.code === 'unrecognized_keys' ? ` (unknown: ${issue.keys.join(', ')})` : '';
    const where = keyPath.length > 0 ? keyPath.join('.') : '(top level)';
    return { file, ...at(node?.range?.[0]), message: `${where}: ${issue.message}${unknownKeys}` };
  });
}

function exactNodeAt(root: unknown, keyPath: string[]): YamlNode | undefined {
  let node = root as YamlNode | undefined;
  for (const key of keyPath) {
    if (isSeq(node)) node = node.items[Number(key)] as YamlNode | undefined;
    else if (isMap(node))
      node = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key)
        ?.value as YamlNode | undefined;
    else return undefined;
  }
  return node ?? undefined;
}

function nodeAt(root: unknown, keyPath: string[]): YamlNode | undefined {
  let node = root as YamlNode | undefined;
  for (const key of keyPath) {
    if (isSeq(node)) {
      const item = node.items[Number(key)] as YamlNode | undefined;
      if (item === undefined) return node;
      node = item;
      continue;
    }
    if (!isMap(node)) return node;
    const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key);
    if (!pair) return node;
    node = (pair.value ?? pair.key) as YamlNode;
  }
  return node;
}

export interface LoadConfigOptions {
  file?: string;
  env: Environment;
  cwd?: string;
}

/** Read the config file (explicit, env, or default if present), then build ToolConfig. */
export async function loadConfig(options: LoadConfigOptions): Promise<ToolConfig & { file?: string }> {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? options.env.configFile;
  const file =
    explicit ?? (existsSync(path.join(cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
  let parsed: ConfigFile = {};
  let places: ConfigPlaces | undefined;
  if (file !== undefined) {
    const full = path.resolve(cwd, file);
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch {
      throw new InputError(`config file ${file} cannot be read`, [
        { file, message: 'file not found or not readable; check the --config path' },
      ]);
    }
    ({ parsed, places } = parseConfigDocument(file, bytes));
    warnSecretLookingValues(file, parsed, places);
  }
  const stateDir = path.resolve(cwd, options.env.stateDir ?? parsed.stateDir ?? '.sop-integrate');
  const tenantId = parsed.tenantId ?? options.env.tenantId ?? '';
  const credential: CredentialConfig = {
    kind:
      (options.env.credentialKind as CredentialConfig['kind'] | undefined) ??
      parsed.credential?.kind ??
      'client-secret',
    tenantId,
    clientId: parsed.credential?.clientId ?? options.env.clientId,
    clientSecret: options.env.clientSecret,
    certificatePath: parsed.credential?.certificatePath ?? options.env.certificatePath,
  };
  return {
    ...(file === undefined ? {} : { file }),
    ...(places ? { places } : {}),
    tenantId,
    credential,
    endpoints: {
      ...PUBLIC_CLOUD,
      ...parsed.endpoints,
      ...withDefined('login', options.env.authorityHost),
      ...withDefined('graph', options.env.graphEndpoint),
      ...withDefined('exchange', options.env.exchangeEndpoint),
    },
    stateDir,
    secretStore: secretStoreOf(parsed, options.env, stateDir, cwd),
    ...withDefined('journal', journalOf(parsed, options.env)),
    ...(parsed.changeWindow ? { changeWindow: parsed.changeWindow } : {}),
    // Null-prototype copies: a `__proto__` key in the file stays a plain (undeclared) key.
    public: Object.assign(Object.create(null) as Record<string, string>, parsed.values),
    inputs: Object.assign(Object.create(null) as Record<string, unknown>, parsed.inputs),
    ...(parsed.ninjaone || options.env.ninjaoneClientId || options.env.ninjaoneClientSecret
      ? {
          ninjaone: {
            region: parsed.ninjaone?.region ?? 'app',
            clientId: parsed.ninjaone?.clientId ?? options.env.ninjaoneClientId,
            clientSecret: options.env.ninjaoneClientSecret,
          },
        }
      : {}),
    ...withDefined('dns', dnsConfigOf(parsed, options.env)),
    ...withDefined('proofpoint', proofpointConfigOf(parsed, options.env)),
  };
}

function secretStoreOf(
  parsed: ConfigFile,
  env: Environment,
  stateDir: string,
  cwd: string,
): ToolConfig['secretStore'] {
  const fileDir =
    parsed.secretStore?.kind === 'file'
      ? path.resolve(cwd, parsed.secretStore.dir)
      : path.join(stateDir, 'secrets');
  const kind = env.secretStoreKind ?? parsed.secretStore?.kind ?? 'file';
  if (kind === 'file') return { kind: 'file', dir: fileDir };
  if (kind !== 'keyvault') throw new InputError(`secret store "${kind}" is not known (use file or keyvault)`);
  const vault = parsed.secretStore?.kind === 'keyvault' ? parsed.secretStore : undefined;
  // In the sandbox the session points vaultUrl at the emulated vault; checkRealTenantConfig asks for it otherwise.
  return {
    kind: 'keyvault',
    dir: fileDir,
    ...(vault?.vaultUrl ? { vaultUrl: vault.vaultUrl } : {}),
    ...(vault?.namePrefix ? { namePrefix: vault.namePrefix } : {}),
  };
}

function journalOf(parsed: ConfigFile, env: Environment): ToolConfig['journal'] {
  const value = env.journal ?? parsed.journal;
  if (value === undefined) return undefined;
  return parseJournalLocation(
    value,
    env.journalConnectionString,
    env.journal ? '--journal' : 'journal (config file)',
  );
}

function withDefined<Key extends string, Value>(key: Key, value: Value | undefined): { [K in Key]?: Value } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };
}

/** Checks that need to pass before any service is called (not needed in the sandbox). */
export function checkRealTenantConfig(config: ToolConfig, file: string | undefined): void {
  const problems: Problem[] = [];
  const place = file ?? 'environment';
  if (!config.tenantId) {
    problems.push({
      file: place,
      message: 'tenantId is not set: add `tenantId:` to the config file or set SOP_INTEGRATE_TENANT_ID',
    });
  }
  const kind = config.credential.kind;
  if (
    ['client-secret', 'client-certificate', 'workload-identity'].includes(kind) &&
    !config.credential.clientId
  ) {
    problems.push({
      file: place,
      message: `credential ${kind} needs a client id: set credential.clientId or SOP_INTEGRATE_CLIENT_ID`,
    });
  }
  if (kind === 'client-secret' && !config.credential.clientSecret) {
    problems.push({
      file: 'environment',
      message: 'credential client-secret needs SOP_INTEGRATE_CLIENT_SECRET (never put it in the config file)',
    });
  }
  if (kind === 'client-certificate' && !config.credential.certificatePath) {
    problems.push({
      file: place,
      message:
        'credential client-certificate needs credential.certificatePath or SOP_INTEGRATE_CLIENT_CERTIFICATE_PATH',
    });
  }
  if (config.secretStore.kind === 'keyvault' && !config.secretStore.vaultUrl) {
    problems.push({
      file: place,
      message: 'secretStore keyvault needs vaultUrl: https://<name>.vault.azure.net',
    });
  }
  if (problems.length > 0) {
    throw new InputError('configuration is incomplete', problems, {
      hint: 'or try the built-in sandbox tenant with --sandbox',
    });
  }
}
