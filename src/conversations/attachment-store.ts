import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { CONTENT_CHUNK_BYTES, type Cipher } from '../platform/crypto/cipher.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { AttachmentContentRepository, StoredContent } from './attachment-content.repository.js';
import { attachmentContentIncomplete, attachmentNotFound } from './conversation.errors.js';

/** Chunks per insert statement, and per read query (128 KiB and 1 MiB of ciphertext). */
const CHUNKS_PER_INSERT = 4;
const CHUNKS_PER_READ = 32;

export interface WrittenContent {
  contentId: string;
  /** SHA-256 of the plaintext, hex. Never stored as it is: callers keep its keyed digest (attachmentDigest). */
  sha256: string;
  sizeBytes: number;
}

export interface WriteLimits {
  /** Most plaintext bytes accepted; past it `tooLarge()` is thrown (and the caller's transaction rolls back). */
  maxBytes?: number;
  tooLarge?: () => Error;
}

const aad = (contentId: string) => `attachment-content:${contentId}`;

/**
 * Attachment bytes at rest: written and read as a stream of sealed 32 KiB chunks (`attachment_chunk`),
 * so no file is held whole in memory, and one stored content can back many attachments. Every writer
 * (imports, inbound media) and every reader (downloads, the transfer package, verify) comes through here.
 */
export function createAttachmentStore(deps: { db: Db; cipher: Cipher; contents: AttachmentContentRepository }) {
  const { db, cipher, contents } = deps;

  /**
   * Seals and stores `source` chunk by chunk inside `q` (the caller's transaction: if the source fails
   * part way, nothing is kept). At most a chunk and one insert's worth of chunks is held at once.
   */
  async function writeContent(
    q: Queryable,
    source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer>,
    limits: WriteLimits = {},
  ): Promise<WrittenContent> {
    const contentId = randomUUID();
    const sealer = cipher.chunkSealer(aad(contentId));
    await contents.insertContent(q, { id: contentId, keyId: sealer.keyId, nonce: sealer.nonce, chunkBytes: CONTENT_CHUNK_BYTES });
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CONTENT_CHUNK_BYTES);
    let fill = 0;
    let size = 0;
    let seq = 0;
    let pending: { seq: number; ct: Buffer }[] = [];
    const emit = async (plain: Buffer, final: boolean) => {
      pending.push({ seq, ct: sealer.seal(seq, plain, final) });
      seq += 1;
      if (final || pending.length >= CHUNKS_PER_INSERT) {
        await contents.insertChunks(q, contentId, pending);
        pending = [];
      }
    };
    for await (const piece of source) {
      const b = typeof piece === 'string' ? Buffer.from(piece) : Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      size += b.length;
      if (limits.maxBytes !== undefined && size > limits.maxBytes) {
        throw limits.tooLarge?.() ?? new RangeError(`content larger than ${limits.maxBytes} bytes`);
      }
      hash.update(b);
      let off = 0;
      while (off < b.length) {
        // A full chunk is sealed only once more bytes arrive: until then it may be the last.
        if (fill === CONTENT_CHUNK_BYTES) {
          await emit(buf, false);
          fill = 0;
        }
        const n = Math.min(CONTENT_CHUNK_BYTES - fill, b.length - off);
        b.copy(buf, fill, off, off + n);
        fill += n;
        off += n;
      }
    }
    await emit(buf.subarray(0, fill), true);
    const sha256 = hash.digest('hex');
    await contents.finishContent(q, contentId, { chunks: seq, sizeBytes: size });
    return { contentId, sha256, sizeBytes: size };
  }

  async function* chunksOf(q: Queryable, c: StoredContent, first: { seq: number; ct: Buffer }[]): AsyncGenerator<Buffer> {
    const total = c.chunks ?? 0;
    const opener = cipher.chunkOpener(c.keyId, c.nonce, aad(c.id));
    let next = 0;
    let page = first;
    while (next < total) {
      if (page.length === 0) throw attachmentContentIncomplete({ contentId: c.id, seq: next });
      for (const chunk of page) {
        if (next >= total) break;
        if (chunk.seq !== next) throw attachmentContentIncomplete({ contentId: c.id, seq: next });
        yield opener.open(chunk.seq, chunk.ct, chunk.seq === total - 1);
        next += 1;
      }
      if (next < total) page = await contents.readChunks(q, c.id, next, CHUNKS_PER_READ);
    }
  }

  /**
   * The one way to read an attachment's bytes: a stream of its decrypted content, read from the database a
   * page of chunks at a time. ATTACHMENT_NOT_FOUND when the attachment is unknown, not stored, or erased.
   * The first chunk is read and opened before this returns, so a missing or altered start fails here;
   * later damage fails the stream (CRYPTO_CIPHERTEXT_INVALID, ATTACHMENT_CONTENT_INCOMPLETE).
   * Attachments stored before chunking (one sealed value) read the same way. No access check or audit:
   * callers do those. `q`: a transaction to read in (default the database).
   */
  async function openAttachmentContent(attachmentId: string, q: Queryable = db): Promise<Readable> {
    const where = await contents.locate(q, attachmentId);
    if (!where || where.kind === 'none') throw attachmentNotFound();
    if (where.kind === 'single') return Readable.from([cipher.open(where.keyId, where.contentCt, attachmentId)], { objectMode: false });
    const c = where.content;
    if (c.chunks === null) throw attachmentContentIncomplete({ contentId: c.id, seq: 0 });
    const gen = chunksOf(q, c, await contents.readChunks(q, c.id, 0, CHUNKS_PER_READ));
    const head = await gen.next();
    async function* all(): AsyncGenerator<Buffer> {
      if (!head.done) yield head.value;
      yield* gen;
    }
    return Readable.from(all(), { objectMode: false });
  }

  return { writeContent, openAttachmentContent };
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
