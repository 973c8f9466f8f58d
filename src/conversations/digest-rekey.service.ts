import type { AuditService } from '../audit/audit.service.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import type { Digester } from '../platform/crypto/digest.js';
import type { Db } from '../platform/db/db.client.js';
import type { Logger } from '../platform/log/logger.js';
import type { RecordInput, RecordsService } from '../records/records.service.js';
import type { ConversationRepository, DigestRekeyRow } from './conversation.repository.js';
import { createMessageBodies, keyedBodyDigest } from './message.js';

/** The record appended when a message's body digest is replaced: the chain keeps every earlier record as it was. */
export const DIGEST_REKEYED_KIND = 'message.digest-rekeyed';

const BATCH = 500;

export interface RekeyResult {
  /** Messages whose digest is now keyed under the current key (each with a new record). */
  rekeyed: number;
  /** Messages whose body was already destroyed: their legacy unkeyed digest was dropped. */
  dropped: number;
  /** Messages whose body could not be opened (altered, moved or under an unknown key): left as they were, by id. */
  unreadable: string[];
  /** Imported messages whose unkeyed dedupe key was replaced by its keyed digest. */
  importKeys: number;
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

  async function rekeyBatch(rows: DigestRekeyRow[], result: RekeyResult): Promise<void> {
    const changes: { id: string; previous: string; digest: string | null; keyId: string | null }[] = [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const row of rows) {
      const d = newDigest(row);
      if (d === undefined) result.unreadable.push(row.id);
      else changes.push({ id: row.id, previous: row.bodyDigest, digest: d?.digest ?? null, keyId: d?.keyId ?? null });
    }
    if (changes.length === 0) return;
    await db.transaction(async (tx) => {
      const changed = await conversations.replaceBodyDigests(tx, changes);
      const inputs: RecordInput[] = [];
      for (const c of changes) {
        if (!changed.has(c.id)) continue;
        if (c.digest === null) {
          result.dropped += 1;
          continue;
        }
        const row = byId.get(c.id)!;
        result.rekeyed += 1;
        inputs.push({
          kind: DIGEST_REKEYED_KIND,
          conversationId: row.conversationId,
          citizenId: row.citizenId,
          caseId: row.caseId,
          messageId: row.id,
          payload: { ...keyedBodyDigest({ digest: c.digest, keyId: c.keyId! }), previousDigestKeyId: row.digestKeyId },
        });
      }
      await records.appendMany(tx, inputs);
      if (changed.size > 0) {
        await audit.write(tx, {
          actorStaffId: null,
          action: 'message.digests-rekeyed',
          subjectType: 'message',
          subjectId: null,
          details: { rekeyed: inputs.length, dropped: changed.size - inputs.length, digestKeyId: digester.currentKeyId },
        });
      }
    });
  }

  return {
    async rekeyDigests(onProgress?: (done: number) => void): Promise<RekeyResult> {
      const result: RekeyResult = { rekeyed: 0, dropped: 0, unreadable: [], importKeys: 0 };
      let after: string | null = null;
      for (;;) {
        const rows = await conversations.digestsToRekey(db, after, digester.currentKeyId, BATCH);
        if (rows.length === 0) break;
        await rekeyBatch(rows, result);
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
