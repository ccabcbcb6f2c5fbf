import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { createSecretStore } from '../../src/secrets/create-secret-store.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sop-secrets-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FileSecretStore', () => {
  it('creates the directory 0700 and writes each secret 0600', async () => {
    const dir = join(root, 'nested', 'vault');
    const store = createSecretStore({ secretStore: { kind: 'file', dir } });
    const ref = await store.put('trap-client', 'v@lue-with-$pecials', { expiresOn: new Date('2027-01-01') });
    expect(ref).toEqual({ store: 'file', name: 'trap-client' });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'trap-client'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'trap-client'), 'utf8')).toBe('v@lue-with-$pecials');
    expect(await store.get('trap-client')).toBe('v@lue-with-$pecials');
  });

  it('overwrites, deletes idempotently and answers undefined for a missing secret', async () => {
    const store = new FileSecretStore(join(root, 's'));
    await store.put('sync', 'first', {});
    await store.put('sync', 'second', {});
    expect(await store.get('sync')).toBe('second');
    await store.delete('sync');
    await store.delete('sync');
    expect(await store.get('sync')).toBeUndefined();
  });

  it('refuses a directory others can read, with a chmod hint, and writes nothing', async () => {
    const dir = join(root, 'open');
    const store = new FileSecretStore(dir);
    await store.put('probe', 'x1', {});
    await chmod(dir, 0o755);
    const error = await store.put('leak', 'must-not-land', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).hint).toContain(`chmod 700 ${dir}`);
    expect(await store.get('leak')).toBeUndefined();
  });

  it('rejects names that would escape the directory', async () => {
    const store = new FileSecretStore(join(root, 's'));
    await expect(store.put('../evil', 'x', {})).rejects.toBeInstanceOf(InputError);
  });

  it('describes the path and mode, never the value', async () => {
    const store = new FileSecretStore(join(root, 'd'));
    await store.put('ninja', 'hidden-value', {});
    expect(store.describe('ninja')).toBe(`file:${join(root, 'd', 'ninja')} (0600)`);
  });
});
