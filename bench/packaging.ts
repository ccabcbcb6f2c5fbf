// Packaging: a 200 MB installer to .intunewin against `zip -r` + `openssl enc -aes-256-cbc` +
// `sha256sum` on the same input (the same three jobs: deflate, encrypt, digest). Peak RSS of the
// packer from /usr/bin/time -f %M when present, else from inside the child.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inChild } from './child-rss.ts';
import { median, runChild } from './measure.ts';

const onPath = (tool: string) =>
  ['/usr/bin', '/bin', '/usr/local/bin'].some((d) => existsSync(path.join(d, tool)));

async function writeInstaller(file: string, megabytes: number): Promise<void> {
  // Half random (incompressible), half repetitive: a fair mix for deflate.
  const handle = await open(file, 'w');
  const repetitive = Buffer.alloc(1024 * 1024, 'NinjaOne agent payload ');
  for (let i = 0; i < megabytes; i += 1)
    await handle.write(i % 2 === 0 ? randomBytes(1024 * 1024) : repetitive);
  await handle.close();
}

/** `zip -r` + `openssl enc -aes-256-cbc` + `sha256sum`, one after another, on the same folder. */
async function baselineMs(dir: string, source: string): Promise<number> {
  rmSync(path.join(dir, 'b.zip'), { force: true });
  const zip = await runChild('zip', ['-q', '-r', path.join(dir, 'b.zip'), source]);
  const enc = await runChild('openssl', [
    'enc',
    '-aes-256-cbc',
    '-pbkdf2',
    '-pass',
    'pass:bench',
    '-in',
    path.join(dir, 'b.zip'),
    '-out',
    path.join(dir, 'b.enc'),
  ]);
  const sum = await runChild('sha256sum', [path.join(dir, 'b.enc')]);
  return zip.wallMs + enc.wallMs + sum.wallMs;
}

export async function benchPackaging(megabytes = 200, runs = 3) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sop-bench-pack-'));
  try {
    const source = path.join(dir, 'source');
    mkdirSync(source);
    const installer = path.join(source, 'setup.exe');
    await writeInstaller(installer, megabytes);
    // Packer and baseline alternate, `runs` times each, so load on a shared box hits both alike.
    const packs: { wallMs: number; maxRssMb: number }[] = [];
    const baselines: number[] = [];
    const skipped: string[] = ['zip', 'openssl', 'sha256sum'].filter((tool) => !onPath(tool));
    for (let run = 0; run < runs; run += 1) {
      rmSync(path.join(dir, 'out'), { recursive: true, force: true });
      packs.push(
        await inChild<{ wallMs: number }>('./pack-child.js', [
          source,
          'setup.exe',
          path.join(dir, 'out', 'setup.intunewin'),
        ]),
      );
      if (skipped.length === 0) baselines.push(await baselineMs(dir, source));
    }
    const packMs = median(packs.map((p) => p.wallMs));
    const baseline = baselines.length > 0 ? median(baselines) : undefined;
    return {
      megabytes,
      runs,
      packMs,
      baselineMs: baseline,
      ratio: baseline === undefined ? undefined : packMs / baseline,
      maxRssMb: Math.max(...packs.map((p) => p.maxRssMb)),
      skipped,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
