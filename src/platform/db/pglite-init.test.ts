import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './db.client.js';

describe('an embedded database in a new directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liaise-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created by a process of its own, then opened, and keeps what was written when reopened', async () => {
    const dataDir = join(dir, 'pglite');
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
    const buffersBefore = process.memoryUsage().arrayBuffers;
    const first = await openPglite(dataDir);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    // initdb in this process held some 300 MB of buffers; opening an existing directory, under 20 MB.
    // (A file of its own, so that no earlier test's buffers come and go in between.)
    expect(process.memoryUsage().arrayBuffers - buffersBefore).toBeLessThan(150 * 1024 * 1024);
    expect((await first.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]?.shared_buffers).toBe('16MB');
    await first.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    await first.close();
    const again = await openPglite(dataDir);
    expect((await again.query<{ n: number }>('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
    await again.close();
  });

  it('fails with a clear error when the directory cannot hold a database, and is not taken as created', async () => {
    const dataDir = join(dir, 'not-a-cluster');
    mkdirSync(dataDir);
    // A stray file where initdb makes its first folder.
    writeFileSync(join(dataDir, 'base'), 'not a folder');
    await expect(openPglite(dataDir)).rejects.toThrow(/^Creating the embedded database failed \(exit 1\)/);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
    expect(readdirSync(dataDir)).toContain('base');
  });
});
