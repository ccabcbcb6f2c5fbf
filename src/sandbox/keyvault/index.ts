// The sandbox's Azure Key Vault.
export { createKeyVaultService, keyVaultStateOf } from './keyvault-service.ts';
export { KEY_VAULT_RESOURCE, KEY_VAULT_VOLATILE_COLLECTIONS, type KeyVaultState } from './model.ts';
