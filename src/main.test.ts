import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'bin', 'liaise.js');
const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'liaise-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function liaise(args: string[], env: Record<string, string>) {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('liaise CLI', () => {
  it('creates staff and verifies the record chain on the same configuration as the server', async () => {
    const env = { LIAISE_DATA_DIR: dataDir() };
    const team = await liaise(['team', 'create', '--name', 'Housing'], env);
    expect(team.code).toBe(0);
    const created = await liaise(['staff', 'create', '--email', 'cw@council.example', '--role', 'caseworker', '--team', 'Housing'], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout.trim())).toMatchObject({ email: 'cw@council.example', role: 'caseworker' });
    const noTeam = await liaise(['staff', 'create', '--email', 'm@council.example', '--role', 'manager'], env);
    expect(noTeam.code).toBe(1);
    expect(noTeam.stderr).toContain('must belong to a team');
    // API tokens: created, listed without their secret, revoked by id.
    const token = JSON.parse(
      (await liaise(['api-token', 'create', '--email', 'cw@council.example', '--name', 'Case system'], env)).stdout.trim(),
    ) as {
      id: string;
      token: string;
    };
    const listed = await liaise(['api-token', 'list', '--email', 'cw@council.example'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(token.token);
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({
      id: token.id,
      name: 'Case system',
      staffEmail: 'cw@council.example',
      revokedAt: null,
    });
    expect((await liaise(['api-token', 'revoke', token.id], env)).code).toBe(0);
    const after = JSON.parse((await liaise(['api-token', 'list'], env)).stdout.trim()) as { revokedAt: string | null };
    expect(after.revokedAt).not.toBeNull();
    const again = await liaise(['api-token', 'revoke', token.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not found');
    const verify = await liaise(['records', 'verify'], env);
    expect(verify.code).toBe(0);
    const last = JSON.parse(verify.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ records: 0, ok: true });
  }, 120_000);

  it('lists every configuration problem at once and exits 78', async () => {
    const r = await liaise(['records', 'verify'], {
      LIAISE_DATA_DIR: dataDir(),
      PORT: 'abc',
      WHATSAPP_GRAPH_BASE: 'https://graph.facebook.com',
      LIAISE_TIMEZONE: 'Mars/Olympus',
    });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('PORT');
    const again = await liaise(['records', 'verify'], {
      LIAISE_DATA_DIR: dataDir(),
      WHATSAPP_GRAPH_BASE: 'https://graph.facebook.com',
      LIAISE_TIMEZONE: 'Mars/Olympus',
    });
    expect(again.code).toBe(78);
    for (const v of [
      'WHATSAPP_ACCESS_TOKEN',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'LIAISE_ENCRYPTION_KEY',
      'LIAISE_DIGEST_KEY',
      'LIAISE_TIMEZONE',
    ])
      expect(again.stderr).toContain(v);
  }, 60_000);
});

describe('liaise records verify on a broken chain', () => {
  it('names the first broken record and exits 1', async () => {
    const dir = dataDir();
    const env = { LIAISE_DATA_DIR: dir };
    expect((await liaise(['team', 'create', '--name', 'Housing'], env)).code).toBe(0);
    // Append and seal two records, then alter one behind the append-only trigger.
    const { openPglite } = await import('./platform/db/db.client.js');
    const { createRecordsService } = await import('./records/records.service.js');
    const { createRecordsRepository } = await import('./records/records.repository.js');
    const db = await openPglite(join(dir, 'pglite'));
    const records = createRecordsService({ db, records: createRecordsRepository(), clock: { now: () => new Date() } });
    const ids = await db.transaction(async (tx) => [
      await records.append(tx, { kind: 'test.a', payload: { n: 1 } }),
      await records.append(tx, { kind: 'test.b', payload: { n: 2 } }),
    ]);
    await records.sealPending();
    await db.exec('ALTER TABLE record DISABLE TRIGGER record_append_only');
    await db.query(`UPDATE record SET payload = '{"n": 3}'::jsonb WHERE id = $1`, [ids[1]]);
    await db.close();
    const r = await liaise(['records', 'verify'], env);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toContain(ids[1]);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ records: 2, ok: false, firstBrokenRecord: ids[1] });
  }, 120_000);
});

describe('liaise chat-export import', () => {
  it('imports an export for a case, says so when it was already imported, and asks for unknown authors', async () => {
    const dir = dataDir();
    const env = { LIAISE_DATA_DIR: dir };
    const { loadConfig } = await import('./config.js');
    const { openServices } = await import('./server.js');
    const { createLogger } = await import('./platform/log/logger.js');
    const { services, close } = await openServices(loadConfig(env), createLogger('silent'));
    const { createCitizen, createStaff, createTeam } = await import('../test/factories.js');
    await createTeam(services, null, { name: 'Housing' });
    const kim = await createStaff(services, null, {
      email: 'kim.worker@council.example',
      role: 'caseworker',
      team: 'Housing',
      displayName: 'Kim Worker',
    });
    await createCitizen(services, kim.actor, {
      fullName: 'Alex Example',
      waNumber: '07700 900123',
      dateOfBirth: '1980-01-01',
      caseReference: 'HSG-9',
    });
    await close();
    const { writeFileSync } = await import('node:fs');
    const chat = join(dir, 'chat.txt');
    writeFileSync(chat, '13/03/2024, 09:01 - Kim Worker: Can we arrange a call?\n13/03/2024, 09:05 - Alex Example: Yes, after 5pm\n');
    const first = await liaise(['chat-export', 'import', chat, '--as', 'kim.worker@council.example', '--case', 'HSG-9'], env);
    expect(first.stderr).toContain('100%');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout.trim())).toMatchObject({ alreadyImported: false, messagesImported: 2 });
    const again = await liaise(['chat-export', 'import', chat, '--as', 'kim.worker@council.example', '--case', 'HSG-9'], env);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ alreadyImported: true, messagesImported: 0 });
    const group = join(dir, 'group.txt');
    writeFileSync(
      group,
      '13/03/2024, 09:01 - Kim Worker: hello\n13/03/2024, 09:02 - Neighbour Person: hi\n13/03/2024, 09:03 - Alex Example: hey\n',
    );
    const ask = await liaise(['chat-export', 'import', group, '--as', 'kim.worker@council.example', '--case', 'HSG-9'], env);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain('--author "Neighbour Person=citizen"');
    const ok = await liaise(
      ['chat-export', 'import', group, '--as', 'kim.worker@council.example', '--case', 'HSG-9', '--author', 'Neighbour Person=third-party'],
      env,
    );
    expect(JSON.parse(ok.stdout.trim())).toMatchObject({ messagesImported: 3 });
    const verify = await liaise(['records', 'verify'], env);
    expect(JSON.parse(verify.stdout.trim().split('\n').at(-1)!)).toMatchObject({ ok: true, pending: 0 });
  }, 180_000);
});
