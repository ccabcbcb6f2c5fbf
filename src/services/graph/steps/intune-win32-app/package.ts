// Packages the downloaded MSI as .intunewin in a private work folder (the packager streams, so a
// large installer never sits in memory), and hands back what the upload needs. The folder is in
// this process's scratch folder under the state dir (0700): its Detection.xml holds the package's
// encryption keys. It is removed when the upload ends either way, and with the scratch folder on
// exit or at the next start if the process is killed.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ContentUpload } from '../../client/client.ts';
import {
  fileEncryptionInfoFromDetection,
  openIntunewinPackage,
  packIntunewin,
} from '../../../../intunewin/index.ts';
import type { StepContext } from '../../../../steps/contract.ts';
import { scratchDir } from '../../../../steps/private-dirs.ts';
import { stageInstaller } from './installer-check.ts';
import type { IntuneWin32AppParams } from './params.ts';

export async function withPackage<T>(
  ctx: StepContext,
  params: IntuneWin32AppParams,
  use: (content: ContentUpload) => Promise<T>,
): Promise<T> {
  const work = await mkdtemp(path.join(await scratchDir(ctx), 'intunewin-'));
  try {
    const source = path.join(work, 'source');
    await mkdir(source, { mode: 0o700 });
    await stageInstaller(ctx, params.installer, { source, work });
    const packed = await packIntunewin({
      sourceFolder: source,
      setupFile: params.installer.fileName,
      outputFile: path.join(work, params.installer.fileName.replace(/\.msi$/i, '.intunewin')),
      onProgress: (p) => ctx.log.progress(`packaging (${p.phase})`, p.done, p.total),
    });
    const pkg = await openIntunewinPackage(packed.outputFile);
    const info = fileEncryptionInfoFromDetection(pkg.detection);
    // Key material never leaves this process except in the commit body.
    for (const value of [info.encryptionKey, info.macKey]) ctx.redactor.register(value);
    return await use({
      payload: pkg.payload,
      fileName: pkg.detection.fileName,
      size: pkg.detection.unencryptedContentSize,
      sizeEncrypted: pkg.payload.length,
      fileEncryptionInfo: { ...info },
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
