// The MSI reader against MSIs built by wixl, with msiinfo as the oracle.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIntunewinPackage, packIntunewin, readMsiInfo } from '../../src/intunewin/index.ts';
import { buildMsi, hasMsiinfo, hasWixl, msiinfoView } from './fixtures/build-msi.ts';

const agent = {
  productCode: '{5C3E8A71-92D4-4B6F-A1E0-7D2C9B8F4E63}',
  upgradeCode: '{E0D4C3B2-A190-4F8E-9D7C-6B5A49382716}',
  version: '5.9.9241.0',
  manufacturer: 'Contoso Remote Management',
  name: 'Contoso Fleet Agent',
};

describe('readMsiInfo', () => {
  it('refuses a file that is not a compound file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'msi-bad-'));
    await writeFile(path.join(dir, 'fake.msi'), Buffer.alloc(2048, 0x41));
    await expect(readMsiInfo(path.join(dir, 'fake.msi'))).rejects.toThrow(/not a readable MSI/);
  });
});

describe.skipIf(!hasWixl)('readMsiInfo on MSIs built by wixl', () => {
  if (!hasWixl) console.warn('skipped: wixl is not installed (apt-get install wixl msitools)');

  it('reads ProductCode, ProductVersion, Manufacturer, UpgradeCode, ProductName and PackageCode', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'msi-'));
    const msiPath = await buildMsi(dir, 'FleetAgent.msi', { ...agent, service: true });
    const info = await readMsiInfo(msiPath);
    expect(info).toMatchObject({
      productCode: agent.productCode,
      productVersion: agent.version,
      manufacturer: agent.manufacturer,
      upgradeCode: agent.upgradeCode,
      productName: agent.name,
    });
    expect(info.packageCode).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(info.properties['TOKEN_HINT']).toBe('Zürich – €');
    expect(info.detection).toMatchObject({
      executionContext: 'System',
      isMachineInstall: true,
      isUserInstall: false,
      includesServices: true,
      containsSystemFolders: true,
    });
    if (hasMsiinfo) {
      const oracle = msiinfoView(msiPath);
      expect(info.properties).toEqual(oracle.properties);
      expect(info.packageCode).toBe(oracle.packageCode);
    } else {
      console.warn('msiinfo is not installed: oracle comparison skipped');
    }
  });

  it('tells a service-less MSI apart and packs an MSI setup with MsiInfo in Detection.xml', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'msi-pack-'));
    const source = path.join(dir, 'source');
    await import('node:fs/promises').then((fs) => fs.mkdir(source));
    await buildMsi(source, 'FleetAgent.msi', { ...agent, version: '6.0.1.7' });
    const result = await packIntunewin({
      sourceFolder: source,
      setupFile: 'FleetAgent.msi',
      outputFile: path.join(dir, 'a.intunewin'),
    });
    const { detection } = await openIntunewinPackage(path.join(dir, 'a.intunewin'));
    expect(detection.msiInfo).toEqual(result.msi?.detection);
    expect(detection.msiInfo).toMatchObject({
      productCode: agent.productCode,
      productVersion: '6.0.1.7',
      publisher: agent.manufacturer,
      upgradeCode: agent.upgradeCode,
      includesServices: false,
    });
    expect(detection.name).toBe('FleetAgent.msi');
  });
});
