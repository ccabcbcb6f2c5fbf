// `values:` are public (runbooks print them as `${config.<key>}`): a key named like a secret is
// almost always a secret pasted into the wrong place. Warn, naming the key and its place, never
// the value; secrets belong in the environment or the secret store.
import type { ConfigFile } from './schema.ts';
import type { ConfigPlaces } from './types.ts';

const SECRET_NAME = /password|passwd|passphrase|pwd|secret|token|credential|api[-_]?key|key$|^key/i;
/** Values that are secrets whatever their key: a JWT, a PEM private key, an Entra client secret. */
const SECRET_VALUE = [
  /^eyJ[\w-]+\.[\w-]+\./,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^[\w.~-]{3}\dQ~[\w.~-]{30,}$/,
];

export function warnSecretLookingValues(
  file: string,
  parsed: ConfigFile,
  places: ConfigPlaces,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): void {
  for (const [key, value] of Object.entries(parsed.values ?? {})) {
    if (!SECRET_NAME.test(key) && !SECRET_VALUE.some((pattern) => pattern.test(value.trim()))) continue;
    const { line, col } = places(['values', key]);
    const at = [file, line, col].filter((part) => part !== undefined).join(':');
    warn(
      `warning: ${at}: values.${key} looks like a secret; values are public (runbooks print them). Put secrets in the environment or the secret store, never in the config file.`,
    );
  }
}
