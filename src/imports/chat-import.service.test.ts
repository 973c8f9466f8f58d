import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buffer } from 'node:stream/consumers';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_SECRETS, type TestContext } from '../../test/app.js';
import { testServicesOptions } from '../../test/services.js';
import { createServices } from '../composition.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { buildZip } from '../../test/chat-export/chat-export.testing.js';
import { CONTENT_CHUNK_BYTES } from '../platform/crypto/cipher.js';

const dir = mkdtempSync(join(tmpdir(), 'liaise-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileSeq = 0;
const file = (content: string | Buffer, ext = 'txt') => {
  const p = join(dir, `export-${++fileSeq}.${ext}`);
  writeFileSync(p, content);
  return p;
};

/** A small Android export between a caseworker and a citizen, all synthetic. */
const androidChat = (staffName: string) =>
  [
    '12/03/2024, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
    `12/03/2024, 09:01 - ${staffName}: Hello, this is the housing team. Can we arrange a call?`,
    '12/03/2024, 09:05 - Alex Example: Yes please, after 5pm',
    'I am at work until then',
    `12/03/2024, 09:06 - ${staffName}: My NHS number is not needed, but yours is 943 476 5919?`,
    '12/03/2024, 09:07 - Alex Example: IMG-20240312-WA0001.jpg (file attached)',
    'photo of the damp',
    '31/03/2024, 01:30 - Alex Example: sent during the clock change',
    '',
  ].join('\n');

describe.each(DB_KINDS)('chat export import (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('imports a chat into the records, scanned, linked to the case, with original times; the same file twice imports nothing', async () => {
    const citizen = await t.addCitizen({ fullName: 'Alex Example', caseReference: 'HSG-IMP-1' });
    const me = t.caseworker;
    const path = file(androidChat(me.displayName));
    const first = await t.services.imports.importFile(me, { path, fileName: 'WhatsApp Chat with Alex.txt', caseReference: 'HSG-IMP-1' });
    expect(first).toMatchObject({ alreadyImported: false, messagesImported: 6, messagesSkipped: 0 });
    expect(first.flagged).toBeGreaterThanOrEqual(1);
    const { messages } = await t.services.conversations.readConversation(me, first.conversationId!);
    const byText = (s: string) => messages.find((m) => m.body?.includes(s))!;
    expect(byText('Can we arrange a call').direction).toBe('outbound');
    expect(byText('Can we arrange a call').staffId).toBe(me.id);
    expect(byText('after 5pm').direction).toBe('inbound');
    expect(byText('after 5pm').body).toBe('Yes please, after 5pm\nI am at work until then');
    expect(byText('after 5pm').sentAt!.toISOString()).toBe('2024-03-12T09:05:00.000Z');
    expect(byText('943 476 5919').flagged).toBe('personal_data');
    expect(byText('clock change').sentAt!.toISOString()).toBe('2024-03-31T01:30:00.000Z');
    const recs = await t.db.query<{ payload: { fileSha256: string; batchId: string; originalTime: string } }>(
      `SELECT payload FROM record WHERE kind = 'message.imported' AND conversation_id = $1`,
      [first.conversationId],
    );
    expect(recs.rows).toHaveLength(6);
    expect(recs.rows[0]!.payload.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(recs.rows[0]!.payload.batchId).toBe(first.batchId);
    expect(JSON.stringify(recs.rows)).not.toContain('943 476');
    // The conversation is not a channel to reply on.
    await expect(t.services.outbound.sendMessage(me, first.conversationId!, { text: 'hi' })).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_ON_THIS_NUMBER',
    });

    const again = await t.services.imports.importFile(me, { path, fileName: 'copy.txt', caseReference: 'HSG-IMP-1' });
    expect(again).toMatchObject({ alreadyImported: true, messagesImported: 0, batchId: first.batchId });
    // A later export of the same chat with one more message adds only the new one.
    const longer = file(`${androidChat(me.displayName)}01/04/2024, 10:00 - Alex Example: one more thing\n`);
    const third = await t.services.imports.importFile(me, { path: longer, fileName: 'later.txt', citizenId: citizen.id });
    expect(third).toMatchObject({ alreadyImported: false, messagesImported: 1, messagesSkipped: 6 });
    // After the digest key is rotated (d2 current, d1 still configured) a still longer export adds only its new
    // message: the earlier ones are found under their d1 dedupe keys.
    const rotated = createServices({
      ...testServicesOptions(t.db),
      digestKeys: { current: 'd2', keys: { d2: Buffer.alloc(32, 12), ...TEST_SECRETS.digestKeys.keys } },
    });
    try {
      const longest = file(
        `${androidChat(me.displayName)}01/04/2024, 10:00 - Alex Example: one more thing\n02/04/2024, 10:00 - Alex Example: and another\n`,
      );
      const fourth = await rotated.imports.importFile(me, { path: longest, fileName: 'latest.txt', citizenId: citizen.id });
      expect(fourth).toMatchObject({ alreadyImported: false, messagesImported: 1, messagesSkipped: 7 });
    } finally {
      await rotated.notifier.close();
    }
    await t.services.records.sealPending();
    expect((await t.services.records.verify()).ok).toBe(true);
  });

  it('marks an import cut off by a crash as failed once its heartbeat is stale, so the same file imports again', async () => {
    const citizen = await t.addCitizen({ fullName: 'Sam Reaped', caseReference: 'HSG-IMP-REAP' });
    const me = t.caseworker;
    const content = androidChat(me.displayName).replace(/Alex Example/g, 'Sam Reaped');
    const path = file(content);
    const sha = createHash('sha256').update(content).digest('hex');
    // The state a kill -9 mid-import leaves: a batch "running" that nothing is running, its last chunk 11 minutes ago.
    const stalled = randomUUID();
    const eleven = new Date(Date.now() - 11 * 60_000);
    await t.db.query(
      `INSERT INTO import_batch (id, file_sha256, file_name, file_bytes, uploaded_by, team_id, citizen_id, state, created_at, heartbeat_at)
       VALUES ($1, $2, 'chat.txt', $3, $4, $5, $6, 'running', $7, $7)`,
      [stalled, sha, Buffer.byteLength(content), me.id, citizen.teamId, citizen.id, eleven],
    );
    // A batch still working (heartbeat a minute ago) is left alone.
    const alive = randomUUID();
    await t.db.query(
      `INSERT INTO import_batch (id, file_sha256, file_name, file_bytes, uploaded_by, team_id, citizen_id, state, created_at, heartbeat_at)
       VALUES ($1, 'f'||repeat('0', 63), 'other.txt', 1, $2, $3, $4, 'running', $5, $5)`,
      [alive, me.id, citizen.teamId, citizen.id, new Date(Date.now() - 60_000)],
    );
    // Before the reaper the file cannot be imported again: the stalled batch holds it.
    await expect(t.services.imports.importFile(me, { path, fileName: 'chat.txt', citizenId: citizen.id })).rejects.toMatchObject({
      code: 'IMPORT_IN_PROGRESS',
      status: 409,
      details: { batchId: stalled },
    });

    expect(await t.services.imports.reapInterrupted()).toEqual([stalled]);
    const batches = await t.db.query<{ id: string; state: string; error_code: string | null; error_message: string | null }>(
      'SELECT id, state, error_code, error_message FROM import_batch WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[stalled, alive]],
    );
    const byId = new Map(batches.rows.map((b) => [b.id, b]));
    expect(byId.get(stalled)).toMatchObject({ state: 'failed', error_code: 'IMPORT_INTERRUPTED' });
    expect(byId.get(stalled)!.error_message).toMatch(/Import the file again/);
    expect(byId.get(alive)!.state).toBe('running');
    const audit = await t.db.query(`SELECT 1 FROM audit_event WHERE action = 'import.interrupted' AND subject_id = $1`, [stalled]);
    expect(audit.rows).toHaveLength(1);
    // Reaping twice changes nothing.
    expect(await t.services.imports.reapInterrupted()).toEqual([]);

    const retried = await t.services.imports.importFile(me, { path, fileName: 'chat.txt', citizenId: citizen.id });
    expect(retried).toMatchObject({ alreadyImported: false, messagesImported: 6 });
    expect(retried.batchId).not.toBe(stalled);
  });

  it('keeps identical messages sent in the same minute, and still imports each only once', async () => {
    const citizen = await t.addCitizen({ fullName: 'Jo Test', caseReference: 'HSG-IMP-4' });
    const chat = `14/03/2024, 10:00 - ${t.caseworker.displayName}: Are you free?\n14/03/2024, 10:00 - Jo Test: ok\n14/03/2024, 10:00 - Jo Test: ok\n14/03/2024, 10:01 - Jo Test: ok\n`;
    const first = await t.services.imports.importFile(t.caseworker, { path: file(chat), fileName: 'a.txt', citizenId: citizen.id });
    expect(first.messagesImported).toBe(4);
    const longer = await t.services.imports.importFile(t.caseworker, {
      path: file(`${chat}14/03/2024, 10:02 - Jo Test: ok\n`),
      fileName: 'b.txt',
      citizenId: citizen.id,
    });
    expect(longer).toMatchObject({ messagesImported: 1, messagesSkipped: 4 });
  });

  it('stores media from a zip encrypted, and asks who each author is when it cannot tell', async () => {
    await t.addCitizen({ fullName: 'Sam Sample', caseReference: 'HSG-IMP-2' });
    const chat = [
      '[13/03/2024, 09:01:00] Priya Placeholder: Hello Sam',
      '[13/03/2024, 09:02:00] Sam Sample: <attached: 00000001-PHOTO-2024-03-13-09-02-00.jpg>',
      '[13/03/2024, 09:03:00] Chris Dummy: I am Sam’s neighbour',
      '',
    ].join('\n');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    const zipPath = file(
      buildZip([
        { name: '_chat.txt', data: Buffer.from(chat) },
        { name: '00000001-PHOTO-2024-03-13-09-02-00.jpg', data: jpeg },
      ]),
      'zip',
    );
    const err = await t.services.imports
      .importFile(t.caseworker, { path: zipPath, fileName: 'chat.zip', caseReference: 'HSG-IMP-2' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IMPORT_AUTHORS_UNMAPPED' });
    expect((err as { details: { unresolved: string[] } }).details.unresolved.sort()).toEqual(['Chris Dummy', 'Priya Placeholder']);
    const batches = await t.db.query(`SELECT 1 FROM import_batch WHERE file_name = 'export.zip'`);
    expect(batches.rows).toHaveLength(0);
    const done = await t.services.imports.importFile(t.caseworker, {
      path: zipPath,
      fileName: 'chat.zip',
      caseReference: 'HSG-IMP-2',
      authors: { 'Priya Placeholder': { role: 'staff', staffId: t.caseworker.id }, 'Chris Dummy': { role: 'third_party' } },
    });
    expect(done).toMatchObject({ messagesImported: 3, attachmentsStored: 1 });
    const { messages } = await t.services.conversations.readConversation(t.caseworker, done.conversationId!);
    const photo = messages.find((m) => m.attachments.length)!;
    const stored = await t.services.conversations.readAttachment(t.caseworker, photo.attachments[0]!.id);
    expect((await buffer(stored.content)).equals(jpeg)).toBe(true);
    const raw = await t.db.query<{ content_ct: Uint8Array }>(
      'SELECT k.content_ct FROM attachment a JOIN attachment_chunk k ON k.content_id = a.content_id WHERE a.id = $1',
      [photo.attachments[0]!.id],
    );
    expect(raw.rows).toHaveLength(1);
    expect(Buffer.from(raw.rows[0]!.content_ct).includes(jpeg)).toBe(false);
  });

  it('stores a media file many messages refer to once, and each message’s attachment downloads byte for byte', async () => {
    await t.addCitizen({ fullName: 'Robin Many', caseReference: 'HSG-IMP-MANY' });
    const photo = randomBytes(300_000);
    const refs = 40;
    const chat = Array.from(
      { length: refs },
      (_, i) => `[13/03/2024, 10:${String(i).padStart(2, '0')}:00] Robin Many: <attached: 00000009-PHOTO-2024-03-13.jpg>`,
    );
    const zipPath = file(
      buildZip([
        { name: '_chat.txt', data: Buffer.from(`${chat.join('\n')}\n`) },
        { name: '00000009-PHOTO-2024-03-13.jpg', data: photo, method: 'store' },
      ]),
      'zip',
    );
    const done = await t.services.imports.importFile(t.caseworker, {
      path: zipPath,
      fileName: 'many.zip',
      caseReference: 'HSG-IMP-MANY',
      authors: { 'Robin Many': { role: 'citizen' } },
    });
    expect(done).toMatchObject({ messagesImported: refs, attachmentsStored: refs });
    const { messages } = await t.services.conversations.readConversation(t.caseworker, done.conversationId!);
    const ids = messages.flatMap((m) => m.attachments.map((a) => a.id));
    expect(ids).toHaveLength(refs);
    for (const id of ids) {
      const got = await t.services.conversations.readAttachment(t.caseworker, id);
      expect((await buffer(got.content)).equals(photo)).toBe(true);
    }
    // Stored once: one content, its chunks, none of them the photo's bytes.
    const contents = await t.db.query<{ content_id: string }>('SELECT DISTINCT content_id FROM attachment WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
    expect(contents.rows).toHaveLength(1);
    const chunks = await t.db.query<{ content_ct: Uint8Array }>('SELECT content_ct FROM attachment_chunk WHERE content_id = $1', [
      contents.rows[0]!.content_id,
    ]);
    expect(chunks.rows).toHaveLength(Math.ceil(photo.length / CONTENT_CHUNK_BYTES));
    expect(chunks.rows.some((c) => Buffer.from(c.content_ct).includes(photo.subarray(1000, 1032)))).toBe(false);
    const recs = await t.db.query<{ payload: { contentDigest: string; digestKeyId: string; sha256?: string } }>(
      `SELECT payload FROM record WHERE kind = 'attachment.stored' AND conversation_id = $1`,
      [done.conversationId],
    );
    expect(recs.rows).toHaveLength(refs);
    // Each record carries the photo's keyed digest (the HMAC of its SHA-256), never the SHA-256 itself.
    const plain = createHash('sha256').update(photo).digest('hex');
    const keyed = createHmac('sha256', TEST_SECRETS.digestKeys.keys.d1).update(`attachment-sha256:${plain}`).digest('hex');
    expect(new Set(recs.rows.map((r) => `${r.payload.digestKeyId}:${r.payload.contentDigest}`))).toEqual(new Set([`d1:${keyed}`]));
    expect(JSON.stringify(recs.rows)).not.toContain(plain);
    const rows = await t.db.query('SELECT * FROM attachment WHERE id = ANY($1::uuid[])', [ids]);
    expect(JSON.stringify(rows.rows)).not.toContain(plain);
  });

  it('fails an import whose media entry is damaged part way through, keeping none of its messages or content', async () => {
    const citizen = await t.addCitizen({ fullName: 'Kim Damaged', caseReference: 'HSG-IMP-DMG' });
    const chat = Buffer.from(
      '[13/03/2024, 11:00:00] Kim Damaged: <attached: 00000010-PHOTO-2024-03-13.jpg>\n[13/03/2024, 11:01:00] Kim Damaged: that is the damp\n',
    );
    // Compressible but varied, so its deflate stream is Huffman-coded and damage in it is caught.
    const media = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `line ${i} ${(i * 2654435761) % 9973}\n`).join(''));
    const zip = buildZip([
      { name: '00000010-PHOTO-2024-03-13.jpg', data: media, method: 'deflate' },
      { name: '_chat.txt', data: chat },
    ]);
    // The media entry's data starts after its 30-byte header and name; damage it three quarters in.
    const start = 30 + Buffer.byteLength('00000010-PHOTO-2024-03-13.jpg');
    const bodyLength = zip.readUInt32LE(18);
    zip.fill(0xff, start + Math.floor(bodyLength * 0.75), start + Math.floor(bodyLength * 0.75) + 64);
    const touched = ['message', 'attachment', 'attachment_content', 'attachment_chunk', 'record_pending'];
    const before = await snapshotTables(t.db, touched);
    const messagesBefore = (await t.db.query('SELECT 1 FROM message')).rows.length;
    await expect(
      t.services.imports.importFile(t.caseworker, {
        path: file(zip, 'zip'),
        fileName: 'damaged.zip',
        caseReference: 'HSG-IMP-DMG',
        authors: { 'Kim Damaged': { role: 'citizen' } },
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_ZIP_INVALID' });
    const after = await snapshotTables(t.db, touched);
    // Only the batch's own start is recorded (and then its failure): no message, attachment or content.
    expect(after.message).toEqual(before.message);
    expect(after.attachment).toEqual(before.attachment);
    expect(after.attachment_content).toEqual(before.attachment_content);
    expect(after.attachment_chunk).toEqual(before.attachment_chunk);
    expect((await t.db.query('SELECT 1 FROM message')).rows).toHaveLength(messagesBefore);
    const batch = await t.db.query<{ state: string; error_code: string }>(
      'SELECT state, error_code FROM import_batch WHERE citizen_id = $1',
      [citizen.id],
    );
    expect(batch.rows).toEqual([{ state: 'failed', error_code: 'IMPORT_ZIP_INVALID' }]);
  });

  it('puts messages down only to the importer or staff of the citizen’s team, refusing anyone else and changing nothing', async () => {
    await t.addCitizen({ fullName: 'Alex Example', caseReference: 'HSG-IMP-TEAM' });
    const elsewhere = await t.addStaff('caseworker', 'Adult social care');
    const colleague = await t.addStaff('caseworker');
    const path = file(androidChat('Pat Colleague'));
    const touched = ['import_batch', 'conversation', 'message', 'attachment', 'record', 'audit_event'];
    const before = await snapshotTables(t.db, touched);
    const asIf = (staffId: string) =>
      t.services.imports.importFile(t.caseworker, {
        path,
        fileName: 'chat.txt',
        caseReference: 'HSG-IMP-TEAM',
        authors: { 'Pat Colleague': { role: 'staff', staffId } },
      });
    await expect(asIf(elsewhere.actor.id)).rejects.toMatchObject({ code: 'IMPORT_STAFF_OUTSIDE_TEAM' });
    expect(await snapshotTables(t.db, touched)).toEqual(before);
    const done = await asIf(colleague.actor.id);
    const { messages } = await t.services.conversations.readConversation(t.caseworker, done.conversationId!);
    expect(messages.find((m) => m.body?.includes('Can we arrange a call'))!.staffId).toBe(colleague.actor.id);
  });

  it('refuses junk, truncated zips and zip bombs with a clear error and changes nothing', async () => {
    await t.addCitizen({ caseReference: 'HSG-IMP-3' });
    // Every table an import writes, row by row.
    const touched = ['import_batch', 'conversation', 'message', 'attachment', 'record', 'record_pending', 'audit_event'];
    const before = await snapshotTables(t.db, touched);
    const junk = file(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await expect(
      t.services.imports.importFile(t.caseworker, { path: junk, fileName: 'junk.bin', caseReference: 'HSG-IMP-3' }),
    ).rejects.toMatchObject({ code: 'IMPORT_UNSUPPORTED_FORMAT' });
    const good = buildZip([{ name: '_chat.txt', data: Buffer.from('[13/03/2024, 09:01:00] A: hi\n') }]);
    const truncated = file(good.subarray(0, good.length - 30), 'zip');
    await expect(
      t.services.imports.importFile(t.caseworker, { path: truncated, fileName: 't.zip', caseReference: 'HSG-IMP-3' }),
    ).rejects.toMatchObject({ code: 'IMPORT_ZIP_INVALID' });
    const bomb = file(
      buildZip([
        { name: '_chat.txt', data: Buffer.from('[13/03/2024, 09:01:00] A: hi\n') },
        { name: 'big.bin', data: Buffer.alloc(50 * 1024 * 1024), method: 'deflate' },
      ]),
      'zip',
    );
    await expect(
      t.services.imports.importFile(t.caseworker, { path: bomb, fileName: 'bomb.zip', caseReference: 'HSG-IMP-3' }),
    ).rejects.toMatchObject({ code: 'IMPORT_ZIP_BOMB' });
    expect(await snapshotTables(t.db, touched)).toEqual(before);
  });
});
