// The sandbox's mail simulation, for the phase-3 test-message step in --sandbox mode: the sandbox
// has no person to send the test message, so the step sends it here. Created only when the config
// names a sandbox mail URL (the CLI sets it with --sandbox); a real tenant has no such thing.
import { z } from 'zod';
import type { Redactor } from '../../../redact.ts';
import {
  parseJsonOrUndefined,
  parseVendorResponse,
  sendWithPolicy,
  type HttpPolicy,
} from '../../../core/http/index.ts';

export const SandboxMailDelivery = z.object({
  messageId: z.string(),
  direction: z.string(),
  route: z.string(),
  status: z.string(),
  hops: z.array(z.string()),
  connector: z.string().nullable(),
  traceId: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  trapPull: z.object({ result: z.string(), pulledAt: z.string(), reason: z.string().nullable() }).nullable(),
});
export type SandboxMailDelivery = z.infer<typeof SandboxMailDelivery>;

export interface SandboxMail {
  send(message: { from: string; to: string; subject: string; threat: boolean }): Promise<SandboxMailDelivery>;
}

export function createSandboxMail(url: string, policy: HttpPolicy, redactor: Redactor): SandboxMail {
  return {
    async send(message) {
      const operation = 'sandbox.mail.send';
      const response = await sendWithPolicy(
        {
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
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
      return parseVendorResponse(SandboxMailDelivery, parseJsonOrUndefined(await response.text()), {
        service: 'proofpoint',
        operation,
      });
    },
  };
}
