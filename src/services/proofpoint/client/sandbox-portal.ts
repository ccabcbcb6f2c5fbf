// The sandbox's stand-in for PoD admin-portal pages that have no API. Created only when the
// config names a sandbox portal URL (the CLI sets it in --sandbox mode); against a real
// tenant it does not exist, so nothing outside the sandbox can pretend a portal page was set.
import type { Redactor } from '../../../redact.ts';
import { parseJsonOrUndefined, sendWithPolicy, type HttpPolicy } from '../../../core/http/index.ts';

export type PortalPage = 'directory-sync' | 'trap';

export interface PortalEntry {
  appId: string;
  tenantId: string;
  clientSecret: string;
  settings: Record<string, string>;
}

export interface SandboxPortal {
  save(page: PortalPage, entry: PortalEntry): Promise<void>;
  clear(page: PortalPage): Promise<void>;
}

export function createSandboxPortal(baseUrl: string, policy: HttpPolicy, redactor: Redactor): SandboxPortal {
  const send = (operation: string, method: string, page: PortalPage, body?: unknown) =>
    sendWithPolicy(
      {
        method,
        url: `${baseUrl.replace(/\/+$/, '')}/${page}`,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      {
        service: 'proofpoint',
        operation,
        policy,
        redactor,
        readVendorError: (text) => {
          const parsed = parseJsonOrUndefined(text) as { error?: string } | undefined;
          return parsed?.error ? { message: parsed.error } : {};
        },
      },
    );
  return {
    async save(page, entry) {
      redactor.register(entry.clientSecret);
      await send('portal.save', 'PUT', page, entry);
    },
    async clear(page) {
      try {
        await send('portal.clear', 'DELETE', page);
      } catch (error) {
        // Already cleared (404) is the state we want.
        if ((error as { kind?: string }).kind !== 'not-found') throw error;
      }
    },
  };
}
