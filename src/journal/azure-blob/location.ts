// Parses where a shared journal lives: `azblob://<account>/<container>`. Credentials never come
// from the flag (a flag value shows in process lists and CI logs): the tool's own TokenCredential
// is used, or a connection string from SOP_INTEGRATE_JOURNAL_CONNECTION_STRING.
import type { BlobJournalConfig } from '../../config/types.ts';
import { InputError } from '../../errors.ts';

export const JOURNAL_CONNECTION_STRING_ENV = 'SOP_INTEGRATE_JOURNAL_CONNECTION_STRING';

export type BlobJournalLocation = BlobJournalConfig;

// Storage account names: 3-24 lower-case letters and digits; container names: 3-63, lower-case
// letters, digits and single dashes, starting and ending with a letter or digit.
const ACCOUNT = /^[a-z0-9]{3,24}$/;
const CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const LOCATION = /^azblob:\/\/([^/]+)\/([^/]+)\/?$/;

export function looksLikeConnectionString(value: string): boolean {
  return /(^|;)\s*(AccountKey|SharedAccessSignature|BlobEndpoint|DefaultEndpointsProtocol|UseDevelopmentStorage)\s*=/i.test(
    value,
  );
}

/** The `key=value;...` fields of a storage connection string. */
export function connectionStringFields(connectionString: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim();
  }
  return fields;
}

/** Every secret part of a connection string, for the redactor. */
export function connectionStringSecrets(connectionString: string): string[] {
  const fields = connectionStringFields(connectionString);
  const sas = fields.sharedaccesssignature;
  const sig = sas ? new URLSearchParams(sas).get('sig') : null;
  return [connectionString, fields.accountkey, sas, sig ?? undefined].filter(
    (value): value is string => value !== undefined && value !== '',
  );
}

export function parseJournalLocation(
  value: string,
  connectionString: string | undefined,
  source = '--journal',
): BlobJournalLocation {
  if (looksLikeConnectionString(value)) {
    // Say what is wrong without repeating the value: it holds a key.
    throw new InputError(`${source} was given a storage connection string`, [], {
      hint: `a connection string holds the account key, so it is read only from ${JOURNAL_CONNECTION_STRING_ENV}; pass --journal azblob://<account>/<container>`,
    });
  }
  const match = LOCATION.exec(value.trim());
  if (!match) {
    throw new InputError(`${source} "${value}" is not a journal location`, [], {
      hint: 'use azblob://<storage-account>/<container>, e.g. azblob://contosoops/sop-journal',
    });
  }
  const [, account = '', container = ''] = match;
  if (!ACCOUNT.test(account))
    throw new InputError(
      `${source}: "${account}" is not a storage account name (3-24 lower-case letters and digits)`,
    );
  if (!CONTAINER.test(container))
    throw new InputError(
      `${source}: "${container}" is not a container name (3-63 lower-case letters, digits and single dashes)`,
    );
  if (connectionString !== undefined) {
    const named = connectionStringFields(connectionString).accountname;
    if (named !== undefined && named !== account) {
      throw new InputError(
        `${JOURNAL_CONNECTION_STRING_ENV} is for storage account "${named}", but ${source} names "${account}"`,
        [],
        { hint: 'point --journal at the account of the connection string, or unset the variable' },
      );
    }
  }
  return { kind: 'azblob', account, container, ...(connectionString ? { connectionString } : {}) };
}

export function formatJournalLocation(location: BlobJournalLocation): string {
  return `azblob://${location.account}/${location.container}`;
}
