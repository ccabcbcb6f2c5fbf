// One lazily opened blob container for the shared journal and its leases. @azure/storage-blob is
// imported on first use only, so `--help` and file-journal runs never load it.
import type { TokenCredential } from '@azure/identity';
import type { ContainerClient } from '@azure/storage-blob';
import { InputError, ServiceError, type ServiceFailureKind } from '../../errors.ts';
import type { Redactor } from '../../redact.ts';
import {
  formatJournalLocation,
  JOURNAL_CONNECTION_STRING_ENV,
  type BlobJournalLocation,
} from './location.ts';

export interface BlobContainerOptions {
  location: BlobJournalLocation;
  /** The tool's credential; used when the location has no connection string. */
  credential?: TokenCredential;
  redactor: Redactor;
}

export class BlobContainer {
  private client: Promise<ContainerClient> | undefined;

  constructor(private readonly options: BlobContainerOptions) {}

  get url(): string {
    return formatJournalLocation(this.options.location);
  }

  /** The container client; the container is created on first use when missing. */
  open(): Promise<ContainerClient> {
    this.client ??= this.connect();
    this.client.catch(() => {
      this.client = undefined; // a failed first connection may succeed on the next call
    });
    return this.client;
  }

  private async connect(): Promise<ContainerClient> {
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const { location, credential } = this.options;
    let service;
    if (location.connectionString) {
      try {
        service = BlobServiceClient.fromConnectionString(location.connectionString);
      } catch {
        // Never repeat the string or the SDK's words about it: they hold the account key.
        throw new InputError(
          `${JOURNAL_CONNECTION_STRING_ENV} is not a valid storage connection string`,
          [],
          {
            hint: 'copy it from the storage account (Security + networking > Access keys > Connection string)',
          },
        );
      }
    } else {
      if (!credential) throw new ServiceError('journal', 'auth', `no credential to reach ${this.url}`);
      service = new BlobServiceClient(`https://${location.account}.blob.core.windows.net`, credential);
    }
    const container = service.getContainerClient(location.container);
    await this.call('open the container', () => container.createIfNotExists());
    return container;
  }

  /** Runs one storage call, turning its failure into a ServiceError with the secrets redacted. */
  async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.failure(operation, error);
    }
  }

  failure(operation: string, error: unknown): ServiceError {
    const status = statusOf(error);
    const vendorCode = codeOf(error);
    const message = this.options.redactor.text(
      error instanceof Error ? error.message.split('\n')[0]! : String(error),
    );
    return new ServiceError(
      'journal',
      kindOf(status, error),
      `journal store ${this.url}: could not ${operation}: ${message}`,
      { ...(status ? { status } : {}), ...(vendorCode ? { vendorCode } : {}), operation },
      {
        hint:
          status === 403 || status === 401
            ? 'the tool identity needs the Storage Blob Data Contributor role on the container (or set a valid connection string)'
            : `check that the storage account is reachable and the container name is right`,
      },
    );
  }
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function kindOf(status: number | undefined, error: unknown): ServiceFailureKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'unavailable';
  if (status !== undefined) return 'bad-request';
  return codeOf(error) === 'ETIMEDOUT' ? 'timeout' : 'network';
}
