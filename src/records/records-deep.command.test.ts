import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createCitizen, createStaff, firstContact } from '../../test/factories.js';
import { loadConfig } from '../config.js';
import { openPglite } from '../platform/db/db.client.js';
import { createLogger } from '../platform/log/logger.js';
import { openServices } from '../server.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'liaise.js');
const dir = mkdtempSync(join(tmpdir(), 'liaise-deep-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { LIAISE_DATA_DIR: dir, TZ: 'UTC' };

async function liaise(args: string[]) {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 90_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('liaise records rekey-digests and records verify --deep', () => {
  it('re-keys a legacy digest with a record, passes --deep, then names two swapped ciphertexts and exits 1', async () => {
    // Messages written through the services, on the same configuration (and generated keys) as the CLI.
    const { services, close } = await openServices(loadConfig(env, { cwd: dir }), createLogger('silent'));
    await services.staff.createTeam(null, { name: 'Housing' });
    const { actor } = await createStaff(services, null, { role: 'caseworker', team: 'Housing' });
    const citizen = await createCitizen(services, actor, { fullName: 'Cal Deep', caseReference: 'HSG-DEEP-1' });
    const conv = await services.conversations.openConversation(actor, citizen.id, firstContact('Phoned and wrote twice'));
    await services.outbound.sendMessage(actor, conv.id, { useTemplate: true });
    const chat = join(dir, 'chat.txt');
    writeFileSync(chat, '[13/03/2024, 09:01:00] Cal Deep: first reply\n[13/03/2024, 09:02:00] Cal Deep: second reply\n');
    const imported = await services.imports.importFile(actor, { path: chat, fileName: 'chat.txt', citizenId: citizen.id });
    await services.records.sealPending();
    await close();

    const db = await openPglite(join(dir, 'pglite'));
    const ids = (
      await db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1 ORDER BY sent_at', [imported.conversationId])
    ).rows.map((r) => r.id);
    expect(ids).toHaveLength(2);
    // A row as a database from before keyed digests holds it.
    await db.query(`UPDATE message SET body_digest = repeat('b', 64), digest_key_id = NULL WHERE id = $1`, [ids[0]]);
    await db.close();

    const rekeyed = await liaise(['records', 'rekey-digests']);
    expect(rekeyed.code).toBe(0);
    expect(lastJson(rekeyed.stdout)).toEqual({
      rekeyed: 1,
      dropped: 0,
      unreadable: [],
      importKeys: 0,
      attachments: { rekeyed: 0, dropped: 0, unreadable: [] },
    });
    const clean = await liaise(['records', 'verify', '--deep', '--json']);
    expect(clean.code).toBe(0);
    expect(lastJson(clean.stdout)).toMatchObject({ ok: true, deep: { messages: 3, problems: 0 } });

    const db2 = await openPglite(join(dir, 'pglite'));
    await db2.query(
      `UPDATE message m SET body_ct = o.body_ct, key_id = o.key_id FROM message o
        WHERE (m.id = $1 AND o.id = $2) OR (m.id = $2 AND o.id = $1)`,
      [ids[0], ids[1]],
    );
    await db2.close();
    const swapped = await liaise(['records', 'verify', '--deep']);
    expect(swapped.code).toBe(1);
    for (const id of ids) expect(swapped.stdout).toContain(`message ${id}: body cannot be decrypted`);
    expect((lastJson(swapped.stdout)['deep'] as { messageIds: string[] }).messageIds.sort()).toEqual([...ids].sort());
  }, 300_000);
});
