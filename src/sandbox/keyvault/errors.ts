// Key Vault's error body: { error: { code, message, innererror? } }.
import type { SandboxReply } from '../http/types.ts';
import { KEY_VAULT_RESOURCE } from './model.ts';

export function vaultError(status: number, code: string, message: string, inner?: string): SandboxReply {
  return {
    status,
    body: { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } },
  };
}

/** 401 with the challenge real vaults send, naming the authority and the resource to ask for. */
export function challenge(tenantId: string, message: string): SandboxReply {
  return {
    ...vaultError(401, 'Unauthorized', message),
    headers: {
      'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="${KEY_VAULT_RESOURCE}"`,
    },
  };
}

export function secretNotFound(name: string): SandboxReply {
  return vaultError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  );
}
