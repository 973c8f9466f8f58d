import type { AuditService } from '../audit/audit.service.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import { createHash } from 'node:crypto';
import { attachmentDigest, type Digester, type KeyedDigest } from '../platform/crypto/digest.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { Logger } from '../platform/log/logger.js';
import type { RecordInput, RecordsService } from '../records/records.service.js';
import type { AttachmentStore } from './attachment-store.js';
import type { AttachmentRekeyRow, ConversationRepository, DigestRekeyRow } from './conversation.repository.js';
import { createMessageBodies, keyedAttachmentDigest, keyedBodyDigest } from './message.js';

/** The record appended when a message's body digest is replaced: the chain keeps every earlier record as it was. */
export const DIGEST_REKEYED_KIND = 'message.digest-rekeyed';
/** The same for an attachment's content digest. */
export const ATTACHMENT_DIGEST_REKEYED_KIND = 'attachment.digest-rekeyed';

const BATCH = 500;

type RekeyCounts = { rekeyed: number; dropped: number; unreadable: string[] };

/** What re-keying needs to know of one kind of row (a message's body digest, an attachment's content digest). */
interface RekeyTarget<R> {
  previous(row: R): string;
  newDigest(row: R): KeyedDigest | null | undefined | Promise<KeyedDigest | null | undefined>;
  replace(tx: Queryable, changes: { id: string; previous: string; digest: string | null; keyId: string | null }[]): Promise<Set<string>>;
  /** The record saying what the new digest is, or null when there is no record to follow yet. */
  record(row: R, digest: KeyedDigest): RecordInput | null;
  auditAction: string;
  subjectType: string;
}

export interface RekeyResult {
  /** Messages whose digest is now keyed under the current key (each with a new record). */
  rekeyed: number;
  /** Messages whose body was already destroyed: their legacy unkeyed digest was dropped. */
  dropped: number;
  /** Messages whose body could not be opened (altered, moved or under an unknown key): left as they were, by id. */
  unreadable: string[];
  /** Imported messages whose unkeyed dedupe key was replaced by its keyed digest. */
  importKeys: number;
  /** Attachments, as for messages: re-keyed (with a record when stored), dropped (content gone), and unreadable by id. */
  attachments: RekeyCounts;
}

/** `import:<sha256>:<n>` (before keyed dedupe keys) as an import now stores it: `import:<keyId>:<hmac of the sha256>:<n>`. */
export function rekeyedImportDedupeKey(digester: Digester, legacy: string): string {
  const [, sha, occurrence] = legacy.split(':');
  return `import:${digester.currentKeyId}:${digester.digestWith(digester.currentKeyId, sha!)}:${occurrence}`;
}

/**
 * `liaise records rekey-digests` (also run at every server start): puts every message's body digest
 * under the current digest key. Rows from before keyed digests hold an unkeyed SHA-256; rows digested
 * under an older key (after LIAISE_DIGEST_KEY was rotated) hold that key's HMAC. Each is replaced by
 * the HMAC under the current key, and a `message.digest-rekeyed` record carrying the new digest is
 * appended in the same transaction, so `records verify --deep` checks bodies against it and the chain's
 * earlier records stay untouched. Idempotent and safe on several nodes at once (a row is replaced only
 * while it still holds the digest read), in batches of 500.
 */
export function createDigestRekeyService(deps: {
  db: Db;
  conversations: ConversationRepository;
  records: RecordsService;
  audit: AuditService;
  cipher: Cipher;
  digester: Digester;
  attachments: Pick<AttachmentStore, 'openAttachmentContent'>;
  logger: Logger;
}) {
  const { db, conversations, records, audit, digester } = deps;
  const bodies = createMessageBodies(deps.cipher, digester);

  /** The new digest for a row: keyed, null to drop (body destroyed), or undefined when the body cannot be read. */
  function newDigest(row: DigestRekeyRow): { digest: string; keyId: string } | null | undefined {
    if (!row.bodyCt || !row.keyId) return null;
    const opened = bodies.openForDisplay(row);
    if (opened.unreadable || !opened.envelope) return undefined;
    return digester.digest(opened.envelope.text);
  }

  /**
   * One batch of re-keying, for messages or attachments: each row's new digest (null drops it, undefined
   * means unreadable, left as it was), then in one transaction the rows replaced where they still hold
   * what was read, a record for each new digest, and one audit event.
   */
  async function rekeyBatch<R extends { id: string }>(rows: R[], target: RekeyTarget<R>, result: RekeyCounts): Promise<void> {
    const changes: { id: string; previous: string; digest: string | null; keyId: string | null }[] = [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const row of rows) {
      const d = await target.newDigest(row);
      if (d === undefined) result.unreadable.push(row.id);
      else changes.push({ id: row.id, previous: target.previous(row), digest: d?.digest ?? null, keyId: d?.keyId ?? null });
    }
    if (changes.length === 0) return;
    await db.transaction(async (tx) => {
      const changed = await target.replace(tx, changes);
      const inputs: RecordInput[] = [];
      let rekeyed = 0;
      for (const c of changes) {
        if (!changed.has(c.id)) continue;
        if (c.digest === null) continue;
        rekeyed += 1;
        const input = target.record(byId.get(c.id)!, { digest: c.digest, keyId: c.keyId! });
        if (input) inputs.push(input);
      }
      result.rekeyed += rekeyed;
      result.dropped += changed.size - rekeyed;
      await records.appendMany(tx, inputs);
      if (changed.size > 0) {
        await audit.write(tx, {
          actorStaffId: null,
          action: target.auditAction,
          subjectType: target.subjectType,
          subjectId: null,
          details: { rekeyed, dropped: changed.size - rekeyed, digestKeyId: digester.currentKeyId },
        });
      }
    });
  }

  const messageTarget: RekeyTarget<DigestRekeyRow> = {
    previous: (row) => row.bodyDigest,
    newDigest,
    replace: (tx, changes) => conversations.replaceBodyDigests(tx, changes),
    record: (row, d) => ({
      kind: DIGEST_REKEYED_KIND,
      conversationId: row.conversationId,
      citizenId: row.citizenId,
      caseId: row.caseId,
      messageId: row.id,
      payload: { ...keyedBodyDigest(d), previousDigestKeyId: row.digestKeyId },
    }),
    auditAction: 'message.digests-rekeyed',
    subjectType: 'message',
  };

  /**
   * An attachment's new digest: a legacy one is the content's SHA-256 itself, so it is keyed as it is,
   * without reading the file; one under an older key is the key's HMAC, so the content is read (streamed)
   * to take its SHA-256 again. Null: drop it (an old key's digest of content that is gone, or of media
   * never fetched); undefined: the content cannot be read.
   */
  async function newAttachmentDigest(a: AttachmentRekeyRow): Promise<{ digest: string; keyId: string } | null | undefined> {
    if (a.digestKeyId === null) return attachmentDigest(digester, a.contentDigest);
    if (a.state !== 'stored' || !a.hasContent) return null;
    try {
      const h = createHash('sha256');
      for await (const chunk of await deps.attachments.openAttachmentContent(a.id)) h.update(chunk as Buffer);
      return attachmentDigest(digester, h.digest('hex'));
    } catch {
      return undefined;
    }
  }

  const attachmentTarget: RekeyTarget<AttachmentRekeyRow> = {
    previous: (a) => a.contentDigest,
    newDigest: newAttachmentDigest,
    replace: (tx, changes) => conversations.replaceAttachmentDigests(tx, changes),
    // Media still to fetch has no record yet: its stored record will carry the keyed digest.
    record: (a, d) =>
      a.state !== 'stored'
        ? null
        : {
            kind: ATTACHMENT_DIGEST_REKEYED_KIND,
            conversationId: a.conversationId,
            citizenId: a.citizenId,
            caseId: a.caseId,
            messageId: a.messageId,
            payload: { attachmentId: a.id, ...keyedAttachmentDigest(d), previousDigestKeyId: a.digestKeyId },
          },
    auditAction: 'attachment.digests-rekeyed',
    subjectType: 'attachment',
  };

  return {
    async rekeyDigests(onProgress?: (done: number) => void): Promise<RekeyResult> {
      const result: RekeyResult = {
        rekeyed: 0,
        dropped: 0,
        unreadable: [],
        importKeys: 0,
        attachments: { rekeyed: 0, dropped: 0, unreadable: [] },
      };
      let after: string | null = null;
      for (;;) {
        const rows = await conversations.digestsToRekey(db, after, digester.currentKeyId, BATCH);
        if (rows.length === 0) break;
        await rekeyBatch(rows, messageTarget, result);
        after = rows[rows.length - 1]!.id;
        onProgress?.(result.rekeyed + result.dropped);
        if (rows.length < BATCH) break;
      }
      // Imported messages' dedupe keys from before they were keyed: an unkeyed SHA-256 over citizen, time,
      // author and text becomes its keyed digest (what an import now stores), so no column keeps the hash.
      for (;;) {
        const legacy = await conversations.legacyImportDedupeKeys(db, BATCH);
        if (legacy.length === 0) break;
        await db.transaction((tx) =>
          conversations.replaceProviderMessageIds(
            tx,
            legacy.map((l) => ({ id: l.id, previous: l.key, next: rekeyedImportDedupeKey(digester, l.key) })),
          ),
        );
        result.importKeys += legacy.length;
        if (legacy.length < BATCH) break;
      }
      let afterAttachment: string | null = null;
      for (;;) {
        const rows = await conversations.attachmentDigestsToRekey(db, afterAttachment, digester.currentKeyId, BATCH);
        if (rows.length === 0) break;
        await rekeyBatch(rows, attachmentTarget, result.attachments);
        afterAttachment = rows[rows.length - 1]!.id;
        if (rows.length < BATCH) break;
      }
      if (result.attachments.unreadable.length > 0)
        deps.logger.warn(
          { attachmentIds: result.attachments.unreadable.slice(0, 100), count: result.attachments.unreadable.length },
          'attachment contents could not be re-keyed',
        );
      if (result.unreadable.length > 0)
        deps.logger.warn(
          { messageIds: result.unreadable.slice(0, 100), count: result.unreadable.length },
          'message bodies could not be re-keyed',
        );
      return result;
    },
  };
}

export type DigestRekeyService = ReturnType<typeof createDigestRekeyService>;
