import { createHash } from 'node:crypto';
import type { ConversationRepository, StoredMessage } from '../conversations/conversation.repository.js';
import { ATTACHMENT_DIGEST_REKEYED_KIND, DIGEST_REKEYED_KIND } from '../conversations/digest-rekey.service.js';
import { createMessageBodies } from '../conversations/message.js';
import type { AttachmentStore } from '../conversations/attachment-store.js';
import { isAppError } from '../platform/errors.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import { attachmentDigestInput, type Digester } from '../platform/crypto/digest.js';
import type { Db } from '../platform/db/db.client.js';
import type { RecordsRepository } from './records.repository.js';

/** A message or attachment whose stored content does not match what the record chain says about it. */
export interface ContentProblem {
  messageId: string;
  attachmentId?: string;
  problem: string;
}

export interface ContentVerifyResult {
  messages: number;
  attachments: number;
  problems: ContentProblem[];
  /** How many problems there were in all (`problems` holds the first 1,000). */
  problemCount: number;
}

/** The records that say what a message's body is: captured, then re-keyed; a tombstone says it is gone. */
const BODY_RECORD_KINDS = ['message.inbound', 'message.outbound', 'message.imported', DIGEST_REKEYED_KIND];
/** The records that say what an attachment's content is: stored, then re-keyed. */
const ATTACHMENT_RECORD_KINDS = ['attachment.stored', ATTACHMENT_DIGEST_REKEYED_KIND];
const CONTENT_RECORD_KINDS = [...BODY_RECORD_KINDS, 'message.destroyed', ...ATTACHMENT_RECORD_KINDS];
const PAGE = 500;
const MAX_LISTED = 1000;

type VerifiedMessage = Pick<StoredMessage, 'id' | 'kind' | 'bodyCt' | 'keyId' | 'bodyDigest' | 'digestKeyId'>;
type ContentRecord = { kind: string; payload: Record<string, unknown> };

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * `records verify --deep`: decrypts every message body and attachment and checks each against the
 * digest its latest record carries (the keyed digest; a capture record from before keyed digests, not
 * yet re-keyed, carries an unkeyed SHA-256, which is checked as such). A ciphertext moved to another
 * message fails authentication (it is bound to its row's id); an altered one fails it or its digest.
 * Reports problems by message and attachment id, never content.
 */
export function createContentVerifyService(deps: {
  db: Db;
  conversations: ConversationRepository;
  records: RecordsRepository;
  cipher: Cipher;
  digester: Digester;
  attachments: Pick<AttachmentStore, 'openAttachmentContent'>;
}) {
  const { db, conversations, records, cipher, digester } = deps;
  const bodies = createMessageBodies(cipher, digester);

  /**
   * The SHA-256 of an attachment's decrypted content, streamed through the attachment store (the one
   * way attachment bytes are read), or null when it holds none. Never the whole file in memory.
   */
  async function attachmentSha256(attachmentId: string): Promise<string | null> {
    let content: NodeJS.ReadableStream;
    try {
      content = await deps.attachments.openAttachmentContent(attachmentId);
    } catch (err) {
      if (isAppError(err) && err.code === 'ATTACHMENT_NOT_FOUND') return null;
      throw err;
    }
    const h = createHash('sha256');
    for await (const chunk of content) h.update(chunk as Buffer);
    return h.digest('hex');
  }

  /** The body problem of one message, or null. */
  function checkBody(m: VerifiedMessage, recs: ContentRecord[]): string | null {
    if (recs.some((r) => r.kind === 'message.destroyed')) return null; // content destroyed under the schedule
    const latest = recs.filter((r) => BODY_RECORD_KINDS.includes(r.kind)).at(-1);
    if (!latest) return 'no record carries this message’s digest';
    const keyed = typeof latest.payload['bodyDigest'] === 'string' && typeof latest.payload['digestKeyId'] === 'string';
    const legacy = typeof latest.payload['bodySha256'] === 'string';
    if (!keyed && !legacy) return null; // a record that never carried a body digest
    if (!m.bodyCt || !m.keyId) return 'body is missing';
    const opened = bodies.openForDisplay(m);
    if (opened.unreadable || !opened.envelope) return 'body cannot be decrypted (altered, or moved from another message)';
    const text = opened.envelope.text;
    if (keyed) {
      const keyId = latest.payload['digestKeyId'] as string;
      if (!digester.hasKey(keyId)) return `digest key "${keyId}" is not configured`;
      if (!digester.matches(keyId, latest.payload['bodyDigest'] as string, text)) return 'body does not match its record’s digest';
    } else if (sha256(text) !== latest.payload['bodySha256']) return 'body does not match its record’s digest';
    return null;
  }

  async function checkAttachments(
    messageIds: string[],
    recsByMessage: Map<string, ContentRecord[]>,
    report: (p: ContentProblem) => void,
  ): Promise<number> {
    const attachments = await conversations.listAttachments(db, messageIds);
    let checked = 0;
    for (const a of attachments) {
      const recs = recsByMessage.get(a.messageId) ?? [];
      if (a.state !== 'stored' || recs.some((r) => r.kind === 'message.destroyed')) continue;
      checked += 1;
      // Its latest record says what it is: stored, then re-keyed (a capture from before keyed digests carries a SHA-256).
      const rec = recs.filter((r) => ATTACHMENT_RECORD_KINDS.includes(r.kind) && r.payload['attachmentId'] === a.id).at(-1);
      const problem = (text: string) => report({ messageId: a.messageId, attachmentId: a.id, problem: text });
      const keyed = typeof rec?.payload['contentDigest'] === 'string' && typeof rec.payload['digestKeyId'] === 'string';
      if (!rec || (!keyed && typeof rec.payload['sha256'] !== 'string')) {
        problem('no record carries this attachment’s digest');
        continue;
      }
      let digest: string | null;
      try {
        digest = await attachmentSha256(a.id);
      } catch {
        problem('attachment cannot be decrypted (altered, incomplete, or moved from another attachment)');
        continue;
      }
      if (!digest) problem('attachment content is missing');
      else if (keyed) {
        const keyId = rec.payload['digestKeyId'] as string;
        if (!digester.hasKey(keyId)) problem(`digest key "${keyId}" is not configured`);
        else if (!digester.matches(keyId, rec.payload['contentDigest'] as string, attachmentDigestInput(digest)))
          problem('attachment does not match its record’s digest');
      } else if (digest !== rec.payload['sha256']) problem('attachment does not match its record’s digest');
    }
    return checked;
  }

  return {
    async verifyContent(onProgress?: (checked: number) => void): Promise<ContentVerifyResult> {
      const result: ContentVerifyResult = { messages: 0, attachments: 0, problems: [], problemCount: 0 };
      const report = (p: ContentProblem) => {
        result.problemCount += 1;
        if (result.problems.length < MAX_LISTED) result.problems.push(p);
      };
      let after: string | null = null;
      for (;;) {
        const page = await conversations.messagesForVerify(db, after, PAGE);
        if (page.length === 0) break;
        const ids = page.map((m) => m.id);
        const recsByMessage = new Map<string, ContentRecord[]>();
        for (const r of await records.messageContentRecords(db, ids, CONTENT_RECORD_KINDS)) {
          const list = recsByMessage.get(r.messageId) ?? [];
          list.push(r);
          recsByMessage.set(r.messageId, list);
        }
        for (const m of page) {
          const problem = checkBody(m, recsByMessage.get(m.id) ?? []);
          if (problem) report({ messageId: m.id, problem });
        }
        result.attachments += await checkAttachments(ids, recsByMessage, report);
        result.messages += page.length;
        onProgress?.(result.messages);
        after = ids[ids.length - 1]!;
        if (page.length < PAGE) break;
      }
      return result;
    },
  };
}

export type ContentVerifyService = ReturnType<typeof createContentVerifyService>;
