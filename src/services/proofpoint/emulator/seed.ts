// The sandbox's Proofpoint customer: an Essentials organisation addressed by contoso.example with
// two licensed users and no domains yet (phase 2 adds them), and an untouched admin portal.
import { createHash } from 'node:crypto';
import type { ProofpointState } from './model.ts';

export const SANDBOX_ESSENTIALS_ORG = 'contoso.example';
export const SANDBOX_ESSENTIALS_USER = 'pp-admin@contoso.example';

export function sandboxProofpointSecrets(seed: number): { essentialsPassword: string; tapSecret: string } {
  const derive = (label: string) =>
    createHash('sha256').update(`${label}:${seed}`).digest('base64url').slice(0, 32);
  return { essentialsPassword: `ppe_${derive('essentials')}`, tapSecret: `tap_${derive('tap')}` };
}

/** The TAP service principal (Basic user name) of the sandbox. */
export function sandboxTapPrincipal(seed: number): string {
  return createHash('sha256')
    .update(`tap-principal:${seed}`)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
}

export function seedProofpoint(): ProofpointState {
  const org = SANDBOX_ESSENTIALS_ORG;
  const user = (email: string, firstname: string, surname: string) => ({
    id: `${org}/${email}`,
    org,
    primary_email: email,
    firstname,
    surname,
    type: 'end_user',
    is_active: true,
    alias_emails: [],
  });
  return {
    essentialsDomains: {},
    essentialsUsers: {
      [`${org}/adele.vance@contoso.example`]: user('adele.vance@contoso.example', 'Adele', 'Vance'),
      [`${org}/${SANDBOX_ESSENTIALS_USER}`]: {
        ...user(SANDBOX_ESSENTIALS_USER, 'Proofpoint', 'Admin'),
        type: 'organization_admin',
      },
    },
    portal: {},
    messages: {},
  };
}
