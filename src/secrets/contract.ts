// Where secrets the tool creates go. Journal and outputs hold only a SecretRef, never a value.

export interface SecretRef {
  store: string; // 'file' | 'keyvault'
  name: string;
}

export interface SecretStore {
  readonly kind: string;
  put(name: string, value: string, meta: { expiresOn?: Date; description?: string }): Promise<SecretRef>;
  get(name: string): Promise<string | undefined>;
  delete(name: string): Promise<void>;
  /** A string the operator can read, e.g. "file:/home/u/.sop-integrate/secrets/x (0600)". */
  describe(name: string): string;
}

export function formatSecretRef(ref: SecretRef): string {
  return `${ref.store}:${ref.name}`;
}
