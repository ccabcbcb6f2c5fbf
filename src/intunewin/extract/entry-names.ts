// The rules an inner-zip entry name must pass before anything is written. A package is a Windows
// setup folder zipped by IntuneWinAppUtil (or our packer), so every name must be a relative path
// that a Windows file system could hold and that means the same file on every file system: a
// name that only a hostile or broken tool writes is refused, never repaired, because a repaired
// name would no longer be the file the package's author (or Intune) sees.
import { Buffer } from 'node:buffer';

/** Linux and Windows both cap one path component at 255 (bytes on ext4, UTF-16 units on NTFS). */
export const MAX_COMPONENT_BYTES = 255;
/** Linux's PATH_MAX including the terminating NUL; checked against the full target paths. */
export const MAX_PATH_BYTES = 4095;

// The characters Windows forbids in a file name, besides the control characters and the
// separators: `:` also makes `C:x` (drive-relative) and `file:stream` (an NTFS data stream).
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;
// C0 and C1 control characters and DEL: never in a real file name, and they would reach the
// terminal when a message quotes the name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// CON, PRN, AUX, NUL, COM1-9, LPT1-9 (and the superscript digits Windows also reserves), with or
// without an extension: Windows opens the device instead of a file.
const RESERVED_DEVICE = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;

/** Why one component (the text between two slashes) cannot be a Windows file name, if it cannot. */
function componentProblem(component: string): string | undefined {
  if (component === '') return 'an empty path component (a leading, doubled or misplaced slash)';
  if (component === '.' || component === '..') return `a "${component}" path component`;
  if (WINDOWS_FORBIDDEN.test(component)) {
    return 'a character Windows forbids in file names (< > : " | ? *), or a drive letter';
  }
  if (/[. ]$/.test(component)) return 'a component ending in a dot or space (Windows drops them)';
  if (RESERVED_DEVICE.test(component)) return `a Windows device name (${component})`;
  // UTF-8 never takes fewer bytes than UTF-16 units, so this bounds both file systems' limits.
  if (Buffer.byteLength(component, 'utf8') > MAX_COMPONENT_BYTES) {
    return `a component longer than ${MAX_COMPONENT_BYTES} bytes`;
  }
  return undefined;
}

/**
 * Why `name` (a zip entry name, folders ending in `/`) cannot be extracted, or undefined. The
 * name is checked as written: `a/./b`, `/a`, `a\b`, `C:a` and `../a` are refused outright rather
 * than normalized, so two names can only collide by case or Unicode form (see entryKey).
 */
export function entryNameProblem(name: string, nameIsUtf8: boolean): string | undefined {
  if (!nameIsUtf8) return 'its name is not valid UTF-8';
  if (name === '' || name === '/') return 'its name is empty';
  if (CONTROL.test(name)) return 'its name holds a NUL or control character';
  if (name.includes('\\')) return 'its name holds a backslash (a Windows path separator)';
  if (name.startsWith('/')) return 'its name is an absolute path';
  const components = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  for (const component of components) {
    const problem = componentProblem(component);
    if (problem !== undefined) return `its name has ${problem}`;
  }
  if (Buffer.byteLength(name, 'utf8') > MAX_PATH_BYTES)
    return `its name is longer than ${MAX_PATH_BYTES} bytes`;
  return undefined;
}

/**
 * The key two names collide under: Windows compares names case-insensitively, and macOS treats
 * composed and decomposed Unicode (é as one code point or two) as the same name. Slightly
 * stricter than NTFS, never looser.
 */
export function entryKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
