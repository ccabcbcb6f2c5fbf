// Checks every entry of an inner zip before the first byte is written: names (entry-names.ts),
// entry types, duplicates and file/folder conflicts, methods, and the archive's layout. A refusal
// names the entry and why; extraction itself can then only fail on the entry's bytes.
import { Buffer } from 'node:buffer';
import { InputError } from '../../errors.ts';
import { METHOD_DEFLATE, METHOD_STORED } from '../zip/format.ts';
import type { ZipEntry, ZipFileReader } from '../zip/zip-reader.ts';
import { quoteName } from '../zip/quote-name.ts';
import { entryKey, entryNameProblem, MAX_PATH_BYTES } from './entry-names.ts';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
const DOS_REPARSE_POINT = 0x400; // a Windows symbolic link or junction
const FLAG_ENCRYPTED = 0x0001;

function refuse(zip: ZipFileReader, entry: ZipEntry, why: string): InputError {
  return new InputError(`${zip.label}: the entry ${quoteName(entry.name)} is refused: ${why}`, [], {
    hint: 'IntuneWinAppUtil never writes such an entry; rebuild the package from its setup folder.',
  });
}

/** Why the entry's type (from its external attributes) is not a plain file or folder, if it is not. */
function typeProblem(entry: ZipEntry): string | undefined {
  const unixType = (entry.externalAttributes >>> 16) & S_IFMT;
  if (unixType === S_IFLNK || (entry.externalAttributes & DOS_REPARSE_POINT) !== 0) {
    return 'it is a symbolic link (links could point outside the output folder)';
  }
  if (unixType !== 0 && unixType !== S_IFREG && unixType !== S_IFDIR) {
    return `it is a special file (Unix type 0o${unixType.toString(8)}), not a file or folder`;
  }
  // Our writer and .NET on Windows leave the attributes zero; only a contradiction is refused.
  if (entry.isDirectory && unixType === S_IFREG) return 'its name ends in "/" but it is marked as a file';
  if (!entry.isDirectory && (unixType === S_IFDIR || (entry.externalAttributes & DOS_DIRECTORY) !== 0)) {
    return 'it is marked as a folder but its name does not end in "/"';
  }
  if (entry.isDirectory && entry.size > 0) return 'it is a folder with content';
  return undefined;
}

function contentProblem(entry: ZipEntry): string | undefined {
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    return `it uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`;
  }
  if ((entry.flags & FLAG_ENCRYPTED) !== 0) return 'it is encrypted with a zip password';
  return undefined;
}

/** Every entry alone: name, type, method, and the full paths it would land at. */
function checkEachEntry(zip: ZipFileReader, roots: readonly string[]): void {
  for (const entry of zip.entries) {
    const problem =
      entryNameProblem(entry.name, entry.nameIsUtf8) ?? typeProblem(entry) ?? contentProblem(entry);
    if (problem !== undefined) throw refuse(zip, entry, problem);
    for (const root of roots) {
      if (Buffer.byteLength(`${root}/${entry.name}`, 'utf8') > MAX_PATH_BYTES) {
        throw refuse(zip, entry, `its path in ${root} would be longer than ${MAX_PATH_BYTES} bytes`);
      }
    }
  }
}

/** Why `entry` cannot stand beside `earlier`, an entry whose name has the same key. */
function duplicateProblem(entry: ZipEntry, earlier: ZipEntry): string {
  if (earlier.isDirectory !== entry.isDirectory) {
    return `it names a ${entry.isDirectory ? 'folder' : 'file'} where ${quoteName(earlier.name)} is a ${earlier.isDirectory ? 'folder' : 'file'}`;
  }
  if (earlier.name === entry.name) return 'the package holds two entries of that name';
  return `it names the same path as ${quoteName(earlier.name)} on Windows (the names differ only in case or Unicode form)`;
}

/**
 * Duplicates (also by case and Unicode form, as Windows and macOS compare names), a file that is
 * also a folder (`a` and `a/b`), and one folder spelled two ways (`bin/a`, `BIN/b`: one folder on
 * Windows, two on Linux): each would make the unpacked folder differ from what Windows sees.
 */
function checkCollisions(zip: ZipFileReader): void {
  const explicit = new Map<string, ZipEntry>();
  const folders = new Map<string, { spelling: string; entry: ZipEntry }>();
  for (const entry of zip.entries) {
    const path = entry.isDirectory ? entry.name.slice(0, -1) : entry.name;
    const key = entryKey(path);
    const earlier = explicit.get(key);
    if (earlier !== undefined) throw refuse(zip, entry, duplicateProblem(entry, earlier));
    explicit.set(key, entry);
    const components = path.split('/');
    const folderDepth = entry.isDirectory ? components.length : components.length - 1;
    for (let depth = 1; depth <= folderDepth; depth++) {
      const spelling = components.slice(0, depth).join('/');
      const known = folders.get(entryKey(spelling));
      if (known === undefined) folders.set(entryKey(spelling), { spelling, entry });
      else if (known.spelling !== spelling) {
        throw refuse(
          zip,
          entry,
          `it spells the folder ${quoteName(known.spelling)} as ${quoteName(spelling)} (one folder on Windows, two elsewhere)`,
        );
      }
    }
  }
  for (const [key, entry] of explicit) {
    const folder = folders.get(key);
    if (!entry.isDirectory && folder !== undefined) {
      throw refuse(
        zip,
        entry,
        `it is a file, but ${quoteName(folder.entry.name)} needs a folder of that name`,
      );
    }
  }
}

/**
 * Entries must not share bytes, nor reach into the central directory: overlapping entries are
 * how a small archive declares terabytes honestly (every entry inflating the same data).
 */
async function checkLayout(zip: ZipFileReader): Promise<void> {
  const spans: Array<{ entry: ZipEntry; start: number; end: number }> = [];
  for (const entry of zip.entries) {
    spans.push({
      entry,
      start: entry.localHeaderOffset,
      end: (await zip.dataOffset(entry)) + entry.compressedSize,
    });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    if (span === undefined) continue;
    const limit = spans[index + 1]?.start ?? zip.centralDirectoryOffset;
    if (span.end > limit) {
      throw refuse(zip, span.entry, 'its bytes overlap another entry or the central directory');
    }
  }
}

/**
 * Checks the whole inner zip and returns its total declared size. `roots` are the folders the
 * entries will be written under (the temporary one and the destination).
 */
export async function checkEntries(zip: ZipFileReader, roots: readonly string[]): Promise<number> {
  checkEachEntry(zip, roots);
  checkCollisions(zip);
  await checkLayout(zip);
  return zip.entries.reduce((sum, entry) => sum + entry.size, 0);
}
