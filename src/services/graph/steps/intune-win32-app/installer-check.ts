// What gets uploaded is what was planned: the installer is packaged only once its sha256 and MSI
// ProductCode are those ninjaone.installer recorded at download (and the journal holds). The
// file on disk may have changed since (a resumed run can start days later), or be gone: then it
// is downloaded again from NinjaOne and held to the same sha256. The check runs on the private
// copy that is packaged, so the file cannot change between being checked and being read.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RefusedError } from '../../../../errors.ts';
import { readMsiInfo } from '../../../../intunewin/index.ts';
import type { StepContext } from '../../../../steps/contract.ts';
import { sha256OfFile } from '../../../ninjaone/steps/ninjaone-installer/file-hash.ts';
import type { IntuneWin32AppParams } from './params.ts';

type Installer = IntuneWin32AppParams['installer'];

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** ProductCode of the file, or why it has none (the bytes may not be an MSI at all). */
async function productCodeOf(file: string): Promise<string> {
  try {
    return (await readMsiInfo(file)).productCode;
  } catch {
    return 'none (not a readable MSI)';
  }
}

function refuseChanged(ctx: StepContext, installer: Installer, found: string[], fix: string): never {
  const rollback = ctx.runId ? `, or undo the run with \`sop-integrate rollback ${ctx.runId}\`` : '';
  throw new RefusedError(
    'REFUSED_CHANGED',
    `the installer ${installer.path} is not the one this run planned: ${found.join(', ')}; nothing was uploaded`,
    { hint: `${fix}${rollback}` },
  );
}

/** Refuses unless `file` (with this sha256) is the planned installer. */
async function expectPlanned(
  ctx: StepContext,
  installer: Installer,
  file: string,
  sha256: string,
  fix: string,
): Promise<void> {
  const productCode = await productCodeOf(file);
  const sameHash = sha256 === installer.sha256;
  const sameProduct = productCode.toUpperCase() === installer.productCode.toUpperCase();
  if (sameHash && sameProduct) return;
  refuseChanged(
    ctx,
    installer,
    [
      `sha256 ${sha256} (planned ${installer.sha256})`,
      `ProductCode ${productCode} (planned ${installer.productCode})`,
    ],
    fix,
  );
}

const deleteToFetchAgain = (installer: Installer): string =>
  `delete ${installer.path} so that resume downloads the installer again and checks it`;

/**
 * Plan-time check of the cached installer where it lies: refuses a changed one before anything is
 * journaled or approved. False when it is gone (apply downloads it again and checks it).
 */
export async function checkCachedInstaller(ctx: StepContext, installer: Installer): Promise<boolean> {
  let sha256: string;
  try {
    sha256 = await sha256OfFile(installer.path);
  } catch (error) {
    if (isMissing(error)) return false;
    // A folder, a socket, a file made unreadable: not the installer either.
    refuseChanged(
      ctx,
      installer,
      [`it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`],
      deleteToFetchAgain(installer),
    );
  }
  await expectPlanned(ctx, installer, installer.path, sha256, deleteToFetchAgain(installer));
  return true;
}

/** Copies `from` to a new file `to` (0600), hashing the bytes written. */
async function copyHashing(from: string, to: string): Promise<string> {
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from), hashing, createWriteStream(to, { flags: 'wx', mode: 0o600 }));
  return hash.digest('hex');
}

async function downloadAgain(
  ctx: StepContext,
  installer: Installer,
  into: string,
  to: string,
): Promise<string> {
  const { organizationId, locationId } = installer;
  if (organizationId === undefined || locationId === undefined)
    refuseChanged(
      ctx,
      installer,
      ['the file is gone and the step names no NinjaOne organizationId/locationId to download it from'],
      `put the installer back at ${installer.path}`,
    );
  ctx.log.info(`${installer.fileName} is no longer at ${installer.path}: downloading it again`);
  const ninja = await ctx.services.ninjaone();
  const url = await ninja.installerLink(organizationId, locationId, 'WINDOWS_MSI');
  const file = await ninja.downloadInstaller(
    url,
    await mkdtemp(path.join(into, 'download-')),
    installer.fileName,
  );
  await rename(file.path, to);
  return file.sha256;
}

/**
 * Puts the planned installer into the private `source` folder as `fileName` and returns its path,
 * or refuses: a changed file, or a download that is not the planned build, is never packaged. A
 * download again goes to a folder under `work` (outside `source`, which is packaged whole).
 */
export async function stageInstaller(
  ctx: StepContext,
  installer: Installer,
  folders: { source: string; work: string },
): Promise<string> {
  const staged = path.join(folders.source, installer.fileName);
  let sha256: string;
  let fix = deleteToFetchAgain(installer);
  try {
    sha256 = await copyHashing(installer.path, staged);
  } catch (error) {
    if (!isMissing(error) || (error as NodeJS.ErrnoException).path !== installer.path) throw error;
    sha256 = await downloadAgain(ctx, installer, folders.work, staged);
    fix = 'NinjaOne now serves another build of the agent: start a new run for it';
  }
  await expectPlanned(ctx, installer, staged, sha256, fix);
  ctx.log.info(`installer checked: sha256 ${sha256} and ProductCode ${installer.productCode} as planned`);
  return staged;
}
