// The Proofpoint adapter: Essentials API (domains, users) when the customer has Essentials, TAP
// SIEM for verification, and — in the sandbox only — the emulated portal pages.
import type { Redactor } from '../../../redact.ts';
import type { HttpPolicy } from '../../../core/http/index.ts';
import { createEssentialsApi, type EssentialsApi } from './essentials.ts';
import { createSandboxPortal, type SandboxPortal } from './sandbox-portal.ts';
import { createSandboxMail, type SandboxMail } from './sandbox-mail.ts';
import { createTapApi, type TapApi } from './tap.ts';

export type { EssentialsApi } from './essentials.ts';
export type { TapApi } from './tap.ts';
export type { PortalEntry, PortalPage, SandboxPortal } from './sandbox-portal.ts';
export type { SandboxMail, SandboxMailDelivery } from './sandbox-mail.ts';
export type { EssentialsDomain, EssentialsUser, TapMessage } from './schema.ts';

export type ProofpointProduct = 'essentials' | 'pod';

export interface ProofpointClient {
  product: ProofpointProduct;
  /** Undefined for PoD customers: their domain onboarding is a portal step. */
  essentials: EssentialsApi | undefined;
  tap: TapApi | undefined;
  sandboxPortal: SandboxPortal | undefined;
  /** The sandbox's mail simulation (sandbox only), for the phase-3 test messages. */
  sandboxMail?: SandboxMail | undefined;
}

export interface ProofpointClientOptions {
  product: ProofpointProduct;
  essentials?: { baseUrl: string; orgDomain: string; user: string; password: string };
  tap?: { baseUrl: string; principal: string; secret: string };
  sandboxPortalUrl?: string;
  sandboxMailUrl?: string;
  policy: HttpPolicy;
  redactor: Redactor;
}

export const TAP_API = 'https://tap-api-v2.proofpoint.com';

export function createProofpointClient(options: ProofpointClientOptions): ProofpointClient {
  const { policy, redactor } = options;
  return {
    product: options.product,
    essentials:
      options.product === 'essentials' && options.essentials
        ? createEssentialsApi({ ...options.essentials, policy, redactor })
        : undefined,
    tap: options.tap ? createTapApi({ ...options.tap, policy, redactor }) : undefined,
    sandboxPortal: options.sandboxPortalUrl
      ? createSandboxPortal(options.sandboxPortalUrl, policy, redactor)
      : undefined,
    sandboxMail: options.sandboxMailUrl
      ? createSandboxMail(options.sandboxMailUrl, policy, redactor)
      : undefined,
  };
}
