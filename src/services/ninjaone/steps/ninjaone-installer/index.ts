// ninjaone.installer: resolves the organization and location, gets the location's Windows MSI
// link, streams it into a local cache while hashing it (sha256), and reads its MSI properties.
// Changes nothing outside the tool, so it plans as noop and its outputs are known at plan time.
// The cache is a private folder of the state dir (0700, files 0600), kept so that a resumed run
// packages the very file it recorded (intune.win32-app checks its sha256 and ProductCode again).
import { z } from 'zod';
import { ServiceError } from '../../../../errors.ts';
import { readMsiInfo } from '../../../../intunewin/index.ts';
import { defineStep, type Outputs, type StepContext } from '../../../../steps/contract.ts';
import { keptDir } from '../../../../steps/private-dirs.ts';
import { sha256OfFile } from './file-hash.ts';
import { resolveLocation, resolveOrganization } from './resolve.ts';
import { show } from '../../../../steps/show.ts';

const MSI_NAME = /^[\w.-]+\.msi$/i;

/**
 * The vendor's name for the file, from the link: the per-location MSI is named after its
 * organization, location and version (e.g. `<org><location>-<version>-windows-installer.msi` in
 * public deployment scripts), which tells an admin in Intune which location's agent an app holds.
 */
export function vendorFileName(url: string): string | undefined {
  const last = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '');
  return MSI_NAME.test(last) ? last : undefined;
}

export const NinjaOneInstallerParams = z.strictObject({
  organization: z.string().min(1),
  location: z.string().min(1),
  /** Where the installer is cached; default: `<state-dir>/tmp/keep/<tenant>/ninjaone-installer/`. */
  downloadDir: z.string().min(1).optional(),
  /** Overrides the vendor's file name (the last segment of the installer link). */
  fileName: z.string().regex(MSI_NAME, 'must be a plain .msi file name').optional(),
});
export type NinjaOneInstallerParams = z.infer<typeof NinjaOneInstallerParams>;

async function fetchInstaller(ctx: StepContext, params: NinjaOneInstallerParams): Promise<Outputs> {
  const ninja = await ctx.services.ninjaone();
  const org = await resolveOrganization(ninja, params.organization);
  const location = await resolveLocation(ninja, org, params.location);
  const url = await ninja.installerLink(org.id, location.id, 'WINDOWS_MSI');
  const dir = params.downloadDir ?? (await keptDir(ctx, 'ninjaone-installer', `${org.id}-${location.id}`));
  const fileName = params.fileName ?? vendorFileName(url);
  if (fileName === undefined)
    throw new ServiceError(
      'ninjaone',
      'bad-request',
      'The installer link does not end in a plain .msi file name',
      { operation: 'installer.get' },
      { hint: 'Set `fileName` on the ninjaone.installer step to name the MSI in Intune.' },
    );
  const file = await ninja.downloadInstaller(url, dir, fileName);
  const msi = await readMsiInfo(file.path);
  ctx.log.info(`downloaded ${fileName} (${file.size} bytes, sha256 ${file.sha256})`);
  return {
    organizationId: org.id,
    locationId: location.id,
    path: file.path,
    fileName,
    sha256: file.sha256,
    size: file.size,
    productCode: msi.productCode,
    productVersion: msi.productVersion,
    productName: msi.productName,
    manufacturer: msi.manufacturer,
    upgradeCode: msi.upgradeCode,
  };
}

export const ninjaOneInstallerStep = defineStep<NinjaOneInstallerParams>({
  type: 'ninjaone.installer',
  description:
    'Download the Windows agent MSI for a NinjaOne organization/location, record its sha256 and read its MSI properties',
  params: NinjaOneInstallerParams,
  outputs: [
    'organizationId',
    'locationId',
    'path',
    'fileName',
    'sha256',
    'size',
    'productCode',
    'productVersion',
    'productName',
    'manufacturer',
    'upgradeCode',
  ],
  mutating: false,
  async plan(ctx, params) {
    const outputs = await fetchInstaller(ctx, params);
    return {
      action: 'noop',
      summary: `NinjaOne agent ${show(outputs.productVersion)} for ${params.organization} / ${params.location}`,
      changes: [],
      calls: [
        {
          service: 'ninjaone',
          method: 'GET',
          target: `/v2/organization/${show(outputs.organizationId)}/location/${show(outputs.locationId)}/installer/WINDOWS_MSI`,
        },
      ],
      details: [
        `ProductCode ${show(outputs.productCode)}, ProductVersion ${show(outputs.productVersion)}`,
        `sha256 ${show(outputs.sha256)} (${show(outputs.size)} bytes), cached at ${show(outputs.path)}`,
      ],
      knownOutputs: outputs,
    };
  },
  async apply(ctx, params) {
    return { outputs: await fetchInstaller(ctx, params), undo: null };
  },
  async verify(ctx, _params, outputs) {
    const sha256 = await sha256OfFile(show(outputs.path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (sha256 === undefined) {
      // Deleted since (e.g. to have a resume fetch it again): intune.win32-app downloads it again
      // and refuses anything but this sha256 and ProductCode.
      ctx.log.info('installer no longer cached; it is downloaded again and checked before packaging');
      return {
        ok: true,
        checks: [
          `${show(outputs.fileName)} is no longer at ${show(outputs.path)}; packaging downloads it again and requires sha256 ${show(outputs.sha256)}`,
        ],
      };
    }
    const ok = sha256 === outputs.sha256;
    ctx.log.info(ok ? 'installer checksum matches' : 'installer checksum changed');
    return {
      ok,
      checks: [
        `${show(outputs.fileName)} sha256 ${ok ? 'matches' : 'no longer matches'} ${show(outputs.sha256)}`,
      ],
    };
  },
});
