// Our packager's output: verifies like a real package, round-trips the folder, and has the
// zip layout IntuneWinAppUtil writes (inner deflate with UTF-8 flag, outer stored).
import { mkdir, mkdtemp, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import {
  encryptedSizeFor,
  openIntunewinPackage,
  packIntunewin,
  unpackIntunewin,
  verifyEncryptedContent,
  type PackProgress,
} from '../../src/intunewin/index.ts';
import { ZipFileReader } from '../../src/intunewin/zip/zip-reader.ts';

async function setupFolder(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'intunewin-src-'));
  await mkdir(path.join(root, 'Scripts', 'Helpers'), { recursive: true });
  await mkdir(path.join(root, 'empty-logs'));
  await writeFile(
    path.join(root, 'Install-Fleet.ps1'),
    'Start-Process msiexec -ArgumentList "/i agent.msi /qn"\r\n',
  );
  await writeFile(
    path.join(root, 'Scripts', 'Helpers', 'Überprüfung.ps1'),
    'Write-Output "prüfen"\n'.repeat(500),
  );
  await writeFile(
    path.join(root, 'Scripts', 'config.json'),
    JSON.stringify({ tenant: 'fabrikam', region: 'eu' }),
  );
  await writeFile(
    path.join(root, 'blob.bin'),
    Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) & 0xff)),
  );
  await utimes(
    path.join(root, 'Install-Fleet.ps1'),
    new Date(2024, 4, 17, 9, 30, 12),
    new Date(2024, 4, 17, 9, 30, 12),
  );
  return root;
}

async function filesUnder(root: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(path.join(root, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const full = path.join(root, rel);
    if ((await stat(full)).isDirectory())
      Object.assign(out, await filesUnder(root, rel), { [`${rel}/`]: 'dir' });
    else out[rel] = (await readFile(full)).toString('base64');
  }
  return out;
}

describe('packIntunewin', () => {
  it('writes a package that verifies, unpacks to the same folder, and reports progress', async () => {
    const source = await setupFolder();
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'intunewin-out-')), 'nested', 'fleet.intunewin');
    const progress: PackProgress[] = [];
    const result = await packIntunewin({
      sourceFolder: source,
      setupFile: 'Install-Fleet.ps1',
      outputFile: out,
      toolVersion: '1.8.7.0',
      onProgress: (p) => progress.push(p),
    });
    expect(result.detection).toMatchObject({
      toolVersion: '1.8.7.0',
      name: 'Install-Fleet.ps1',
      setupFile: 'Install-Fleet.ps1',
      fileName: 'IntunePackage.intunewin',
    });
    expect(result.sizeEncrypted).toBe(encryptedSizeFor(result.size));
    const sourceBytes = Object.values(await filesUnder(source))
      .filter((content) => content !== 'dir')
      .reduce((sum, content) => sum + Buffer.from(content, 'base64').length, 0);
    expect(progress.filter((p) => p.phase === 'zip').at(-1)).toEqual({
      phase: 'zip',
      done: sourceBytes,
      total: sourceBytes,
    });
    for (const phase of ['zip', 'encrypt', 'package'] as const) {
      const last = progress.filter((p) => p.phase === phase).at(-1);
      expect(last && last.done === last.total, phase).toBe(true);
    }

    const pkg = await openIntunewinPackage(out);
    expect(pkg.detection).toEqual(result.detection);
    expect(pkg.payload.length).toBe(result.sizeEncrypted);
    expect(
      await verifyEncryptedContent(pkg.payload, pkg.detection.encryptionInfo, { size: result.size }),
    ).toEqual({
      ok: true,
      size: result.size,
      sizeEncrypted: result.sizeEncrypted,
    });

    const target = path.join(path.dirname(out), 'unpacked');
    const unpacked = await unpackIntunewin({ packageFile: out, outputDir: target });
    expect(unpacked.files.sort()).toEqual([
      'Install-Fleet.ps1',
      'Scripts/Helpers/Überprüfung.ps1',
      'Scripts/config.json',
      'blob.bin',
    ]);
    expect(await filesUnder(target)).toEqual(await filesUnder(source));
    expect((await readdir(path.dirname(out))).sort()).toEqual(['fleet.intunewin', 'unpacked']); // temp files gone
  });

  it('writes the outer zip stored and the inner zip deflated with UTF-8 names and no data descriptors', async () => {
    const source = await setupFolder();
    const dir = await mkdtemp(path.join(tmpdir(), 'intunewin-layout-'));
    const out = path.join(dir, 'layout.intunewin');
    await packIntunewin({
      sourceFolder: source,
      setupFile: path.join(source, 'Install-Fleet.ps1'),
      outputFile: out,
    });
    const outer = await readFile(out);
    expect(outer.readUInt32LE(0)).toBe(0x04034b50);
    const outerZip = await ZipFileReader.open(out);
    expect(outerZip.entries.map((e) => [e.name, e.method])).toEqual([
      ['IntuneWinPackage/Contents/IntunePackage.intunewin', 0],
      ['IntuneWinPackage/Metadata/Detection.xml', 0],
    ]);
    await outerZip.close();

    const pkg = await openIntunewinPackage(out);
    const chunks: Buffer[] = [];
    await verifyEncryptedContent(pkg.payload, pkg.detection.encryptionInfo, {
      onPlaintext: (c) => void chunks.push(c),
    });
    const innerPath = path.join(dir, 'inner.zip');
    const inner = Buffer.concat(chunks);
    await writeFile(innerPath, inner);
    const innerZip = await ZipFileReader.open(innerPath);
    // the setup script's local header: version 20, flags 0x0800, deflate, its own DOS timestamp
    const at = innerZip.find('Install-Fleet.ps1')?.localHeaderOffset ?? -1;
    expect(inner.readUInt32LE(at)).toBe(0x04034b50);
    expect(inner.readUInt16LE(at + 4)).toBe(20);
    expect(inner.readUInt16LE(at + 6)).toBe(0x0800);
    expect(inner.readUInt16LE(at + 8)).toBe(8);
    expect(inner.readUInt16LE(at + 10)).toBe((9 << 11) | (30 << 5) | 6);
    expect(inner.readUInt16LE(at + 12)).toBe(((2024 - 1980) << 9) | (5 << 5) | 17);
    expect(inner.readUInt16LE(at + 28)).toBe(0); // no extra field
    expect(innerZip.entries.map((e) => e.name)).toEqual([
      'blob.bin',
      'Install-Fleet.ps1',
      'Scripts/config.json',
      'Scripts/Helpers/Überprüfung.ps1',
      'empty-logs/',
    ]);
    expect(innerZip.entries.every((e) => e.method === (e.isDirectory ? 0 : 8))).toBe(true);
    await innerZip.close();
  });

  it('refuses a setup file outside the folder, a missing setup file and a missing folder', async () => {
    const source = await setupFolder();
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'intunewin-elsewhere-'));
    await writeFile(path.join(elsewhere, 'setup.exe'), 'MZ');
    const out = path.join(elsewhere, 'x.intunewin');
    await expect(
      packIntunewin({ sourceFolder: source, setupFile: path.join(elsewhere, 'setup.exe'), outputFile: out }),
    ).rejects.toThrow(/outside the source folder/);
    await expect(
      packIntunewin({ sourceFolder: source, setupFile: '../setup.exe', outputFile: out }),
    ).rejects.toBeInstanceOf(InputError);
    await expect(
      packIntunewin({ sourceFolder: source, setupFile: 'nope.msi', outputFile: out }),
    ).rejects.toThrow(/does not exist/);
    await expect(
      packIntunewin({ sourceFolder: path.join(source, 'missing'), setupFile: 'a', outputFile: out }),
    ).rejects.toThrow(/source folder .* does not exist/);
    expect(await readdir(elsewhere)).toEqual(['setup.exe']);
  });
});

describe('unpackIntunewin', () => {
  it('refuses a package with one changed byte in the payload, and extracts nothing', async () => {
    const source = await setupFolder();
    const dir = await mkdtemp(path.join(tmpdir(), 'intunewin-tamper-'));
    const out = path.join(dir, 'fleet.intunewin');
    await packIntunewin({ sourceFolder: source, setupFile: 'Install-Fleet.ps1', outputFile: out });
    const pkg = await openIntunewinPackage(out);
    const bytes = await readFile(out);
    const offset = pkg.payload.start + 48 + 100;
    bytes[offset] = (bytes[offset] ?? 0) ^ 0x80;
    await writeFile(out, bytes);
    const target = path.join(dir, 'unpacked');
    await expect(unpackIntunewin({ packageFile: out, outputDir: target })).rejects.toThrow(
      /failed verification: the HMAC/,
    );
    await expect(readdir(target)).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['fleet.intunewin']);
  });

  it('refuses a file that is not a package and a non-empty output folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'intunewin-bad-'));
    await writeFile(path.join(dir, 'plain.txt'), 'not a zip');
    await expect(
      unpackIntunewin({ packageFile: path.join(dir, 'plain.txt'), outputDir: path.join(dir, 'o') }),
    ).rejects.toThrow(/not a readable zip/);
    await expect(
      unpackIntunewin({ packageFile: path.join(dir, 'plain.txt'), outputDir: dir }),
    ).rejects.toThrow(/not empty/);
  });
});
