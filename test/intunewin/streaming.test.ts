// Packaging streams: a 64 MiB installer must not raise the packer's RSS by anything like its
// size. (The 200 MB figure belongs to the benchmark in bench/; 64 MiB keeps this test fast.)
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIntunewinPackage, verifyEncryptedContent } from '../../src/intunewin/index.ts';

const MIB = 1024 * 1024;
const INSTALLER_MIB = 64;

describe('packIntunewin memory', () => {
  it(
    `packages a ${INSTALLER_MIB} MiB installer with RSS growth under 100 MB`,
    { timeout: 60_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'intunewin-stream-'));
      try {
        await mkdir(path.join(dir, 'source'));
        const probe = path.join(import.meta.dirname, 'fixtures', 'pack-memory-probe.ts');
        const output = execFileSync(
          process.execPath,
          [
            '--experimental-transform-types',
            '--no-warnings',
            '--expose-gc',
            probe,
            dir,
            String(INSTALLER_MIB),
          ],
          { encoding: 'utf8', maxBuffer: MIB },
        );
        const { baseline, peak, size } = JSON.parse(output) as {
          baseline: number;
          peak: number;
          size: number;
        };
        expect(size).toBeGreaterThan(INSTALLER_MIB * MIB); // the inner zip holds the whole installer
        expect(peak - baseline).toBeLessThan(100 * 1000 * 1000);

        const pkg = await openIntunewinPackage(path.join(dir, 'big.intunewin'));
        const verdict = await verifyEncryptedContent(pkg.payload, pkg.detection.encryptionInfo, { size });
        expect(verdict.ok).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
