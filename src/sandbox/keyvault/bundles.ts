// The wire shapes Key Vault answers with: SecretBundle and DeletedSecretBundle.
import type { DeletedSecretRecord, KeyVaultSecretRecord } from './model.ts';

export function secretBundle(
  vaultUrl: string,
  record: KeyVaultSecretRecord,
  value: string | undefined,
): unknown {
  return {
    ...(value === undefined ? {} : { value }),
    ...(record.contentType === undefined ? {} : { contentType: record.contentType }),
    id: `${vaultUrl}/secrets/${record.name}/${record.version}`,
    attributes: record.attributes,
    ...(record.tags === undefined ? {} : { tags: record.tags }),
  };
}

export function deletedSecretBundle(vaultUrl: string, record: DeletedSecretRecord): unknown {
  return {
    ...(secretBundle(vaultUrl, record, undefined) as object),
    recoveryId: `${vaultUrl}/deletedsecrets/${record.name}`,
    deletedDate: record.deletedDate,
    scheduledPurgeDate: record.scheduledPurgeDate,
  };
}
