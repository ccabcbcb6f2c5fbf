/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON answers freely */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isEmptyDiff, startSandbox } from '../../src/sandbox/index.ts';
import { connect } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sop-sandbox-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('snapshot and diff', () => {
  it('reports created, changed and deleted entities with kind, id, name and fields', async () => {
    const sandbox = await startSandbox({ seed: 3301 });
    try {
      const graph = await connect(sandbox);
      const doomed = (await graph('POST', '/applications', { displayName: 'Doomed App' })).body;
      const before = sandbox.snapshot();
      const created = (await graph('POST', '/applications', { displayName: 'Fresh App' })).body;
      await graph('PATCH', `/applications/${doomed.id}`, { notes: 'changing' });
      await graph('DELETE', `/applications/${doomed.id}`);
      await graph('DELETE', `/directory/deletedItems/${doomed.id}`);
      const after = sandbox.snapshot();
      const diff = sandbox.diff(before, after);
      expect(diff.created).toEqual([
        expect.objectContaining({ kind: 'application', id: created.id, displayName: 'Fresh App' }),
      ]);
      expect(diff.deleted).toEqual([
        expect.objectContaining({ kind: 'application', id: doomed.id, displayName: 'Doomed App' }),
      ]);
      expect(diff.changed).toEqual([]);

      const mid = sandbox.snapshot();
      await graph('PATCH', `/applications/${created.id}`, { notes: 'reviewed', tags: ['sop'] });
      const changed = sandbox.diff(mid, sandbox.snapshot());
      expect(changed.changed).toEqual([
        expect.objectContaining({ kind: 'application', id: created.id, changedFields: ['notes', 'tags'] }),
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('ignores tokens and sign-ins unless asked, and the snapshot is a deep copy', async () => {
    const sandbox = await startSandbox({ seed: 3302 });
    try {
      const before = sandbox.snapshot();
      const graph = await connect(sandbox); // issues a token and records a sign-in
      await graph('GET', '/applications');
      const after = sandbox.snapshot();
      expect(isEmptyDiff(sandbox.diff(before, after))).toBe(true);
      expect(sandbox.diff(before, after, { includeSignIns: true }).created).toEqual([
        expect.objectContaining({ kind: 'signIn', collection: 'directory.signIns' }),
      ]);
      after.directory.applications = {};
      expect(Object.keys(sandbox.snapshot().directory.applications).length).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  });

  it('seeds the same ids for the same seed and different ones for another', async () => {
    const a = await startSandbox({ seed: 3303 });
    const b = await startSandbox({ seed: 3303 });
    const c = await startSandbox({ seed: 3304 });
    try {
      expect(b.tenantId).toBe(a.tenantId);
      expect(b.credentials).toEqual(a.credentials);
      expect(Object.keys(b.snapshot().directory.groups)).toEqual(Object.keys(a.snapshot().directory.groups));
      expect(c.tenantId).not.toBe(a.tenantId);
      // independent instances: a change in one is not seen in the other
      await (
        await connect(a)
      )('POST', '/applications', { displayName: 'Only In A' });
      expect(JSON.stringify(b.snapshot())).not.toContain('Only In A');
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('state file', () => {
  it('saves after each mutation and a second sandbox continues from it', async () => {
    const file = join(dir, 'tenant.json');
    const first = await startSandbox({ seed: 3310, stateFile: file });
    let appId: string;
    let secret: string;
    try {
      const graph = await connect(first);
      const app = (
        await graph(
          'PATCH',
          "/applications(uniqueName='kept-app')",
          { displayName: 'Kept App' },
          { prefer: 'create-if-missing' },
        )
      ).body;
      appId = app.appId;
      await graph('POST', '/servicePrincipals', { appId });
      secret = (await graph('POST', `/applications/${app.id}/addPassword`, {})).body.secretText;
      const onDisk = readFileSync(file, 'utf8');
      expect(onDisk).toContain('Kept App');
      expect(onDisk).not.toContain(secret);
      expect(readFileSync(file, 'utf8')).toBe(onDisk);
    } finally {
      await first.close();
    }
    expect(existsSync(file)).toBe(true);

    const second = await startSandbox({ seed: 1, stateFile: file });
    try {
      expect(second.tenantId).toBe(first.tenantId);
      expect(second.credentials).toEqual(first.credentials);
      const graph = await connect(second);
      const again = await graph(
        'PATCH',
        "/applications(uniqueName='kept-app')",
        { displayName: 'Kept App' },
        { prefer: 'create-if-missing' },
      );
      expect(again.status).toBe(204);
      // the secret issued by the first process still authenticates in the second
      const res = await fetch(`${second.url}/login/${second.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: appId,
          client_secret: secret,
          scope: 'https://graph.microsoft.com/.default',
        }),
      });
      expect(res.status).toBe(200);
      // new objects do not collide with ids from the first process
      const fresh = (await graph('POST', '/applications', { displayName: 'Second Process' })).body;
      expect(Object.keys(first.snapshot().directory.applications)).not.toContain(fresh.id);
    } finally {
      await second.close();
    }
  });

  it('refuses a file that is not a sandbox state', async () => {
    const file = join(dir, 'broken.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, '{"hello": 1}');
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/not a version 1 sandbox state/);
  });
});
