import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../test/chat-export/chat-export.testing.js';
import { createTestContext, TEST_SECRETS, type TestContext } from '../../test/app.js';
import { DB_KINDS } from '../../test/db.js';
import { firstContact } from '../../test/factories.js';
import { createBrowserSession } from '../../test/http.js';
import { createServices } from '../composition.js';
import { testServicesOptions } from '../../test/services.js';
import { DIGEST_REKEYED_KIND } from '../conversations/digest-rekey.service.js';

const dir = mkdtempSync(join(tmpdir(), 'liaise-content-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (s: string) => createHmac('sha256', TEST_SECRETS.digestKeys.keys.d1).update(s).digest('hex');

/** Every text of one journey: sent, received, imported, a blocked attempt, notes and a justification. Unique per run. */
function journeyTexts(tag: string) {
  return {
    sent: `Hello, this is the housing team ${tag}`,
    warned: `Please call 07700 900456 about your repair ${tag}`,
    justification: `The citizen asked us to send it here ${tag}`,
    received: `yes ${tag}`,
    importedStaff: `Can we arrange a call ${tag}?`,
    importedCitizen: `ok ${tag}`,
    note: `Worried about the tone ${tag}`,
  };
}

const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

describe.each(DB_KINDS)('keyed digests and records verify --deep (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  /** A journey: a first contact, a send with a warning, a reply, an import with a photo, a report. */
  async function journey(tag: string) {
    const texts = journeyTexts(tag);
    const citizen = await t.addCitizen({ fullName: `Jo Journey ${tag}`, caseReference: `HSG-DIG-${tag}` });
    const conv = await t.services.conversations.openConversation(t.caseworker, citizen.id, firstContact(`Phoned and wrote ${tag}`));
    await t.services.outbound.sendMessage(t.caseworker, conv.id, { useTemplate: true });
    await t.settle();
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: texts.received });
    await t.settle();
    await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: texts.sent });
    await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: texts.warned, justification: texts.justification });
    await t.settle();
    const { messages } = await t.services.conversations.readConversation(t.caseworker, conv.id);
    const received = messages.find((m) => m.body === texts.received)!;
    await t.services.reports.reportMessage(t.caseworker, received.id, { category: 'other', note: texts.note });

    const chat = [
      `[13/03/2024, 09:01:00] ${t.caseworker.displayName}: ${texts.importedStaff}`,
      `[13/03/2024, 09:02:00] Jo Journey ${tag}: <attached: 00000001-PHOTO-2024-03-13-09-02-00.jpg>`,
      `[13/03/2024, 09:03:00] Jo Journey ${tag}: ${texts.importedCitizen}`,
      '',
    ].join('\n');
    const zip = join(dir, `chat-${tag}.zip`);
    writeFileSync(
      zip,
      buildZip([
        { name: '_chat.txt', data: chat },
        { name: '00000001-PHOTO-2024-03-13-09-02-00.jpg', data: PHOTO },
      ]),
    );
    const imported = await t.services.imports.importFile(t.caseworker, { path: zip, fileName: 'chat.zip', citizenId: citizen.id });
    await t.services.records.sealPending();
    return { texts, citizen, conv, importedConversationId: imported.conversationId!, received };
  }

  const messageIdsOf = async (conversationId: string) =>
    (
      await t.db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1 ORDER BY created_at, id', [conversationId])
    ).rows.map((r) => r.id);

  it('writes no unkeyed SHA-256 of any text in a column or record; verify and verify --deep pass on the untouched journey', async () => {
    const { texts, conv, importedConversationId } = await journey('clean');
    const dump = JSON.stringify([
      (await t.db.query('SELECT * FROM message')).rows,
      (await t.db.query('SELECT * FROM record')).rows,
      (await t.db.query('SELECT * FROM message_report')).rows,
      (await t.db.query('SELECT * FROM audit_event')).rows,
      (await t.db.query('SELECT * FROM attachment')).rows,
      (await t.db.query('SELECT * FROM attachment_content')).rows,
    ]);
    // Nor of any attachment: the photo's digest is the HMAC of its SHA-256.
    expect(dump).not.toContain(sha256(PHOTO));
    expect(dump).toContain(hmac(`attachment-sha256:${sha256(PHOTO)}`));
    const records = JSON.stringify((await t.db.query('SELECT * FROM record')).rows);
    for (const text of Object.values(texts)) {
      expect(dump).not.toContain(sha256(text));
      expect(records).not.toContain(text);
    }
    // Each body is digested under the digest key, which the row and the record name.
    const sent = await t.db.query<{ id: string; body_digest: string; digest_key_id: string }>(
      `SELECT m.id, m.body_digest, m.digest_key_id FROM message m JOIN record r ON r.message_id = m.id
        WHERE r.kind = 'message.outbound' AND m.conversation_id = $1 AND r.payload->>'bodyDigest' = $2`,
      [conv.id, hmac(texts.sent)],
    );
    expect(sent.rows).toHaveLength(1);
    expect(sent.rows[0]).toMatchObject({ body_digest: hmac(texts.sent), digest_key_id: 'd1' });
    expect((await messageIdsOf(importedConversationId)).length).toBe(3);
    // Imported messages' dedupe keys are keyed digests too (an unkeyed hash over time, author and text could be guessed).
    const importKeys = await t.db.query<{ provider_message_id: string }>(
      'SELECT provider_message_id FROM message WHERE conversation_id = $1',
      [importedConversationId],
    );
    expect(importKeys.rows.every((r) => /^import:d1:[0-9a-f]{64}:\d+$/.test(r.provider_message_id))).toBe(true);

    const verify = await t.services.records.verify();
    expect(verify).toMatchObject({ ok: true, messageLinks: { unrecordedCount: 0, orphanCount: 0 } });
    const deep = await t.services.contentVerify.verifyContent();
    expect(deep.problems).toEqual([]);
    expect(deep.messages).toBeGreaterThanOrEqual(7);
    expect(deep.attachments).toBeGreaterThanOrEqual(1);
  });

  it('re-keys legacy unkeyed digests with new records, leaves earlier records alone, and re-keys after a key rotation', async () => {
    const { conv, importedConversationId } = await journey('legacy');
    const ids = await messageIdsOf(conv.id);
    // What a database from before keyed digests holds: an unkeyed SHA-256 and no key id.
    const before = await t.db.query<{ id: string; record_hash: string }>('SELECT id, record_hash FROM record ORDER BY seq');
    const legacy = await t.db.query<{ id: string; text: string }>(
      `SELECT m.id, r.payload->>'bodyDigest' AS text FROM message m JOIN record r ON r.message_id = m.id AND r.kind = 'message.outbound'
        WHERE m.conversation_id = $1 AND m.kind = 'text'`,
      [conv.id],
    );
    expect(legacy.rows.length).toBeGreaterThanOrEqual(2);
    await t.db.query(`UPDATE message SET body_digest = repeat('a', 64), digest_key_id = NULL WHERE id = ANY($1::uuid[])`, [
      legacy.rows.map((r) => r.id),
    ]);

    // And an imported message's dedupe key as stored before keys were keyed.
    const [importedId] = await messageIdsOf(
      (
        await t.db.query<{ conversation_id: string }>(
          `SELECT conversation_id FROM message WHERE provider_message_id LIKE 'import:%' ORDER BY created_at DESC LIMIT 1`,
        )
      ).rows[0]!.conversation_id,
    );
    const legacySha = 'b'.repeat(64);
    await t.db.query('UPDATE message SET provider_message_id = $2 WHERE id = $1', [importedId, `import:${legacySha}:1`]);
    // And an attachment's unkeyed SHA-256 (re-keyed from the hash itself, without reading the file).
    const photo = await t.db.query<{ id: string }>(
      `SELECT a.id FROM attachment a JOIN message m ON m.id = a.message_id WHERE m.conversation_id = $1`,
      [importedConversationId],
    );
    expect(photo.rows).toHaveLength(1);
    await t.db.query('UPDATE attachment SET content_digest = $2, digest_key_id = NULL WHERE id = $1', [photo.rows[0]!.id, sha256(PHOTO)]);

    const first = await t.services.digestRekey.rekeyDigests();
    expect(first.rekeyed).toBe(legacy.rows.length);
    expect(first.unreadable).toEqual([]);
    expect(first.importKeys).toBe(1);
    expect(first.attachments).toEqual({ rekeyed: 1, dropped: 0, unreadable: [] });
    const rekeyedPhoto = await t.db.query('SELECT content_digest, digest_key_id FROM attachment WHERE id = $1', [photo.rows[0]!.id]);
    expect(rekeyedPhoto.rows[0]).toEqual({ content_digest: hmac(`attachment-sha256:${sha256(PHOTO)}`), digest_key_id: 'd1' });
    const photoRecord = await t.db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM record WHERE kind = 'attachment.digest-rekeyed' AND payload->>'attachmentId' = $1`,
      [photo.rows[0]!.id],
    );
    expect(photoRecord.rows.map((r) => r.payload)).toEqual([
      {
        attachmentId: photo.rows[0]!.id,
        contentDigest: hmac(`attachment-sha256:${sha256(PHOTO)}`),
        digestKeyId: 'd1',
        previousDigestKeyId: null,
      },
    ]);
    const rekeyedKey = await t.db.query<{ provider_message_id: string }>('SELECT provider_message_id FROM message WHERE id = $1', [
      importedId,
    ]);
    expect(rekeyedKey.rows[0]!.provider_message_id).toBe(`import:d1:${hmac(legacySha)}:1`);
    const again = await t.services.digestRekey.rekeyDigests();
    expect(again).toEqual({
      rekeyed: 0,
      dropped: 0,
      unreadable: [],
      importKeys: 0,
      attachments: { rekeyed: 0, dropped: 0, unreadable: [] },
    });
    const rows = await t.db.query<{ body_digest: string; digest_key_id: string }>(
      'SELECT body_digest, digest_key_id FROM message WHERE id = ANY($1::uuid[])',
      [legacy.rows.map((r) => r.id)],
    );
    expect(rows.rows.every((r) => r.digest_key_id === 'd1' && r.body_digest !== 'a'.repeat(64))).toBe(true);
    const added = await t.db.query<{ message_id: string; payload: { bodyDigest: string; digestKeyId: string; previousDigestKeyId: null } }>(
      `SELECT message_id, payload FROM record WHERE kind = $1 AND message_id = ANY($2::uuid[])`,
      [DIGEST_REKEYED_KIND, ids],
    );
    expect(added.rows.map((r) => r.message_id).sort()).toEqual(legacy.rows.map((r) => r.id).sort());
    expect(added.rows[0]!.payload).toMatchObject({ digestKeyId: 'd1', previousDigestKeyId: null });
    // Earlier records are untouched, and the chain still verifies with the new ones sealed in.
    const after = await t.db.query<{ id: string; record_hash: string }>('SELECT id, record_hash FROM record ORDER BY seq');
    expect(after.rows.slice(0, before.rows.length)).toEqual(before.rows);
    await t.services.records.sealPending();
    expect((await t.services.records.verify()).ok).toBe(true);
    expect((await t.services.contentVerify.verifyContent()).problems).toEqual([]);

    // Rotation: a new current key d2, the old d1 kept to check old digests; every body moves to d2.
    const rotated = createServices({
      ...testServicesOptions(t.db),
      digestKeys: { current: 'd2', keys: { d2: Buffer.alloc(32, 21), d1: TEST_SECRETS.digestKeys.keys.d1 } },
    });
    const total = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM message WHERE body_ct IS NOT NULL')).rows[0]!.n;
    const files = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM attachment WHERE content_id IS NOT NULL`)).rows[0]!.n;
    expect(files).toBeGreaterThanOrEqual(2);
    const moved = await rotated.digestRekey.rekeyDigests();
    expect(moved.rekeyed).toBe(total);
    // Attachments under d1 are read (streamed) to take their SHA-256 again, and keyed under d2.
    expect(moved.attachments).toEqual({ rekeyed: files, dropped: 0, unreadable: [] });
    const left = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message WHERE body_ct IS NOT NULL AND digest_key_id IS DISTINCT FROM 'd2'`,
    );
    expect(left.rows[0]!.n).toBe(0);
    await rotated.records.sealPending();
    const sealedAfter = await rotated.records.verify();
    expect(sealedAfter.firstProblem).toBeNull();
    // Every body is checked against its newest record's key (d2); a verify without d2 says it cannot check them.
    expect((await rotated.contentVerify.verifyContent()).problems).toEqual([]);
    const withoutD2 = await t.services.contentVerify.verifyContent();
    expect(withoutD2.problemCount).toBe(total + files);
    expect(withoutD2.problems.every((p) => p.problem === 'digest key "d2" is not configured')).toBe(true);
  });
  it('names a deleted message, two swapped ciphertexts and an altered attachment; the conversation still opens', async () => {
    const { conv, importedConversationId } = await journey('tampered');
    const ids = await messageIdsOf(conv.id);
    // In order: the template, the reply, the plain send, the warned send.
    const [template, , first, second] = ids;
    // Swap two messages' ciphertexts (with their key ids).
    await t.db.query(
      `UPDATE message m SET body_ct = o.body_ct, key_id = o.key_id FROM message o
        WHERE (m.id = $1 AND o.id = $2) OR (m.id = $2 AND o.id = $1)`,
      [first, second],
    );
    // Delete a message row (with what hangs off it).
    const deleted = template!;
    for (const table of ['message_status_event', 'message_retention', 'message_report', 'message_client_key', 'attachment'])
      await t.db.query(`DELETE FROM ${table} WHERE message_id = $1`, [deleted]).catch(() => undefined);
    await t.db.query('DELETE FROM message WHERE id = $1', [deleted]);
    // Alter the imported photo's stored content.
    const photo = await t.db.query<{ id: string; message_id: string }>(
      `SELECT a.id, a.message_id FROM attachment a JOIN message m ON m.id = a.message_id WHERE m.conversation_id = $1`,
      [importedConversationId],
    );
    expect(photo.rows).toHaveLength(1);
    const altered = await t.db.query(
      `UPDATE attachment_chunk c SET content_ct = set_byte(c.content_ct, 20, get_byte(c.content_ct, 20) # 255)
         FROM attachment a WHERE a.id = $1 AND c.content_id = a.content_id AND c.seq = 0`,
      [photo.rows[0]!.id],
    );
    expect(altered.rowCount).toBe(1);

    const verify = await t.services.records.verify();
    expect(verify.ok).toBe(false);
    expect(verify.messageLinks.recordsWithoutMessage).toEqual([deleted]);
    // (Messages of the earlier tests were re-keyed under d2, which these services do not know: only this journey's count here.)
    const journeyIds = new Set([...ids, ...(await messageIdsOf(importedConversationId))]);
    const deep = await t.services.contentVerify.verifyContent();
    const problems = deep.problems.filter((p) => journeyIds.has(p.messageId));
    expect(
      problems
        .filter((p) => !p.attachmentId)
        .map((p) => p.messageId)
        .sort(),
    ).toEqual([first, second].sort());
    expect(problems.filter((p) => p.attachmentId)).toEqual([
      expect.objectContaining({ messageId: photo.rows[0]!.message_id, attachmentId: photo.rows[0]!.id }),
    ]);

    // The swapped messages show as unreadable, on the page over real HTTP and in the API; the rest still reads.
    const { email, password, staff } = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.signIn(email, password);
    const page = await fetch(`${t.appUrl}/conversations/${conv.id}`, {
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/This message could not be read/g)).toHaveLength(2);
    expect(html).toContain('yes tampered');
    const { token } = await t.services.staff.createApiToken(null, staff.id, 'Verify test');
    const api = await fetch(`${t.appUrl}/api/v1/conversations/${conv.id}/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { messages: { id: string; body: string | null; unreadable: boolean }[] };
    const unreadable = body.messages.filter((m) => m.unreadable);
    expect(unreadable.map((m) => m.id).sort()).toEqual([first, second].sort());
    expect(unreadable.every((m) => m.body === 'This message could not be read')).toBe(true);
    expect(body.messages.find((m) => m.body === 'yes tampered')?.unreadable).toBe(false);
    // The case's export still comes out, the two shown as unreadable.
    const caseId = (await t.db.query<{ id: string }>(`SELECT id FROM case_file WHERE reference = 'HSG-DIG-tampered'`)).rows[0]!.id;
    const exported = await t.services.caseExport.exportCase(t.caseworker, caseId, 'json');
    expect(exported.body.toString('utf8').match(/This message could not be read/g)).toHaveLength(2);
  });
});
