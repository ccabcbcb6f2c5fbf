// Picks the secret store from the config. Key Vault will join here as another kind.
import type { ToolConfig } from '../config/types.ts';
import type { SecretStore } from './contract.ts';
import { FileSecretStore } from './file-store.ts';

export function createSecretStore(config: Pick<ToolConfig, 'secretStore'>): SecretStore {
  switch (config.secretStore.kind) {
    case 'file':
      return new FileSecretStore(config.secretStore.dir);
  }
}
