import { randomBytes, randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { TEST_PHONE_NUMBER_ID } from '../../test/factories.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';
import { CONTENT_CHUNK_BYTES } from '../platform/crypto/cipher.js';
import { createConversationRepository } from './conversation.repository.js';

const CONTENT_TABLES = ['attachment', 'attachment_content', 'attachment_chunk'] as const;

/** Splits `bytes` into pieces of uneven sizes, as a zip entry or a socket hands them over. */
function* pieces(bytes: Buffer): Generator<Buffer> {
  let off = 0;
  let n = 1;
  while (off < bytes.length) {
    const size = Math.min(bytes.length - off, ((n * 7919) % 100_000) + 1);
    yield bytes.subarray(off, off + size);
    off += size;
    n += 1;
  }
}

describe.each(DB_KINDS)('attachment content at rest (%s)', (kind) => {
  let t: ServiceTestContext;
  let messageId: string;
  const repo = createConversationRepository();

  /** Stores `bytes` as a new attachment of the test message; returns its id and content id. */
  const store = (bytes: Buffer) =>
    t.db.transaction(async (tx) => {
      const written = await t.services.attachments.writeContent(tx, pieces(bytes));
      const id = randomUUID();
      await repo.insertAttachment(tx, {
        id,
        messageId,
        providerMediaId: null,
        mimeType: 'application/octet-stream',
        fileName: 'file.bin',
        contentDigest: null,
        digestKeyId: null,
        sizeBytes: written.sizeBytes,
        contentId: written.contentId,
        state: 'stored',
      });
      return { id, ...written };
    });
  const read = async (id: string) => buffer(await t.services.attachments.openAttachmentContent(id));
  const chunksOf = async (contentId: string) =>
    (
      await t.db.query<{ seq: number; content_ct: Uint8Array }>(
        'SELECT seq, content_ct FROM attachment_chunk WHERE content_id = $1 ORDER BY seq',
        [contentId],
      )
    ).rows.map((r) => ({ seq: r.seq, ct: Buffer.from(r.content_ct) }));

  beforeAll(async () => {
    t = await createServiceTestContext(kind);
    await t.services.inbound.receiveChannelEvents([
      {
        kind: 'message',
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        providerMessageId: `wamid.store-${randomUUID()}`,
        from: '+447700900401',
        profileName: null,
        sentAt: new Date(),
        type: 'text',
        text: 'Here are the photos',
        media: null,
        location: null,
        forwarded: false,
        frequentlyForwarded: false,
        replyToProviderMessageId: null,
      },
    ]);
    messageId = (await t.db.query<{ id: string }>('SELECT id FROM message ORDER BY created_at DESC LIMIT 1')).rows[0]!.id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('stores content of any size as sealed 32 KiB chunks and reads it back byte for byte', async () => {
    for (const size of [0, 1, CONTENT_CHUNK_BYTES, CONTENT_CHUNK_BYTES + 1, 300_000]) {
      const bytes = randomBytes(size);
      const a = await store(bytes);
      expect(a.sizeBytes).toBe(size);
      expect((await read(a.id)).equals(bytes)).toBe(true);
      const chunks = await chunksOf(a.contentId);
      expect(chunks.map((c) => c.seq)).toEqual([...Array(Math.max(1, Math.ceil(size / CONTENT_CHUNK_BYTES))).keys()]);
      // Nothing at rest is the plaintext: no chunk holds any 32-byte run of it.
      for (let off = 0; off + 32 <= size; off += 16_384) {
        expect(chunks.some((c) => c.ct.includes(bytes.subarray(off, off + 32)))).toBe(false);
      }
    }
  });

  it('reads attachments stored before chunking, as one sealed value', async () => {
    const bytes = randomBytes(5000);
    const id = randomUUID();
    const sealed = t.services.cipher.seal(bytes, id);
    await repo.insertAttachment(t.db, {
      id,
      messageId,
      providerMediaId: null,
      mimeType: 'image/jpeg',
      fileName: 'old.jpg',
      contentDigest: null,
      digestKeyId: null,
      sizeBytes: bytes.length,
      contentCt: sealed.ciphertext,
      keyId: sealed.keyId,
      state: 'stored',
    });
    expect((await read(id)).equals(bytes)).toBe(true);
  });

  it('refuses content cut short, with a chunk missing, reordered, altered or moved from another file', async () => {
    const size = 3 * CONTENT_CHUNK_BYTES + 1000;
    const fresh = () => store(randomBytes(size));
    const failure = (id: string) =>
      read(id).then(
        () => null,
        (e: unknown) => e,
      );

    // The tail cut off, and the count changed to match: the new last chunk was not sealed as the last.
    const cut = await fresh();
    await t.db.query('DELETE FROM attachment_chunk WHERE content_id = $1 AND seq = 3', [cut.contentId]);
    await t.db.query('UPDATE attachment_content SET chunks = 3 WHERE id = $1', [cut.contentId]);
    expect(await failure(cut.id)).toMatchObject({ code: 'CRYPTO_CIPHERTEXT_INVALID' });

    const gap = await fresh();
    await t.db.query('DELETE FROM attachment_chunk WHERE content_id = $1 AND seq = 1', [gap.contentId]);
    expect(await failure(gap.id)).toMatchObject({ code: 'ATTACHMENT_CONTENT_INCOMPLETE', details: { seq: 1 } });

    const swapped = await fresh();
    const [c0, c1] = await chunksOf(swapped.contentId);
    await t.db.query('UPDATE attachment_chunk SET content_ct = $3 WHERE content_id = $1 AND seq = $2', [swapped.contentId, 0, c1!.ct]);
    await t.db.query('UPDATE attachment_chunk SET content_ct = $3 WHERE content_id = $1 AND seq = $2', [swapped.contentId, 1, c0!.ct]);
    // The first chunk is opened before the stream is handed over: the download fails before it starts.
    await expect(t.services.attachments.openAttachmentContent(swapped.id)).rejects.toMatchObject({ code: 'CRYPTO_CIPHERTEXT_INVALID' });

    const altered = await fresh();
    const [, , c2] = await chunksOf(altered.contentId);
    c2!.ct[100]! ^= 1;
    await t.db.query('UPDATE attachment_chunk SET content_ct = $2 WHERE content_id = $1 AND seq = 2', [altered.contentId, c2!.ct]);
    expect(await failure(altered.id)).toMatchObject({ code: 'CRYPTO_CIPHERTEXT_INVALID' });

    const other = await fresh();
    const moved = await fresh();
    const [, foreign] = await chunksOf(other.contentId);
    await t.db.query('UPDATE attachment_chunk SET content_ct = $2 WHERE content_id = $1 AND seq = 1', [moved.contentId, foreign!.ct]);
    expect(await failure(moved.id)).toMatchObject({ code: 'CRYPTO_CIPHERTEXT_INVALID' });
    // The untouched content still reads.
    expect((await read(other.id)).length).toBe(size);
  });

  it('keeps nothing of a write whose source fails or runs past its limit part way', async () => {
    const before = await snapshotTables(t.db, CONTENT_TABLES);
    async function* failing(): AsyncGenerator<Buffer> {
      yield randomBytes(5 * CONTENT_CHUNK_BYTES);
      throw new Error('entry data damaged');
    }
    await expect(t.db.transaction((tx) => t.services.attachments.writeContent(tx, failing()))).rejects.toThrow('entry data damaged');
    const tooLarge = new Error('too large');
    await expect(
      t.db.transaction((tx) =>
        t.services.attachments.writeContent(tx, pieces(randomBytes(400_000)), { maxBytes: 300_000, tooLarge: () => tooLarge }),
      ),
    ).rejects.toBe(tooLarge);
    expect(await snapshotTables(t.db, CONTENT_TABLES)).toEqual(before);
  });

  it('answers ATTACHMENT_NOT_FOUND for an unknown attachment or one with no content', async () => {
    await expect(t.services.attachments.openAttachmentContent(randomUUID())).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
    const pending = randomUUID();
    await repo.insertAttachment(t.db, {
      id: pending,
      messageId,
      providerMediaId: 'media-1',
      mimeType: 'image/jpeg',
      fileName: null,
      contentDigest: null,
      digestKeyId: null,
      sizeBytes: null,
      state: 'pending',
    });
    await expect(t.services.attachments.openAttachmentContent(pending)).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
  });
});
