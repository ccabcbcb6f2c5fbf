// What the packager and the runbooks need from an MSI: the Property table's identity values,
// the PackageCode from the summary information, and the facts Detection.xml's MsiInfo carries.
import { InputError } from '../../errors.ts';
import type { MsiDetectionInfo, MsiExecutionContext } from '../detection-xml/types.ts';
import { MsiDatabase } from './msi-database.ts';
import { PID_REVNUMBER } from './summary-information.ts';
import type { Row } from './tables.ts';

export interface MsiInfo {
  productCode: string;
  productVersion: string;
  productName: string;
  manufacturer: string;
  /** Empty when the MSI has none (it then cannot be upgraded in place). */
  upgradeCode: string;
  /** The summary information's revision number: unique per build of the package. */
  packageCode: string;
  /** Every row of the Property table. */
  properties: Record<string, string>;
  /** The `<MsiInfo>` block of Detection.xml. */
  detection: MsiDetectionInfo;
}

// Standard folder properties that point into the system (Windows Installer "System Folder Properties").
const SYSTEM_FOLDERS = new Set([
  'ProgramFilesFolder',
  'ProgramFiles64Folder',
  'ProgramFiles6432Folder',
  'CommonFilesFolder',
  'CommonFiles64Folder',
  'CommonFiles6432Folder',
  'SystemFolder',
  'System64Folder',
  'System16Folder',
  'System6432Folder',
  'WindowsFolder',
  'WindowsVolume',
  'CommonAppDataFolder',
  'FontsFolder',
  'TempFolder',
]);
const HKEY_CLASSES_ROOT = 0;
const HKEY_LOCAL_MACHINE = 2;

/**
 * The execution context as IntuneWinAppUtil reports it (inference from the ALLUSERS semantics):
 * ALLUSERS=1 installs per machine, ALLUSERS=2 lets the installer choose, absent means per user.
 */
function executionContext(properties: Record<string, string>): MsiExecutionContext {
  if (properties['ALLUSERS'] === '1') return 'System';
  if (properties['ALLUSERS'] === '2') return 'Any';
  return 'User';
}

function hasRow(rows: Row[], predicate: (row: Row) => boolean = () => true): boolean {
  return rows.some(predicate);
}

export async function readMsiInfo(path: string): Promise<MsiInfo> {
  const database = await MsiDatabase.open(path);
  try {
    const properties: Record<string, string> = {};
    for (const row of await database.table('Property')) {
      if (typeof row['Property'] === 'string') properties[row['Property']] = String(row['Value'] ?? '');
    }
    const productCode = properties['ProductCode'];
    if (!productCode) throw new InputError(`${path} has no ProductCode property`);
    const summary = await database.summaryInformation();
    const context = executionContext(properties);
    const sequence = await database.table('InstallExecuteSequence');
    const detection: MsiDetectionInfo = {
      productCode,
      productVersion: properties['ProductVersion'] ?? '',
      packageCode: String(summary.get(PID_REVNUMBER) ?? ''),
      publisher: properties['Manufacturer'] ?? '',
      upgradeCode: properties['UpgradeCode'] ?? '',
      executionContext: context,
      requiresLogon: context === 'User',
      requiresReboot:
        properties['REBOOT']?.toUpperCase().startsWith('F') === true ||
        hasRow(sequence, (row) => row['Action'] === 'ForceReboot' || row['Action'] === 'ScheduleReboot'),
      isMachineInstall: context !== 'User',
      isUserInstall: context !== 'System',
      includesServices: hasRow(await database.table('ServiceInstall')),
      includesOdbcDataSource: hasRow(await database.table('ODBCDataSource')),
      containsSystemRegistryKeys: hasRow(
        await database.table('Registry'),
        (row) => row['Root'] === HKEY_LOCAL_MACHINE || row['Root'] === HKEY_CLASSES_ROOT,
      ),
      containsSystemFolders: hasRow(await database.table('Directory'), (row) =>
        SYSTEM_FOLDERS.has(String(row['Directory'])),
      ),
    };
    return {
      productCode,
      productVersion: detection.productVersion,
      productName: properties['ProductName'] ?? '',
      manufacturer: detection.publisher,
      upgradeCode: detection.upgradeCode,
      packageCode: detection.packageCode,
      properties,
      detection,
    };
  } finally {
    await database.close();
  }
}
