// Secrets in Azure Key Vault through the official SDK (@azure/keyvault-secrets SecretClient): its
// challenge-based authentication (a first request without token, answered 401 with
// WWW-Authenticate naming the tenant and resource), its api-version and its retries. The sandbox's
// vault is served over HTTPS on loopback and speaks the same protocol.
// Key Vault soft-deletes; `delete` purges as well (when the vault allows it), so a rollback
// leaves no trace of the secret it removes.
import type { TokenCredential } from '@azure/identity';
import type { SecretClient } from '@azure/keyvault-secrets';
import { InputError, isSopError, ServiceError } from '../errors.ts';
import type { Redactor } from '../redact.ts';
import { createHttpPolicy, kindForStatus, sanitizeText, type HttpPolicy } from '../core/http/index.ts';
import type { SecretRef, SecretStore } from './contract.ts';

export const KEY_VAULT_SCOPE = 'https://vault.azure.net/.default';
const NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** A secret being deleted cannot be purged until the deletion finished (409): wait this long at most. */
const PURGE_ATTEMPTS = 10;
const PURGE_WAIT_MS = 500;
const PERMISSION_HINT =
  'The tool identity needs the Key Vault Secrets Officer role (or an access policy with set/get/delete/purge) on the vault.';

export interface KeyVaultSecretStoreOptions {
  /** https://<name>.vault.azure.net (the sandbox's is https://127.0.0.1:PORT, a listener of its own). */
  vaultUrl: string;
  credential: TokenCredential;
  redactor: Redactor;
  /** Retries and per-attempt timeout, handed to the SDK's own retry policy. */
  policy?: HttpPolicy;
}

export class KeyVaultSecretStore implements SecretStore {
  readonly kind = 'keyvault';
  private readonly vaultUrl: string;
  private readonly policy: HttpPolicy;
  private client: Promise<SecretClient> | undefined;

  constructor(private readonly options: KeyVaultSecretStoreOptions) {
    this.vaultUrl = options.vaultUrl.replace(/\/+$/, '');
    this.policy = options.policy ?? createHttpPolicy();
  }

  async put(
    name: string,
    value: string,
    meta: { expiresOn?: Date; description?: string } = {},
  ): Promise<SecretRef> {
    this.options.redactor.register(value);
    const checked = this.checked(name);
    const client = await this.secretClient();
    const set = () =>
      client.setSecret(checked, value, {
        contentType: 'text/plain',
        ...(meta.expiresOn ? { expiresOn: meta.expiresOn } : {}),
        ...(meta.description ? { tags: { description: meta.description.slice(0, 256) } } : {}),
        ...this.requestOptions(),
      });
    try {
      await this.call('set secret', set);
    } catch (error) {
      // A secret of that name was deleted (soft-deleted) earlier: purge it, then write anew.
      if (!isDeletedButRecoverable(error)) throw error;
      await this.purge(checked, true);
      await this.call('set secret', set);
    }
    return { store: this.kind, name };
  }

  async get(name: string): Promise<string | undefined> {
    const checked = this.checked(name);
    const client = await this.secretClient();
    try {
      const secret = await this.call('get secret', () => client.getSecret(checked, this.requestOptions()));
      this.options.redactor.register(secret.value);
      return secret.value;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    const checked = this.checked(name);
    const client = await this.secretClient();
    let deleted = true;
    try {
      // The first DELETE is enough: the purge below waits for the deletion to finish.
      const poller = await this.call('delete secret', () =>
        client.beginDeleteSecret(checked, this.requestOptions()),
      );
      // Only a vault with soft delete answers with a recoveryId; without one there is nothing to purge.
      if (poller.getOperationState().result?.recoveryId === undefined) return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      deleted = false; // not live; perhaps deleted before and still recoverable: purge that too
    }
    await this.purge(checked, deleted);
  }

  describe(name: string): string {
    return `keyvault:${this.vaultUrl}/secrets/${name}`;
  }

  /** Purge a soft-deleted secret; a vault with purge protection keeps it until its retention ends. */
  private async purge(name: string, justDeleted: boolean): Promise<void> {
    const client = await this.secretClient();
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.call('purge deleted secret', () => client.purgeDeletedSecret(name, this.requestOptions()));
        return;
      } catch (error) {
        // Nothing deleted under that name, or a vault without soft delete: nothing to purge.
        if (isNotFound(error) && !justDeleted) return;
        if (error instanceof ServiceError && error.kind === 'forbidden') return; // purge protection
        // Right after a delete the deleted secret may not be there yet (404) or still busy (409).
        const stillDeleting =
          error instanceof ServiceError && (error.kind === 'conflict' || error.kind === 'not-found');
        if (!stillDeleting || attempt >= PURGE_ATTEMPTS) throw error;
        await this.policy.sleep(PURGE_WAIT_MS);
      }
    }
  }

  private checked(name: string): string {
    if (!NAME.test(name)) {
      throw new InputError(`Secret name "${name}" is not allowed in Key Vault`, [], {
        hint: 'Key Vault secret names use letters, digits and dashes only (1-127 characters).',
      });
    }
    return name;
  }

  private requestOptions(): { requestOptions: { timeout: number } } {
    return { requestOptions: { timeout: this.policy.timeoutMs } };
  }

  private secretClient(): Promise<SecretClient> {
    this.client ??= import('@azure/keyvault-secrets').then(({ SecretClient }) => {
      const { retry } = this.policy;
      return new SecretClient(this.vaultUrl, this.options.credential, {
        retryOptions: {
          maxRetries: Math.max(0, retry.maxAttempts - 1),
          retryDelayInMs: retry.baseDelayMs,
          maxRetryDelayInMs: retry.maxDelayMs,
        },
        // Key Vault's challenge names resource https://vault.azure.net; the SDK checks that the
        // vault's host is under that domain. A vault on loopback (the sandbox's) is not, so the
        // check is off for it only, as the SDK's option for vaults outside the usual domains allows.
        ...(isLoopback(this.vaultUrl) ? { disableChallengeResourceVerification: true } : {}),
      });
    });
    return this.client;
  }

  /** Runs one SDK call; its failures become typed errors with the vault's code, secrets redacted. */
  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.typed(operation, error);
    }
  }

  private typed(operation: string, error: unknown): unknown {
    if (isSopError(error) || !(error instanceof Error)) return error;
    const status = numberField(error, 'statusCode');
    const code = stringField(error, 'code');
    const inner = innerCode(error);
    const kind = status === undefined ? 'unavailable' : kindForStatus(status);
    return new ServiceError(
      'keyvault',
      kind,
      `Key Vault ${operation} failed${status === undefined ? '' : ` (${status})`}: ${sanitizeText(error.message, this.options.redactor)}`,
      {
        operation,
        ...(status === undefined ? {} : { status }),
        ...((inner ?? code) === undefined ? {} : { vendorCode: inner ?? code }),
      },
      // No `cause`: the SDK's RestError carries the request, Authorization header included.
      kind === 'forbidden' ? { hint: PERMISSION_HINT } : {},
    );
  }
}

function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

function numberField(error: Error, field: string): number | undefined {
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'number' ? value : undefined;
}

function stringField(error: Error, field: string): string | undefined {
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Key Vault's `innererror.code` (e.g. ObjectIsDeletedButRecoverable), from the error's parsed body. */
function innerCode(error: Error): string | undefined {
  const details: unknown = Reflect.get(error, 'details');
  if (typeof details !== 'object' || details === null) return undefined;
  const body: unknown = Reflect.get(details, 'error');
  if (typeof body !== 'object' || body === null) return undefined;
  // The SDK hands the body over deserialized (innerError); the wire name is innererror.
  const inner: unknown = Reflect.get(body, 'innerError') ?? Reflect.get(body, 'innererror');
  if (typeof inner !== 'object' || inner === null) return undefined;
  const code: unknown = Reflect.get(inner, 'code');
  return typeof code === 'string' ? code : undefined;
}

function isDeletedButRecoverable(error: unknown): boolean {
  return error instanceof ServiceError && error.details.vendorCode === 'ObjectIsDeletedButRecoverable';
}

function isNotFound(error: unknown): boolean {
  return error instanceof ServiceError && error.kind === 'not-found';
}
