// Element order of a written Detection.xml. The reference samples (read in place) fix everything up
// to </EncryptionInfo>; they package install.ps1, so the MsiInfo order is checked against the order
// IntuneWinAppUtil writes for an .msi (MsiPublisher last; see MSI_ELEMENTS for the sources).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseDetectionXml, writeDetectionXml } from '../../src/intunewin/index.ts';

import { reference } from '../support/reference.ts';

// Under CI a missing reference fails this file instead of skipping it (test/support/reference.ts).
const samplesRef = reference('intunewin/', 'real IntuneWinAppUtil Detection.xml samples');
const samplesDir = samplesRef.path;
const samples = samplesRef.present ? readdirSync(samplesDir).filter((name) => name.endsWith('.app.xml')) : [];

/** Element names in document order (depth-first), from an order-preserving parse. */
function elementOrder(xml: string): string[] {
  const out: string[] = [];
  const walk = (list: unknown[]): void => {
    for (const node of list as Record<string, unknown>[])
      for (const [key, value] of Object.entries(node)) {
        if (key === '#text' || key === ':@') continue;
        out.push(key);
        if (Array.isArray(value)) walk(value);
      }
  };
  walk(new XMLParser({ preserveOrder: true }).parse(xml) as unknown[]);
  return out;
}

const MSI_ORDER = [
  'MsiInfo',
  'MsiProductCode',
  'MsiProductVersion',
  'MsiPackageCode',
  'MsiUpgradeCode',
  'MsiExecutionContext',
  'MsiRequiresLogon',
  'MsiRequiresReboot',
  'MsiIsMachineInstall',
  'MsiIsUserInstall',
  'MsiIncludesServices',
  'MsiIncludesODBCDataSource',
  'MsiContainsSystemRegistryKeys',
  'MsiContainsSystemFolders',
  'MsiPublisher',
];

const msiInfo = {
  productCode: '{89E4C65D-96DD-435B-9BBB-EF1EAEF5B738}',
  productVersion: '2.51.0',
  packageCode: '{A721702D-9A23-499F-B48C-5166F83333C6}',
  publisher: 'Microsoft Corporation',
  upgradeCode: '{DFF82AF0-3F95-4AC9-8EFD-948604FDB028}',
  executionContext: 'System' as const,
  requiresLogon: false,
  requiresReboot: false,
  isMachineInstall: true,
  isUserInstall: false,
  includesServices: false,
  includesOdbcDataSource: false,
  containsSystemRegistryKeys: true,
  containsSystemFolders: false,
};

describe.skipIf(samples.length === 0)('Detection.xml element order', () => {
  it.each(samples)(
    '%s: a written MSI Detection.xml keeps the sample order, then MsiInfo with MsiPublisher last',
    (name) => {
      const xml = readFileSync(path.join(samplesDir, name), 'utf8');
      const detection = parseDetectionXml(xml, name);
      const ours = writeDetectionXml({ ...detection, msiInfo });
      expect(elementOrder(ours)).toEqual([...elementOrder(xml), ...MSI_ORDER]);
      expect(parseDetectionXml(ours).msiInfo).toEqual(msiInfo);
      const lines = ours.split('\n');
      const folders = lines.findIndex((l) => l.includes('<MsiContainsSystemFolders>'));
      expect(lines[folders + 1]).toBe('    <MsiPublisher>Microsoft Corporation</MsiPublisher>');
      expect(lines[folders + 2]).toBe('  </MsiInfo>');
    },
  );
});

if (samples.length === 0) {
  describe('Detection.xml element order', () => {
    it.skip(samplesRef.title, () => undefined);
  });
}
