import { generateCheckpointKey } from '../chain/checkpoint.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { seedMessageRetention } from '../../../test/retention-seed.js';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../platform/log/logger.js';
import { addPeriod } from '../retention/disposal-date.js';
import { loadRetentionScheduleFile } from '../retention/retention-schedule.file.js';
import { openDatabase, startLiaise } from '../../server.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'liaise.js');
const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'liaise-disposal-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function liaise(args: string[], env: Record<string, string>) {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { PATH: process.env['PATH'] ?? '', TZ: 'UTC', ...env }, timeout: 90_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const lastJson = <T = Record<string, unknown>>(stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as T;

describe('retention and holds on the command line', () => {
  it('refuses bad arguments with a clear message and exit 2, changing nothing; in production --as-of needs --dry-run', async () => {
    const env = { LIAISE_DATA_DIR: dataDir() };
    const cases: [string[], string][] = [
      [['retention', 'run', '--as-of', '2026-02-30'], 'YYYY-MM-DD'],
      [['retention', 'run', '--bogus'], 'unknown option'],
      [['holds', 'create', '--reason', 'Claim'], 'exactly one scope'],
      [['holds', 'create', '--reason', 'Claim', '--number', '+447700900123', '--keyword', 'rent'], 'exactly one scope'],
      [['holds', 'create', '--reason', 'Claim', '--from', '2026-01-01'], '--to'],
      [['holds', 'create', '--reason', 'Claim', '--from', '2026-02-01', '--to', '2026-01-01'], '--to must be'],
      [['holds', 'create', '--number', '+447700900123'], '--reason'],
      [['holds', 'create', '--reason', 'Claim', '--citizen', 'nobody'], 'UUID'],
      [['holds', 'create', '--reason', 'Claim', '--class', 'no-such-class'], 'retention schedule'],
      [['holds', 'create', '--reason', 'Claim', '--number', '12'], 'international format'],
      [['holds', 'release', 'not-an-id', '--reason', 'Done'], 'not a hold id'],
      [['holds', 'release', '00000000-0000-4000-8000-000000000000'], '--reason'],
    ];
    for (const [args, message] of cases) {
      const r = await liaise(args, env);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(message);
    }
    const list = await liaise(['holds', 'list', '--json'], env);
    expect(list.code).toBe(0);
    expect(lastJson(list.stdout)).toEqual({ holds: [] });

    const production = {
      LIAISE_DATA_DIR: dataDir(),
      WHATSAPP_GRAPH_BASE: 'http://127.0.0.1:9',
      WHATSAPP_ACCESS_TOKEN: 'token',
      WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
      WHATSAPP_APP_SECRET: 'secret-0123456789',
      WHATSAPP_VERIFY_TOKEN: 'verify',
      LIAISE_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      LIAISE_CHECKPOINT_KEY: generateCheckpointKey('c1'),
      LIAISE_DIGEST_KEY: `d1:${Buffer.alloc(32, 4).toString('base64')}`,
    };
    const refused = await liaise(['retention', 'run', '--as-of', '2030-01-01'], production);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--dry-run');
    const dry = await liaise(['retention', 'run', '--as-of', '2030-01-01', '--dry-run', '--json'], production);
    expect(dry.code).toBe(0);
    expect(lastJson(dry.stdout)).toEqual({
      asOf: '2030-01-01',
      dryRun: true,
      destroyed: 0,
      queuedForReview: 0,
      held: 0,
      notDue: 0,
      certificateId: null,
    });
  }, 240_000);

  it('as a new user: messages from an unknown number go seven months on, not at five; a hold on the number keeps them; the certificate names no number or text; the API then returns no content', async () => {
    const env = { LIAISE_DATA_DIR: dataDir(), PORT: '0', SIMULATOR_PORT: '0' };
    const config = loadConfig(env);
    const number = '+447700900777';
    const texts = ['Hello, this is Jo Bloggs about my repair', 'I live at 3 Acacia Avenue'];

    // A fresh Liaise with its simulator: a citizen the council does not know writes in.
    let liaiseRun = await startLiaise(config, { roles: ['web', 'worker', 'scheduler', 'simulator'], logger: createLogger('silent') });
    let token: string;
    let conversationId: string;
    try {
      for (const text of texts) {
        const res = await fetch(`${liaiseRun.simulator!.url}/_sim/inbound`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: '07700 900777', text, profileName: 'Jo B' }),
        });
        expect(res.status).toBe(201);
      }
      const officer = await liaiseRun.services.staff.createStaff(null, {
        email: 'records@council.example',
        role: 'records_officer',
        team: null,
        displayName: 'Rita Records',
      });
      token = (await liaiseRun.services.staff.createApiToken(null, officer.staff.id, 'Case system')).token;
      for (let i = 0; i < 600; i++) {
        const r = await liaiseRun.services.db.query<{ id: string; n: number }>(
          `SELECT cv.id, (SELECT count(*)::int FROM message m WHERE m.conversation_id = cv.id) AS n FROM conversation cv WHERE cv.wa_number = $1`,
          [number],
        );
        if (r.rows[0]?.n === 2) {
          conversationId = r.rows[0].id;
          break;
        }
        await new Promise((res) => setTimeout(res, 50));
      }
      expect(conversationId!).toBeDefined();
    } finally {
      await liaiseRun.close();
    }

    // Until the retention service assigns classes, the test gives each message its class and date.
    const db = await openDatabase(config);
    await seedMessageRetention(db, loadRetentionScheduleFile(), new Date());
    await db.close();

    const today = new Date().toISOString().slice(0, 10);
    const fiveMonths = addPeriod(today, 0, 5);
    const sevenMonths = addPeriod(today, 0, 7);
    const cli = { LIAISE_DATA_DIR: env.LIAISE_DATA_DIR };

    const atFive = await liaise(['retention', 'run', '--as-of', fiveMonths, '--json'], cli);
    expect(atFive.code).toBe(0);
    expect(lastJson(atFive.stdout)).toMatchObject({ asOf: fiveMonths, dryRun: false, destroyed: 0, notDue: 2, certificateId: null });

    const hold = await liaise(['holds', 'create', '--number', number, '--reason', 'Complaint expected about the repair', '--json'], cli);
    expect(hold.code).toBe(0);
    const holdId = lastJson<{ id: string }>(hold.stdout).id;
    const listed = await liaise(['holds', 'list', '--json'], cli);
    expect(lastJson<{ holds: { id: string; releasedAt: string | null }[] }>(listed.stdout).holds).toEqual([
      expect.objectContaining({ id: holdId, releasedAt: null }),
    ]);

    const held = await liaise(['retention', 'run', '--as-of', sevenMonths, '--json'], cli);
    expect(lastJson(held.stdout)).toMatchObject({ destroyed: 0, held: 2, certificateId: null });

    const released = await liaise(['holds', 'release', holdId, '--reason', 'No complaint came'], cli);
    expect(released.code).toBe(0);
    const twice = await liaise(['holds', 'release', holdId, '--reason', 'Again'], cli);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already been released');

    const gone = await liaise(['retention', 'run', '--as-of', sevenMonths, '--json'], cli);
    expect(gone.code).toBe(0);
    expect(gone.stderr).toContain('2 destroyed');
    const result = lastJson<{ destroyed: number; held: number; certificateId: string }>(gone.stdout);
    expect(result).toMatchObject({ asOf: sevenMonths, dryRun: false, destroyed: 2, queuedForReview: 0, held: 0, notDue: 0 });
    expect(result.certificateId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await liaise(['retention', 'run', '--as-of', sevenMonths, '--json'], cli);
    expect(lastJson(again.stdout)).toMatchObject({ destroyed: 0, certificateId: null });

    const certs = await liaise(['retention', 'certificates', '--json'], cli);
    expect(certs.code).toBe(0);
    const listedCerts = lastJson<{ certificates: { id: string; total: number; approver: string; classes: { classId: string }[] }[] }>(
      certs.stdout,
    ).certificates;
    expect(listedCerts).toEqual([
      expect.objectContaining({
        id: result.certificateId,
        total: 2,
        approver: 'schedule',
        runOutcome: 'completed',
        classes: [expect.objectContaining({ classId: 'transient-unlinked', count: 2 })],
      }),
    ]);
    expect(certs.stdout).toContain(`${result.certificateId}  `);
    expect(certs.stdout).toContain('run completed');
    for (const personal of ['447700900777', '7700 900777', 'Jo', 'Bloggs', 'Acacia', 'repair'])
      expect(certs.stdout).not.toContain(personal);

    const verify = await liaise(['records', 'verify'], cli);
    expect(verify.code).toBe(0);
    expect(lastJson(verify.stdout)).toMatchObject({ ok: true });

    // The API: the messages are there, marked destroyed, with no content.
    liaiseRun = await startLiaise(config, { roles: ['web'], logger: createLogger('silent') });
    try {
      const res = await fetch(`${liaiseRun.url}/api/v1/conversations/${conversationId!}/messages`, {
        headers: { authorization: `Bearer ${token!}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { messages: { body: string | null; destroyedAt: string | null; attachments: unknown[] }[] };
      expect(body.messages).toHaveLength(2);
      for (const m of body.messages) expect(m).toMatchObject({ body: null, attachments: [] });
      expect(body.messages.every((m) => m.destroyedAt !== null)).toBe(true);
      const raw = JSON.stringify(body);
      for (const t of texts) expect(raw).not.toContain(t);
    } finally {
      await liaiseRun.close();
    }
  }, 300_000);
});
