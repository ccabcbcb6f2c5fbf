// A secret store whose names carry a prefix, so several tenants can share one Key Vault: every
// tenant of a fleet creates `proofpoint-directory-sync`, and Key Vault has one flat namespace.
// Refs keep the name the runbook knows, so steps read back what they wrote; `describe` shows
// where the value really is.
import type { SecretRef, SecretStore } from './contract.ts';

export class PrefixedSecretStore implements SecretStore {
  readonly kind: string;

  constructor(
    private readonly inner: SecretStore,
    private readonly prefix: string,
  ) {
    this.kind = inner.kind;
  }

  async put(
    name: string,
    value: string,
    meta: { expiresOn?: Date; description?: string },
  ): Promise<SecretRef> {
    await this.inner.put(this.full(name), value, meta);
    return { store: this.kind, name };
  }

  get(name: string): Promise<string | undefined> {
    return this.inner.get(this.full(name));
  }

  delete(name: string): Promise<void> {
    return this.inner.delete(this.full(name));
  }

  describe(name: string): string {
    return this.inner.describe(this.full(name));
  }

  private full(name: string): string {
    return `${this.prefix}-${name}`;
  }
}

/** A tenant name as a Key Vault name part: letters, digits and dashes only. */
export function vaultNamePart(name: string): string {
  return name.replace(/[^0-9A-Za-z-]+/g, '-').replace(/^-+|-+$/g, '') || 'tenant';
}
