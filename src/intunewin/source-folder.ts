// Lists a setup folder for the inner zip: files with paths relative to the folder (forward
// slashes, as zip requires), plus the empty directories .NET's CreateFromDirectory records.
// Order: per directory, names compared case-insensitively (as NTFS enumerates them).
//
// Symbolic links: a link whose target stays inside the folder is followed and packed as a copy
// under the link's own name; a link that leaves the folder is refused. Following inner links is
// what IntuneWinAppUtil does on Windows (.NET reads through links and junctions) and what an
// admin who made `current -> 5.9.1` or `setup.msi -> agent-5.9.1.msi` expects to find in the
// package. A link out of the folder is refused rather than followed because packing a folder
// must ship that folder and nothing else: a stray `logs -> /var/log` or `id -> ~/.ssh/id_rsa`
// would otherwise be sent to every device the app is assigned to. Refusing every link would be
// simpler still, but it breaks folders built on Linux/macOS with versioned links for no safety
// gained, since an inner link only repeats bytes the package already holds.
//
// Names Windows cannot hold are refused (see windows-names.ts): the package is unzipped there.
// Nothing here ever opens a path that is not a regular file (a FIFO opened for reading blocks
// forever), and loops (`loop -> .`, `a -> b -> a`, bind mounts) are refused, never walked.
import type { Stats } from 'node:fs';
import { access, constants, lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { atPath, isLinkLoop, isMissing, printable, specialKind } from './source-problems.ts';
import { caseCollision, windowsNameProblem } from './windows-names.ts';

export interface SourceFile {
  relativePath: string;
  /** The file's real path (links resolved), which is what is opened. */
  absolutePath: string;
  size: number;
  modified: Date;
  /** Identity at listing time, checked again when the file is opened. */
  device: number;
  inode: number;
}

export interface SourceListing {
  files: SourceFile[];
  emptyDirectories: Array<{ relativePath: string; modified: Date }>;
  totalBytes: number;
}

export interface ListOptions {
  /** Real paths of directory entries to leave out (the output file when it is inside the folder). */
  exclude?: readonly string[];
}

/** The zip format's entry limit without Zip64; checked while walking, so links fanning out cannot make the walk itself huge. */
const MAX_ENTRIES = 0xffff;

function byWindowsOrder(a: string, b: string): number {
  const upperA = a.toUpperCase();
  const upperB = b.toUpperCase();
  return upperA < upperB ? -1 : upperA > upperB ? 1 : 0;
}

export function isInsideFolder(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Names as UTF-8 (zip stores them so); a name that is not valid UTF-8 cannot be packed faithfully. */
async function readNames(directory: string): Promise<string[]> {
  const raw = await atPath(directory, () => readdir(directory, { encoding: 'buffer' }));
  return raw.map((name) => {
    try {
      return strictUtf8.decode(name);
    } catch {
      const bytes = [...name].map((byte) =>
        byte < 0x20 || byte > 0x7e ? `\\x${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte),
      );
      throw new InputError(
        `${join(directory, bytes.join(''))} has a name that is not valid UTF-8; rename it`,
      );
    }
  });
}

interface Entry {
  /** Where the entry's content really is (the link's target for a link). */
  real: string;
  info: Stats;
}

/** Resolves one directory entry, refusing links that dangle, loop or leave the folder. */
async function resolveEntry(location: string, root: string): Promise<Entry> {
  const own = await atPath(location, () => lstat(location));
  if (!own.isSymbolicLink()) return { real: location, info: own };
  const target = printable(await atPath(location, () => readlink(location)));
  let real: string;
  try {
    real = await realpath(location);
  } catch (error) {
    if (isMissing(error)) {
      throw new InputError(`${location} is a symbolic link to ${target}, which does not exist`, [], {
        hint: 'Remove the dangling link or put the file it names in the folder.',
      });
    }
    if (isLinkLoop(error)) {
      throw new InputError(`${location} is a symbolic link loop (via ${target}); remove the link`);
    }
    throw error;
  }
  if (!isInsideFolder(root, real)) {
    throw new InputError(
      `${location} is a symbolic link to ${real}, outside the setup folder ${root}; links that leave the folder are not packaged`,
      [],
      { hint: 'Copy what it points to into the folder, or remove the link.' },
    );
  }
  return { real, info: await atPath(location, () => stat(real)) };
}

export async function listSourceFolder(root: string, options: ListOptions = {}): Promise<SourceListing> {
  const excluded = new Set(options.exclude ?? []);
  const listing: SourceListing = { files: [], emptyDirectories: [], totalBytes: 0 };
  const countEntry = (): void => {
    if (listing.files.length + listing.emptyDirectories.length >= MAX_ENTRIES) {
      throw new InputError(
        `the folder ${root} holds more than ${MAX_ENTRIES} files; at most 65535 are supported`,
      );
    }
  };
  // Device and inode of every folder from the root down to the one being read: meeting one again
  // means a link or a mount leads back up, which would otherwise recurse forever.
  const ancestors = new Set<string>();
  const walk = async (directory: string, info: Stats, prefix: string): Promise<void> => {
    const key = `${info.dev}:${info.ino}`;
    ancestors.add(key);
    const names = (await readNames(directory)).sort(byWindowsOrder);
    const collision = caseCollision(names);
    if (collision) {
      throw new InputError(
        `${directory} holds both ${printable(collision[0])} and ${printable(collision[1])}, which are one name on Windows; rename one`,
      );
    }
    let kept = 0;
    for (const name of names) {
      const location = join(directory, name);
      if (excluded.has(location)) continue;
      const problem = windowsNameProblem(name);
      if (problem) {
        throw new InputError(`${join(directory, printable(name))} ${problem}; rename it`, [], {
          hint: 'The package is extracted on Windows, which cannot hold this name.',
        });
      }
      const entry = await resolveEntry(location, root);
      if (excluded.has(entry.real)) continue;
      kept++;
      const relativePath = `${prefix}${name}`;
      if (entry.info.isDirectory()) {
        if (ancestors.has(`${entry.info.dev}:${entry.info.ino}`)) {
          throw new InputError(
            `${location} leads back to a folder that contains it (a loop through a link or mount); remove it`,
          );
        }
        await walk(entry.real, entry.info, `${relativePath}/`);
      } else if (entry.info.isFile()) {
        await atPath(location, () => access(entry.real, constants.R_OK));
        countEntry();
        listing.files.push({
          relativePath,
          absolutePath: entry.real,
          size: entry.info.size,
          modified: entry.info.mtime,
          device: entry.info.dev,
          inode: entry.info.ino,
        });
        listing.totalBytes += entry.info.size;
      } else {
        const what = specialKind(entry.info);
        const via = entry.real === location ? '' : ` (through the link to ${entry.real})`;
        throw new InputError(`${location} is ${what}${via}; only files and folders can be packaged`, [], {
          hint: 'Remove it from the setup folder.',
        });
      }
    }
    if (kept === 0 && prefix !== '') {
      countEntry();
      listing.emptyDirectories.push({ relativePath: prefix, modified: info.mtime });
    }
    ancestors.delete(key);
  };
  await walk(root, await atPath(root, () => stat(root)), '');
  return listing;
}
