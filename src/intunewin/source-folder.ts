// Lists a setup folder for the inner zip: files with paths relative to the folder (forward
// slashes, as zip requires), plus the empty directories .NET's CreateFromDirectory records.
// Order: per directory, names compared case-insensitively (as NTFS enumerates them).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

export interface SourceFile {
  relativePath: string;
  absolutePath: string;
  size: number;
  modified: Date;
}

export interface SourceListing {
  files: SourceFile[];
  emptyDirectories: Array<{ relativePath: string; modified: Date }>;
  totalBytes: number;
}

function byWindowsOrder(a: string, b: string): number {
  const upperA = a.toUpperCase();
  const upperB = b.toUpperCase();
  return upperA < upperB ? -1 : upperA > upperB ? 1 : 0;
}

export async function listSourceFolder(root: string): Promise<SourceListing> {
  const listing: SourceListing = { files: [], emptyDirectories: [], totalBytes: 0 };
  const walk = async (directory: string, prefix: string): Promise<void> => {
    const names = (await readdir(directory)).sort(byWindowsOrder);
    if (names.length === 0 && prefix !== '') {
      listing.emptyDirectories.push({ relativePath: prefix, modified: (await stat(directory)).mtime });
    }
    for (const name of names) {
      const absolutePath = join(directory, name);
      const info = await stat(absolutePath); // follows symbolic links to files
      const relativePath = `${prefix}${name}`;
      if (info.isDirectory()) {
        await walk(absolutePath, `${relativePath}/`);
      } else if (info.isFile()) {
        listing.files.push({ relativePath, absolutePath, size: info.size, modified: info.mtime });
        listing.totalBytes += info.size;
      } else {
        throw new InputError(
          `${absolutePath} is neither a file nor a folder; remove it from the setup folder`,
        );
      }
    }
  };
  await walk(root, '');
  return listing;
}
