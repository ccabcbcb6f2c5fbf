// Packaging: a 200 MB installer to .intunewin against `zip -r` + `openssl enc -aes-256-cbc` +
// `sha256sum` on the same input (the same three jobs: deflate, encrypt, digest). Peak RSS of the
// packer from /usr/bin/time -f %M when present, else from inside the child.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inChild } from './child-rss.ts';
import { runChild } from './measure.ts';

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

export async function benchPackaging(megabytes = 200) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sop-bench-pack-'));
  try {
    const source = path.join(dir, 'source');
    mkdirSync(source);
    const installer = path.join(source, 'setup.exe');
    await writeInstaller(installer, megabytes);
    const packed = await inChild<{ wallMs: number }>('./pack-child.ts', [
      source,
      'setup.exe',
      path.join(dir, 'out', 'setup.intunewin'),
    ]);
    let baselineMs: number | undefined;
    const skipped: string[] = ['zip', 'openssl', 'sha256sum'].filter((tool) => !onPath(tool));
    if (skipped.length === 0) {
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
      baselineMs = zip.wallMs + enc.wallMs + sum.wallMs;
    }
    return {
      megabytes,
      packMs: packed.wallMs,
      baselineMs,
      ratio: baselineMs === undefined ? undefined : packed.wallMs / baselineMs,
      maxRssMb: packed.maxRssMb,
      skipped,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
