// The sandbox NinjaOne API client and the install token, derived from the seed so a persisted
// sandbox accepts them in every process (like the automation app's secret).
import { createHash } from 'node:crypto';
import { seededUuid } from '../../../sandbox/ids.ts';

export function ninjaOneCredentials(seed: number): { clientId: string; clientSecret: string } {
  const secret = createHash('sha256').update(`${seed}:ninjaone-client-secret`).digest('base64url');
  return {
    clientId: `sbx-${seededUuid(seed, 'ninjaone-client')}`,
    clientSecret: `nj1_${secret.slice(0, 40)}`,
  };
}

/** The organization's agent install token (what the SOP calls INSTALLTOKEN / TOKENID). */
export function ninjaOneInstallToken(seed: number): string {
  return `NJT-${createHash('sha256').update(`${seed}:ninjaone-install-token`).digest('hex').slice(0, 32)}`;
}
