import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCheckpointKey } from './records/chain/checkpoint.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createCitizen, createStaff } from '../test/factories.js';
import { loadConfig } from './config.js';
import { createLogger } from './platform/log/logger.js';
import { openDatabase, startLiaise } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'liaise-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('start-up banner and logs', () => {
  it('the log says the same address as the banner (the one staff open), and where it is bound', async () => {
    const lines: string[] = [];
    const config = loadConfig({
      LIAISE_DATA_DIR: join(dir, 'banner'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    const running = await startLiaise(config, { logger: createLogger('info', { write: (l: string) => lines.push(l) }) });
    try {
      const listening = lines.map((l) => JSON.parse(l) as { msg: string }).find((l) => l.msg.startsWith('Liaise is running at'));
      expect(listening?.msg).toBe(`Liaise is running at ${running.url} (listening on ${running.url})`);
    } finally {
      await running.close();
    }
  });
});

describe('first start on embedded defaults', () => {
  it('creates one admin on first start, reuses the data on the second, and guards the embedded database', async () => {
    const config = loadConfig({ LIAISE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    expect(config.whatsapp.mode).toBe('simulator');
    const first = await startLiaise(config, { logger: createLogger('silent') });
    try {
      expect(first.firstAdmin?.email).toBe('admin@liaise.local');
      expect(first.firstAdmin?.oneTimePassword.length).toBeGreaterThanOrEqual(12);
      expect(first.phoneUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/phone$/);
      const health = await fetch(`${first.url}/readyz`);
      expect(await health.json()).toEqual({ ok: true, database: 'pglite' });
      // A second process must not open the same embedded database while the server holds it.
      const lock = join(dir, 'server.pid');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(lock, String(process.ppid));
      await expect(openDatabase(config)).rejects.toThrow(/Stop it first/);
      writeFileSync(lock, String(process.pid));
      // Records appended just before shutdown are sealed by the graceful close.
      const cw = await createStaff(first.services, null, { email: 'cw@council.example', role: 'caseworker', team: 'Triage' });
      await createCitizen(first.services, cw.actor, {
        waNumber: '07700 900111',
        dateOfBirth: null,
        ageBand: '18_or_over',
        caseReference: 'C-1',
      });
    } finally {
      await first.close();
    }
    const second = await startLiaise(config, { logger: createLogger('silent') });
    try {
      expect(second.firstAdmin).toBeNull();
      const admins = await second.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE role = 'admin'`);
      expect(admins.rows[0]!.n).toBe(1);
      const pending = await second.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM record_pending');
      expect(pending.rows[0]!.n).toBe(0);
      // The citizen's record and the record of the case its reference opened.
      expect(await second.services.records.verify()).toMatchObject({ ok: true, records: 2, sealed: 2 });
    } finally {
      await second.close();
    }
  }, 120_000);

  it('starts with every secret in the environment and no data directory yet, which it creates owner-only', async () => {
    const fresh = join(dir, 'not-yet', 'data');
    const config = loadConfig({
      LIAISE_DATA_DIR: fresh,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WHATSAPP_ACCESS_TOKEN: 'SIMtoken',
      WHATSAPP_APP_SECRET: 'app-secret-for-test',
      WHATSAPP_VERIFY_TOKEN: 'verify-token-for-test',
      LIAISE_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      LIAISE_CHECKPOINT_KEY: generateCheckpointKey('c1'),
      LIAISE_DIGEST_KEY: `d1:${Buffer.alloc(32, 8).toString('base64')}`,
    });
    const running = await startLiaise(config, { logger: createLogger('silent') });
    try {
      expect(await (await fetch(`${running.url}/readyz`)).json()).toEqual({ ok: true, database: 'pglite' });
      expect(statSync(fresh).mode & 0o777).toBe(0o700);
      expect(existsSync(join(fresh, 'secrets.json'))).toBe(false);
    } finally {
      await running.close();
    }
  }, 120_000);
});
