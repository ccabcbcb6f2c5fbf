// The emulated vault's state. Secret values live apart from the records, in a collection the diff
// treats as volatile, so a state diff (in a test's failure message) never shows a value.

export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';
export const KEY_VAULT_VOLATILE_COLLECTIONS = ['keyvault.values'];
/** Soft delete keeps a deleted secret this long before the vault purges it by itself. */
export const RECOVERABLE_DAYS = 90;
export const RECOVERY_LEVEL = 'Recoverable+Purgeable';

export interface SecretAttributesRecord {
  enabled: boolean;
  /** Unix seconds, as Key Vault sends them. */
  created: number;
  updated: number;
  exp?: number;
  nbf?: number;
  recoveryLevel: string;
  recoverableDays: number;
}

export interface KeyVaultSecretRecord {
  /** The name as first written (Key Vault names are case-insensitive; records are keyed lower-case). */
  name: string;
  displayName: string;
  /** The current version; older versions stay listed in `versions`. */
  version: string;
  versions: string[];
  contentType?: string;
  tags?: Record<string, string>;
  attributes: SecretAttributesRecord;
}

export interface DeletedSecretRecord extends KeyVaultSecretRecord {
  deletedDate: number;
  scheduledPurgeDate: number;
}

export interface KeyVaultState {
  secrets: Record<string, KeyVaultSecretRecord>;
  deletedSecrets: Record<string, DeletedSecretRecord>;
  /** Value per version id. */
  values: Record<string, string>;
}

export function emptyKeyVault(): KeyVaultState {
  return { secrets: {}, deletedSecrets: {}, values: {} };
}
