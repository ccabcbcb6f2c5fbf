// Opens a listed setup file for reading without trusting that it is still what was listed:
// non-blocking (opening a FIFO for reading would otherwise wait forever for a writer), not
// through a link at the last step (the listed path is already resolved), and checked to be the
// same regular file the listing saw, so a file swapped for a pipe, a device or a link between
// listing and packing is refused instead of read.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { atPath } from './source-problems.ts';
import type { SourceFile } from './source-folder.ts';

// Both are 0 where the platform lacks them (Windows), where neither hazard applies the same way.
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

export async function openSourceFile(file: SourceFile): Promise<FileHandle> {
  const handle = await atPath(file.absolutePath, () => open(file.absolutePath, FLAGS));
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.ino !== file.inode || info.dev !== file.device) {
      throw new InputError(
        `${file.absolutePath} changed while it was being packaged; package a folder nothing else is changing`,
      );
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
