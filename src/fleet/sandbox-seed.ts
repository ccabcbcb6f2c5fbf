// Each fleet tenant gets its own sandbox tenant in --sandbox mode, seeded from its name so the
// same name always gives the same ids, and different names give different tenants.
import { createHash } from 'node:crypto';

export function sandboxSeedFor(tenantName: string): number {
  // 31 bits: seeds feed 32-bit generators and must stay positive.
  return createHash('sha256').update(`fleet:${tenantName}`).digest().readUInt32BE(0) >>> 1;
}
