// A package is unzipped on Windows (the Intune Management Extension extracts it with .NET), so a
// name that Linux or macOS allows but Windows cannot hold would fail there on every device, after
// the upload, with an error the admin never sees; some are worse than a failure (`a:b` writes an
// NTFS alternate data stream, a backslash is a folder separator). Refusing them when packing,
// with the name, is where the admin can still rename the file.
// The characters and device names are Windows' documented ones ("Naming Files, Paths, and
// Namespaces"); the trailing dot or space is silently dropped by Windows.
const FORBIDDEN_CHARACTERS = new Set('<>:"\\|?*');

function hasForbiddenCharacter(name: string): boolean {
  for (const character of name) {
    if (character.charCodeAt(0) < 0x20 || FORBIDDEN_CHARACTERS.has(character)) return true;
  }
  return false;
}

// NUL.txt and NUL.tar.gz both name the device, per the same page.
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Why Windows cannot hold `name`, or undefined when it can. */
export function windowsNameProblem(name: string): string | undefined {
  if (hasForbiddenCharacter(name)) {
    return 'has a character Windows does not allow in a file name (< > : " \\ | ? * or a control character)';
  }
  if (/[ .]$/.test(name)) return 'ends with a dot or a space, which Windows drops';
  if (DEVICE_NAME.test(name)) return 'is a device name on Windows';
  return undefined;
}

/** Two names in one folder that Windows sees as one (its file names ignore case). */
export function caseCollision(sortedNames: readonly string[]): [string, string] | undefined {
  for (let i = 1; i < sortedNames.length; i++) {
    const [before, name] = [sortedNames[i - 1]!, sortedNames[i]!];
    // Equal lengths too: JavaScript upper-cases ß to SS, which NTFS does not.
    if (before.length === name.length && before.toUpperCase() === name.toUpperCase()) return [before, name];
  }
  return undefined;
}
