// The agent MSI the sandbox serves: built at run time from the agent version in state, with a
// product code that changes per version (as NinjaOne's does), cached per version.
import { createHash } from 'node:crypto';
import { seededUuid } from '../../../sandbox/ids.ts';
import { buildMsi } from './msi-writer.ts';

export interface AgentBuild {
  version: string;
  productCode: string;
  upgradeCode: string;
  bytes: Buffer;
}

const cache = new Map<string, AgentBuild>();

export function agentBuild(seed: number, version: string, payloadBytes: number): AgentBuild {
  const key = `${seed}:${version}:${payloadBytes}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const productCode = `{${seededUuid(seed, `ninjaone-agent:${version}`).toUpperCase()}}`;
  const upgradeCode = `{${seededUuid(seed, 'ninjaone-agent-upgrade').toUpperCase()}}`;
  // Deterministic filler so the file is realistically sized but identical for one version.
  const payload = Buffer.alloc(payloadBytes);
  for (let offset = 0, n = 0; offset < payloadBytes; n++) {
    const block = createHash('sha256').update(`${key}:${n}`).digest();
    offset += block.copy(payload, offset);
  }
  const bytes = buildMsi(
    {
      ProductCode: productCode,
      ProductVersion: version,
      ProductName: 'NinjaOneAgent',
      Manufacturer: 'NinjaRMM LLC',
      UpgradeCode: upgradeCode,
      ALLUSERS: '1',
    },
    `{${seededUuid(seed, `ninjaone-agent-package:${version}`).toUpperCase()}}`,
    payload,
  );
  const build = { version, productCode, upgradeCode, bytes };
  cache.set(key, build);
  return build;
}

/**
 * The name NinjaOne gives a location's Windows MSI: organization and location run together in
 * lower case, then the agent version (`<org><location>-<version>-windows-installer.msi`, as in
 * public deployment scripts that install a downloaded per-location MSI).
 */
export function perLocationMsiName(organization: string, location: string, version: string): string {
  const slug = `${organization}${location}`.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${slug}-${version}-windows-installer.msi`;
}
