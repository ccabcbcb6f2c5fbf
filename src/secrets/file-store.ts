// The default secret store: one file per secret, mode 0600, in a directory only the owner can
// read (0700). It refuses a directory others can read or write, since anyone who can read the
// directory listing or swap files in it could get at the secrets.
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { makeDirectory } from '../make-dir.ts';
import type { SecretRef, SecretStore } from './contract.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class FileSecretStore implements SecretStore {
  readonly kind = 'file';
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async put(
    name: string,
    value: string,
    meta: { expiresOn?: Date; description?: string } = {},
  ): Promise<SecretRef> {
    const path = this.pathOf(name);
    await this.ensureDirectory();
    // Write to a private temp file, then rename: a reader never sees half a secret, and the
    // file is 0600 from its first byte (mode at creation, not a chmod afterwards).
    const temp = `${path}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(value, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, 0o600);
    await rename(temp, path);
    void meta; // expiry and description live with the credential in Entra, not next to the value
    return { store: this.kind, name };
  }

  async get(name: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  describe(name: string): string {
    return `file:${this.pathOf(name)} (0600)`;
  }

  private pathOf(name: string): string {
    if (!NAME.test(name)) {
      throw new InputError(`Secret name "${name}" is not allowed`, [], {
        hint: 'Use letters, digits, dot, dash and underscore only (it becomes a file name).',
      });
    }
    return join(this.dir, name);
  }

  private async ensureDirectory(): Promise<void> {
    await makeDirectory(this.dir, 0o700);
    const info = await stat(this.dir);
    if (!info.isDirectory()) {
      throw new InputError(`The secret store path ${this.dir} is not a directory`, [], {
        hint: 'Point secretStore.dir in the config at a directory.',
      });
    }
    if ((info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
      throw new InputError(
        `The secret store directory ${this.dir} is accessible to other users (mode ${mode})`,
        [],
        {
          hint: `Run \`chmod 700 ${this.dir}\` or point secretStore.dir at a private directory.`,
        },
      );
    }
  }
}
