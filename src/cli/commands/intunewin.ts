// `sop-integrate intunewin pack|unpack`: the .intunewin toolkit as utility commands admins can
// use on their own (no runbook, no tenant).
import { createPrinter, type Printer } from '../printer.ts';
import type { OutputFlags } from '../options.ts';

export interface IntunewinPackFlags extends OutputFlags {
  setup: string;
  out: string;
  force?: boolean;
}

export interface IntunewinUnpackFlags extends OutputFlags {
  out: string;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Progress on stderr in text mode, one line per 10% step of each phase, so logs stay short. */
function progressReporter(printer: Printer, flags: OutputFlags) {
  const lastStep = new Map<string, number>();
  return ({ phase, done, total }: { phase: string; done: number; total: number }): void => {
    if (flags.output === 'json' || total < 8 * 1024 * 1024) return;
    const step = Math.floor((done / total) * 10);
    if (lastStep.get(phase) === step) return;
    lastStep.set(phase, step);
    printer.err(`${phase}: ${step * 10}% (${megabytes(done)} of ${megabytes(total)})`);
  };
}

export async function intunewinPackCommand(folder: string, flags: IntunewinPackFlags): Promise<void> {
  const printer = createPrinter();
  const { packIntunewin } = await import('../../intunewin/pack.ts');
  const result = await packIntunewin({
    sourceFolder: folder,
    setupFile: flags.setup,
    outputFile: flags.out,
    overwrite: flags.force === true,
    onProgress: progressReporter(printer, flags),
  });
  const summary = {
    type: 'intunewin-pack',
    package: result.outputFile,
    setupFile: result.detection.setupFile,
    size: result.size,
    sizeEncrypted: result.sizeEncrypted,
    ...(result.msi
      ? {
          msi: {
            productCode: result.msi.productCode,
            productVersion: result.msi.productVersion,
            productName: result.msi.productName,
            manufacturer: result.msi.manufacturer,
            upgradeCode: result.msi.upgradeCode,
            packageCode: result.msi.packageCode,
          },
        }
      : {}),
  };
  if (flags.output === 'json') {
    printer.json(summary);
    return;
  }
  printer.out(`packaged ${result.detection.name} as ${result.outputFile}`);
  printer.out(`  content: ${result.size} bytes, encrypted ${result.sizeEncrypted} bytes`);
  if (result.msi) {
    printer.out(`  MSI ${result.msi.productName} ${result.msi.productVersion} by ${result.msi.manufacturer}`);
    printer.out(`  ProductCode ${result.msi.productCode}  UpgradeCode ${result.msi.upgradeCode || '(none)'}`);
  }
}

export async function intunewinUnpackCommand(file: string, flags: IntunewinUnpackFlags): Promise<void> {
  const printer = createPrinter();
  const { unpackIntunewin } = await import('../../intunewin/unpack.ts');
  const result = await unpackIntunewin({
    packageFile: file,
    outputDir: flags.out,
    onProgress: progressReporter(printer, flags),
  });
  if (flags.output === 'json') {
    printer.json({
      type: 'intunewin-unpack',
      outputDir: flags.out,
      setupFile: result.detection.setupFile,
      files: result.files,
      size: result.size,
      sizeEncrypted: result.sizeEncrypted,
      verified: true,
    });
    return;
  }
  printer.out(`verified ${file}: MAC, digest and sizes match`);
  printer.out(
    `extracted ${result.files.length} file(s) to ${flags.out} (setup file ${result.detection.setupFile})`,
  );
}
