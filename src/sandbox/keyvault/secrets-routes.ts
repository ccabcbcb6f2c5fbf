// Secret operations of the Key Vault REST API (api-version 7.x): set, get, delete, and the
// soft-delete side (get deleted, purge).
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import { newObjectIdHex } from './ids.ts';
import type { SandboxReply, SandboxRequest } from '../http/types.ts';
import { deletedSecretBundle, secretBundle } from './bundles.ts';
import { secretNotFound, vaultError } from './errors.ts';
import { RECOVERABLE_DAYS, RECOVERY_LEVEL, type KeyVaultState } from './model.ts';

const NAME = /^[0-9a-zA-Z-]{1,127}$/;

const SetSecretBody = z.strictObject({
  value: z.string(),
  contentType: z.string().optional(),
  attributes: z
    .strictObject({ enabled: z.boolean().optional(), exp: z.number().optional(), nbf: z.number().optional() })
    .optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

export interface SecretRoutes {
  setSecret(request: SandboxRequest, name: string): SandboxReply;
  getSecret(name: string, version: string | undefined): SandboxReply;
  deleteSecret(name: string): SandboxReply;
  getDeletedSecret(name: string): SandboxReply;
  purgeDeletedSecret(name: string): SandboxReply;
}

export function secretRoutes(
  ctx: SandboxContext,
  vault: () => KeyVaultState,
  vaultUrl: () => string,
): SecretRoutes {
  const seconds = () => Math.floor(ctx.now() / 1000);
  return {
    setSecret(request, name) {
      if (!NAME.test(name)) return badName(name);
      let body: unknown;
      try {
        body = JSON.parse(request.rawBody);
      } catch {
        return vaultError(400, 'BadParameter', 'The request body is not valid JSON.');
      }
      const parsed = SetSecretBody.safeParse(body);
      if (!parsed.success)
        return vaultError(400, 'BadParameter', `Invalid secret: ${parsed.error.issues[0]?.message ?? ''}`);
      const state = vault();
      const key = name.toLowerCase();
      if (state.deletedSecrets[key]) {
        return vaultError(
          409,
          'Conflict',
          `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can be recovered or purged.`,
          'ObjectIsDeletedButRecoverable',
        );
      }
      const now = seconds();
      const version = newObjectIdHex(ctx);
      const existing = state.secrets[key];
      const { value, contentType, tags, attributes } = parsed.data;
      const record = {
        name: existing?.name ?? name,
        displayName: existing?.name ?? name,
        version,
        versions: [...(existing?.versions ?? []), version],
        ...(contentType === undefined ? {} : { contentType }),
        ...(tags === undefined ? {} : { tags }),
        attributes: {
          enabled: attributes?.enabled ?? true,
          created: now,
          updated: now,
          ...(attributes?.exp === undefined ? {} : { exp: attributes.exp }),
          ...(attributes?.nbf === undefined ? {} : { nbf: attributes.nbf }),
          recoveryLevel: RECOVERY_LEVEL,
          recoverableDays: RECOVERABLE_DAYS,
        },
      };
      state.secrets[key] = record;
      state.values[version] = value;
      ctx.secrets.register(value);
      return {
        status: 200,
        mutated: true,
        body: secretBundle(vaultUrl(), record, value),
        loggedRequestBody: { ...parsed.data, value: '[REDACTED]' },
      };
    },

    getSecret(name, version) {
      const state = vault();
      const record = state.secrets[name.toLowerCase()];
      if (!record || (version !== undefined && !record.versions.includes(version)))
        return secretNotFound(name);
      const id = version ?? record.version;
      return { status: 200, body: secretBundle(vaultUrl(), { ...record, version: id }, state.values[id]) };
    },

    deleteSecret(name) {
      const state = vault();
      const key = name.toLowerCase();
      const record = state.secrets[key];
      if (!record) return secretNotFound(name);
      const now = seconds();
      const deleted = { ...record, deletedDate: now, scheduledPurgeDate: now + RECOVERABLE_DAYS * 86_400 };
      delete state.secrets[key];
      state.deletedSecrets[key] = deleted;
      return { status: 200, mutated: true, body: deletedSecretBundle(vaultUrl(), deleted) };
    },

    getDeletedSecret(name) {
      const record = vault().deletedSecrets[name.toLowerCase()];
      if (!record) return secretNotFound(name);
      return { status: 200, body: deletedSecretBundle(vaultUrl(), record) };
    },

    purgeDeletedSecret(name) {
      const state = vault();
      const key = name.toLowerCase();
      const record = state.deletedSecrets[key];
      if (!record) return secretNotFound(name);
      for (const version of record.versions) delete state.values[version];
      delete state.deletedSecrets[key];
      return { status: 204, mutated: true };
    },
  };
}

function badName(name: string): SandboxReply {
  return vaultError(
    400,
    'BadParameter',
    `The request URI contains an invalid name: ${name}. Secret names may contain only 0-9, a-z, A-Z and -.`,
  );
}
