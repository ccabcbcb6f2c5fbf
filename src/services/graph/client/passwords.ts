// Client secrets. The secretText exists in exactly one response; it is registered with the
// redactor before the caller ever sees it.
import type { Redactor } from '../../../redact.ts';
import { parseVendorResponse } from '../../../core/http/index.ts';
import type { GraphHttp } from './http.ts';
import { AddedPassword } from './schema.ts';

export interface NewPassword {
  displayName: string;
  endDateTime: string;
}

export function passwordsApi(http: GraphHttp, redactor: Redactor) {
  const action = (objectId: string, name: string) => `/applications/${encodeURIComponent(objectId)}/${name}`;
  return {
    async addPassword(applicationObjectId: string, password: NewPassword): Promise<AddedPassword> {
      // Not idempotent: each call creates another secret, so the HTTP layer must not blindly retry it.
      const operation = 'applications.addPassword';
      const answer = await http.send({
        operation,
        method: 'POST',
        path: action(applicationObjectId, 'addPassword'),
        body: { passwordCredential: password },
      });
      // Register before validating, so even a malformed answer cannot leak the value into an error.
      const secretText = (answer.body as { secretText?: unknown } | undefined)?.secretText;
      if (typeof secretText === 'string') redactor.register(secretText);
      const added = parseVendorResponse(AddedPassword, answer.body, { service: 'graph', operation });
      return added;
    },

    removePassword: async (applicationObjectId: string, keyId: string): Promise<void> => {
      await http.send({
        operation: 'applications.removePassword',
        method: 'POST',
        path: action(applicationObjectId, 'removePassword'),
        body: { keyId },
        idempotent: true, // removing the same key twice leaves the same state
      });
    },
  };
}
