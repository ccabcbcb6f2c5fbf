// Picks where journals and locks live from the config: files under the state dir (default), or
// the shared journal on Azure Blob Storage with its lease locks (`--journal azblob://...`).
import { join } from 'node:path';
import type { ToolConfig } from '../config/types.ts';
import { FileJournalStore, type JournalStore } from '../journal/index.ts';
import type { Redactor } from '../redact.ts';
import { FileLockStore, type LockStore } from './lock-store.ts';

export interface Stores {
  journal: JournalStore;
  locks: LockStore;
}

export type StoresConfig = Pick<ToolConfig, 'stateDir'> &
  Partial<Pick<ToolConfig, 'journal' | 'credential' | 'endpoints'>>;

// One set per config object: a run, its rollback and `show` in one process share one container
// client and one token cache.
const cache = new WeakMap<object, Stores>();

export async function storesFor(config: StoresConfig, redactor: Redactor): Promise<Stores> {
  const cached = cache.get(config);
  if (cached) return cached;
  const stores = config.journal ? await blobStores(config, redactor) : fileStores(config, redactor);
  cache.set(config, stores);
  return stores;
}

function fileStores(config: StoresConfig, redactor: Redactor): Stores {
  return {
    journal: new FileJournalStore(join(config.stateDir, 'runs'), redactor),
    locks: new FileLockStore(config.stateDir),
  };
}

async function blobStores(config: StoresConfig, redactor: Redactor): Promise<Stores> {
  const location = config.journal!;
  // Lazy: only a shared-journal run loads the blob client and the credential code.
  const [{ BlobContainer }, { AzureBlobJournalStore }, { BlobLeaseLockStore }] = await Promise.all([
    import('../journal/azure-blob/container.ts'),
    import('../journal/azure-blob-store.ts'),
    import('./lock-blob.ts'),
  ]);
  let credential;
  if (!location.connectionString && config.credential && config.endpoints) {
    const { createCredential } = await import('../core/credentials/index.ts');
    credential = createCredential(config.credential, config.endpoints, { redactor });
  }
  const container = new BlobContainer({ location, redactor, ...(credential ? { credential } : {}) });
  return {
    journal: new AzureBlobJournalStore(container, redactor),
    locks: new BlobLeaseLockStore(container),
  };
}
