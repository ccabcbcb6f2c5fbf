// Secrets in Azure Key Vault over its REST API (PUT/GET/DELETE {vault}/secrets/{name}). It goes
// through the project's HTTP layer rather than @azure/keyvault-secrets: the SDK's bearer policy
// refuses to send a token over plain http, which rules out the loopback sandbox vault, and the
// HTTP layer already brings retries with Retry-After, timeouts, error mapping and redaction.
// Key Vault soft-deletes; `delete` purges as well (when the vault allows it), so a rollback
// leaves no trace of the secret it removes.
import type { TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { InputError, ServiceError } from '../errors.ts';
import type { Redactor } from '../redact.ts';
import {
  createHttpPolicy,
  parseJsonOrUndefined,
  parseVendorResponse,
  sendWithPolicy,
  type HttpPolicy,
} from '../adapters/http/index.ts';
import type { SecretRef, SecretStore } from './contract.ts';

export const KEY_VAULT_API_VERSION = '7.4';
export const KEY_VAULT_SCOPE = 'https://vault.azure.net/.default';
const NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** A secret being deleted cannot be purged until the deletion finished (409): wait this long at most. */
const PURGE_ATTEMPTS = 10;
const PURGE_WAIT_MS = 500;

const SecretBundle = z.object({ value: z.string().optional(), id: z.string() });
const VaultError = z.object({
  error: z.object({
    code: z.string().catch(''),
    message: z.string().optional().catch(undefined),
    innererror: z.object({ code: z.string() }).optional().catch(undefined),
  }),
});

export interface KeyVaultSecretStoreOptions {
  /** https://<name>.vault.azure.net (the sandbox's is http://127.0.0.1:PORT/keyvault). */
  vaultUrl: string;
  credential: TokenCredential;
  redactor: Redactor;
  policy?: HttpPolicy;
}

export class KeyVaultSecretStore implements SecretStore {
  readonly kind = 'keyvault';
  private readonly vaultUrl: string;
  private readonly policy: HttpPolicy;

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
    const body = JSON.stringify({
      value,
      contentType: 'text/plain',
      ...(meta.expiresOn ? { attributes: { exp: Math.floor(meta.expiresOn.getTime() / 1000) } } : {}),
      ...(meta.description ? { tags: { description: meta.description.slice(0, 256) } } : {}),
    });
    const request = () => this.send('PUT', `secrets/${this.checked(name)}`, 'set secret', body);
    try {
      await request();
    } catch (error) {
      // A secret of that name was deleted (soft-deleted) earlier: purge it, then write anew.
      if (vendorCodeOf(error) !== 'ObjectIsDeletedButRecoverable') throw error;
      await this.purge(name, true);
      await request();
    }
    return { store: this.kind, name };
  }

  async get(name: string): Promise<string | undefined> {
    let response: Response;
    try {
      response = await this.send('GET', `secrets/${this.checked(name)}`, 'get secret');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const bundle = parseVendorResponse(SecretBundle, parseJsonOrUndefined(await response.text()), {
      service: 'keyvault',
      operation: 'get secret',
    });
    this.options.redactor.register(bundle.value);
    return bundle.value;
  }

  async delete(name: string): Promise<void> {
    let deleted = true;
    try {
      const response = await this.send('DELETE', `secrets/${this.checked(name)}`, 'delete secret');
      // Only a vault with soft delete answers with a recoveryId; without one there is nothing to purge.
      const body = parseJsonOrUndefined(await response.text()) as { recoveryId?: unknown } | undefined;
      if (typeof body?.recoveryId !== 'string') return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      deleted = false; // not live; perhaps deleted before and still recoverable: purge that too
    }
    await this.purge(name, deleted);
  }

  describe(name: string): string {
    return `keyvault:${this.vaultUrl}/secrets/${name}`;
  }

  /** Purge a soft-deleted secret; a vault with purge protection keeps it until its retention ends. */
  private async purge(name: string, justDeleted: boolean): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.send('DELETE', `deletedsecrets/${this.checked(name)}`, 'purge deleted secret');
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

  private async send(method: string, path: string, operation: string, body?: string): Promise<Response> {
    const { credential, redactor } = this.options;
    return sendWithPolicy(
      {
        method,
        url: `${this.vaultUrl}/${path}?api-version=${KEY_VAULT_API_VERSION}`,
        headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body } : {}),
        idempotent: true, // setting, deleting and purging a named secret again changes nothing more
      },
      {
        service: 'keyvault',
        operation,
        policy: this.policy,
        redactor,
        authorize: async () => {
          const token = await credential.getToken(KEY_VAULT_SCOPE);
          if (!token) throw new ServiceError('keyvault', 'auth', 'no token for Key Vault');
          redactor.register(token.token);
          return { authorization: `Bearer ${token.token}` };
        },
        readVendorError: (text) => {
          const parsed = VaultError.safeParse(parseJsonOrUndefined(text));
          if (!parsed.success) return {};
          const { code, message, innererror } = parsed.data.error;
          return { code: innererror?.code ?? code, ...(message ? { message } : {}) };
        },
        permissionHint: () =>
          'the tool identity needs the Key Vault Secrets Officer role (or an access policy with set/get/delete/purge) on the vault',
      },
    );
  }
}

function vendorCodeOf(error: unknown): string | undefined {
  return error instanceof ServiceError ? error.details.vendorCode : undefined;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ServiceError && error.kind === 'not-found';
}
