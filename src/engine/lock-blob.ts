// The tenant + integration lock of the shared journal: a 60 s lease on a lock blob in the
// journal's container, renewed while the run lasts. The holder is written to the blob's metadata
// so a refused run can name it, with its process start time so a reused PID is not taken for it
// (see lock.ts). A crashed holder's lease runs out by itself after 60 s; `unlock` breaks it at
// once (and, as with the file lock, refuses while the holder still runs, or may run, on this
// host, unless `--force`).
import { randomUUID } from 'node:crypto';
import type { BlockBlobClient } from '@azure/storage-blob';
import { codeOf, statusOf, type BlobContainer } from '../journal/azure-blob/container.ts';
import {
  assessHolder,
  lockedRefusal,
  parseHolder,
  refuseBreakingLiveHolder,
  unreadableLock,
  withPidStart,
  type BreakOptions,
  type HeldLock,
  type LockHolder,
  type LockInfo,
} from './lock.ts';
import type { LockStore } from './lock-store.ts';

export const LEASE_SECONDS = 60;

export interface BlobLeaseLockOptions {
  /** Lease length in seconds (15-60, as the service allows). */
  leaseSeconds?: number;
  /** How often the lease is renewed; a third of the lease by default. */
  renewEveryMs?: number;
  /** Told when a renewal fails (the lease was broken or the service is unreachable). */
  onLost?: (error: unknown) => void;
}

function safe(part: string): string {
  return part.replace(/[^\w.-]/g, '_');
}

export function lockBlobNameOf(tenantId: string, integration: string): string {
  return `locks/${safe(tenantId)}--${safe(integration)}.lock`;
}

export class BlobLeaseLockStore implements LockStore {
  private readonly leaseSeconds: number;

  constructor(
    private readonly container: BlobContainer,
    private readonly options: BlobLeaseLockOptions = {},
  ) {
    this.leaseSeconds = options.leaseSeconds ?? LEASE_SECONDS;
  }

  get location(): string {
    return this.container.url;
  }

  async acquire(tenantId: string, integration: string, holder: LockHolder): Promise<HeldLock> {
    const blob = await this.blobOf(tenantId, integration);
    await this.ensureLockBlob(blob);
    const lease = blob.getBlobLeaseClient(randomUUID());
    try {
      await lease.acquireLease(this.leaseSeconds);
    } catch (error) {
      if (statusOf(error) === 409)
        throw lockedRefusal(tenantId, integration, await this.read(tenantId, integration));
      throw this.container.failure(`lock ${tenantId} / ${integration}`, error);
    }
    const conditions = { leaseId: lease.leaseId };
    await this.container.call(`record the holder of ${tenantId} / ${integration}`, () =>
      blob.setMetadata(metadataOf(withPidStart(holder)), { conditions }),
    );
    const renewEveryMs = this.options.renewEveryMs ?? (this.leaseSeconds * 1000) / 3;
    const timer = setInterval(() => {
      lease.renewLease().catch((error: unknown) => this.options.onLost?.(error));
    }, renewEveryMs);
    timer.unref(); // the lease must never keep a finished process alive
    return {
      file: `${this.location}/${blob.name}`,
      release: async () => {
        clearInterval(timer);
        // Broken and perhaps taken by another run meanwhile: then it is not ours to release.
        await lease.releaseLease().catch((error: unknown) => {
          if (statusOf(error) !== 409)
            throw this.container.failure(`unlock ${tenantId} / ${integration}`, error);
        });
      },
    };
  }

  async read(tenantId: string, integration: string): Promise<LockInfo | undefined> {
    const blob = await this.blobOf(tenantId, integration);
    let properties;
    try {
      properties = await blob.getProperties();
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.container.failure(`read the lock of ${tenantId} / ${integration}`, error);
    }
    if (properties.leaseState !== 'leased') return undefined;
    return holderOf(properties.metadata ?? {});
  }

  async break(
    tenantId: string,
    integration: string,
    options: BreakOptions = {},
  ): Promise<LockInfo | undefined> {
    const info = await this.read(tenantId, integration);
    if (!info) return undefined;
    refuseBreakingLiveHolder(info, tenantId, integration, options);
    const blob = await this.blobOf(tenantId, integration);
    await blob
      .getBlobLeaseClient()
      .breakLease(0)
      .catch((error: unknown) => {
        // Released or expired since we looked: nothing left to break.
        if (codeOf(error) !== 'LeaseNotPresentWithLeaseOperation')
          throw this.container.failure(`break the lock of ${tenantId} / ${integration}`, error);
      });
    return info;
  }

  private async blobOf(tenantId: string, integration: string): Promise<BlockBlobClient> {
    return (await this.container.open()).getBlockBlobClient(lockBlobNameOf(tenantId, integration));
  }

  private async ensureLockBlob(blob: BlockBlobClient): Promise<void> {
    try {
      await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      // 409: it exists already (perhaps leased right now); the lease decides who holds it.
      const status = statusOf(error);
      if (status !== 409 && status !== 412)
        throw this.container.failure(`create the lock blob ${blob.name}`, error);
    }
  }
}

// Metadata names must be C# identifiers and values plain header text.
function metadataOf(holder: LockHolder): Record<string, string> {
  return {
    runid: holder.runId,
    pid: String(holder.pid),
    host: encodeURIComponent(holder.host),
    startedat: holder.startedAt,
    ...(holder.pidStart === undefined ? {} : { pidstart: holder.pidStart }),
  };
}

function holderOf(metadata: Record<string, string>): LockInfo {
  let host: string | undefined;
  try {
    host = metadata.host === undefined ? undefined : decodeURIComponent(metadata.host);
  } catch {
    host = undefined; // not written by this tool
  }
  const holder = parseHolder({
    runId: metadata.runid,
    pid: Number(metadata.pid),
    host,
    startedAt: metadata.startedat,
    pidStart: metadata.pidstart,
  });
  // Leased, but without a holder this tool can read: the lease decides, so it is not stale.
  if (!holder) return { ...unreadableLock('names no run, pid and host'), stale: false, state: 'remote' };
  return assessHolder(holder);
}
