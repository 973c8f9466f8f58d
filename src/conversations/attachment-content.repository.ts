import type { Queryable } from '../platform/db/db.client.js';
import { toBuffer } from '../platform/db/db.client.js';

/** A stored attachment content: how its chunks were sealed, and (once written) how many there are. */
export interface StoredContent {
  id: string;
  keyId: string;
  nonce: Buffer;
  chunks: number | null;
  sizeBytes: number | null;
}

/** Where an attachment's bytes are: chunked content (today), a single sealed value (before 0016), or nowhere. */
export type ContentLocation =
  { kind: 'chunked'; content: StoredContent } | { kind: 'single'; keyId: string; contentCt: Buffer } | { kind: 'none' };

type ContentRow = { id: string; key_id: string; nonce: unknown; chunks: number | null; size_bytes: string | number | null };

const toContent = (r: ContentRow): StoredContent => ({
  id: r.id,
  keyId: r.key_id,
  nonce: toBuffer(r.nonce),
  chunks: r.chunks,
  sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
});

/** The only writer of `attachment_content` and `attachment_chunk`. */
export function createAttachmentContentRepository() {
  return {
    async insertContent(q: Queryable, c: { id: string; keyId: string; nonce: Buffer; chunkBytes: number }): Promise<void> {
      await q.query('INSERT INTO attachment_content (id, key_id, nonce, chunk_bytes) VALUES ($1, $2, $3, $4)', [
        c.id,
        c.keyId,
        c.nonce,
        c.chunkBytes,
      ]);
    },
    /** A few sealed chunks in one statement (the caller bounds how many bytes that is). */
    async insertChunks(q: Queryable, contentId: string, chunks: { seq: number; ct: Buffer }[]): Promise<void> {
      if (chunks.length === 0) return;
      const values = chunks.map((_, i) => `($1, $${i * 2 + 2}, $${i * 2 + 3})`).join(', ');
      await q.query(`INSERT INTO attachment_chunk (content_id, seq, content_ct) VALUES ${values}`, [
        contentId,
        ...chunks.flatMap((c) => [c.seq, c.ct]),
      ]);
    },
    async finishContent(q: Queryable, id: string, c: { chunks: number; sizeBytes: number }): Promise<void> {
      await q.query('UPDATE attachment_content SET chunks = $2, size_bytes = $3 WHERE id = $1', [id, c.chunks, c.sizeBytes]);
    },
    /** Where a stored attachment's bytes are; null when there is no such attachment or it is not stored. */
    async locate(q: Queryable, attachmentId: string): Promise<ContentLocation | null> {
      const r = await q.query<
        { content_ct: unknown; key_id: string | null } & { [K in keyof ContentRow as `c_${K}`]: ContentRow[K] | null }
      >(
        `SELECT a.content_ct, a.key_id, c.id AS c_id, c.key_id AS c_key_id, c.nonce AS c_nonce, c.chunks AS c_chunks, c.size_bytes AS c_size_bytes
           FROM attachment a LEFT JOIN attachment_content c ON c.id = a.content_id
          WHERE a.id = $1 AND a.state = 'stored'`,
        [attachmentId],
      );
      const row = r.rows[0];
      if (!row) return null;
      if (row.c_id !== null && row.c_key_id !== null) {
        return {
          kind: 'chunked',
          content: toContent({
            id: row.c_id,
            key_id: row.c_key_id,
            nonce: row.c_nonce,
            chunks: row.c_chunks,
            size_bytes: row.c_size_bytes,
          }),
        };
      }
      if (row.content_ct !== null && row.key_id !== null) return { kind: 'single', keyId: row.key_id, contentCt: toBuffer(row.content_ct) };
      return { kind: 'none' };
    },
    /** Up to `limit` chunks of a content from `fromSeq` on, in order. */
    async readChunks(q: Queryable, contentId: string, fromSeq: number, limit: number): Promise<{ seq: number; ct: Buffer }[]> {
      const r = await q.query<{ seq: number; content_ct: unknown }>(
        'SELECT seq, content_ct FROM attachment_chunk WHERE content_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
        [contentId, fromSeq, limit],
      );
      return r.rows.map((c) => ({ seq: c.seq, ct: toBuffer(c.content_ct) }));
    },
    /**
     * Destruction: the content of these messages' attachments that no other message's attachment
     * shares is deleted, chunks and all (the attachments keep their rows, as tombstones). Returns how many.
     */
    async eraseForMessages(q: Queryable, messageIds: string[]): Promise<number> {
      if (messageIds.length === 0) return 0;
      const r = await q.query(
        `DELETE FROM attachment_content c
          WHERE c.id IN (SELECT content_id FROM attachment WHERE message_id = ANY($1::uuid[]) AND content_id IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM attachment o WHERE o.content_id = c.id AND NOT (o.message_id = ANY($1::uuid[])))`,
        [messageIds],
      );
      return r.rowCount ?? 0;
    },
  };
}

export type AttachmentContentRepository = ReturnType<typeof createAttachmentContentRepository>;
