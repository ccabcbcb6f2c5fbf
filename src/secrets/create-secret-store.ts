// Picks the secret store from the config: 0600 files (default) or Azure Key Vault.
import type { ToolConfig } from '../config/types.ts';
import { InputError } from '../errors.ts';
import { globalRedactor, type Redactor } from '../redact.ts';
import { createCredential } from '../core/credentials/index.ts';
import type { SecretStore } from './contract.ts';
import { FileSecretStore } from './file-store.ts';
import { KeyVaultSecretStore } from './key-vault-store.ts';
import { PrefixedSecretStore } from './prefixed-store.ts';

export interface SecretStoreDeps {
  redactor?: Redactor;
}

export function createSecretStore(
  config: Pick<ToolConfig, 'secretStore'> & Partial<Pick<ToolConfig, 'credential' | 'endpoints'>>,
  deps: SecretStoreDeps = {},
): SecretStore {
  switch (config.secretStore.kind) {
    case 'file':
      return new FileSecretStore(config.secretStore.dir);
    case 'keyvault': {
      const { vaultUrl } = config.secretStore;
      if (!vaultUrl || !config.credential || !config.endpoints) {
        throw new InputError('secretStore keyvault needs vaultUrl and a credential', [], {
          hint: 'set secretStore: { kind: keyvault, vaultUrl: https://<name>.vault.azure.net } in the config file',
        });
      }
      const redactor = deps.redactor ?? globalRedactor;
      const credential = createCredential(config.credential, config.endpoints, { redactor });
      const vault = new KeyVaultSecretStore({ vaultUrl, credential, redactor });
      const { namePrefix } = config.secretStore;
      return namePrefix ? new PrefixedSecretStore(vault, namePrefix) : vault;
    }
  }
}
