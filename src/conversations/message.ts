import { createHash } from 'node:crypto';
import type { Cipher } from '../platform/crypto/cipher.js';
import type { Digester } from '../platform/crypto/digest.js';
import { isAppError } from '../platform/errors.js';
import type { Conversation, MessageStatus, StoredMessage } from './conversation.repository.js';

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** What a message body holds: its text and, for a template, how to send it again. */
export interface BodyEnvelope {
  text: string;
  template?: { name: string; language: string; params: string[] };
}

/** Status order: a status never moves a message backwards (webhooks arrive out of order). */
export const STATUS_RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  sending: 1,
  uncertain: 1,
  not_sent: 1,
  accepted: 2,
  sent: 3,
  failed: 3.5,
  delivered: 4,
  read: 5,
};

/** What a conversation shows in place of a message body that cannot be decrypted or parsed. */
export const UNREADABLE_BODY = 'This message could not be read';

/**
 * Message bodies are stored encrypted, bound to their message id; the row and the record chain carry
 * the text's keyed digest (HMAC-SHA-256, see platform/crypto/digest), never an unkeyed hash of it.
 */
export function createMessageBodies(cipher: Cipher, digester: Digester) {
  function open(m: Pick<StoredMessage, 'id' | 'kind' | 'bodyCt' | 'keyId'>): BodyEnvelope | null {
    if (!m.bodyCt || !m.keyId) return null;
    const plain = cipher.open(m.keyId, m.bodyCt, m.id).toString('utf8');
    return m.kind === 'template' ? (JSON.parse(plain) as BodyEnvelope) : { text: plain };
  }
  return {
    seal(messageId: string, env: BodyEnvelope) {
      const plaintext = env.template ? JSON.stringify(env) : env.text;
      const { keyId, ciphertext } = cipher.seal(plaintext, messageId);
      const { digest, keyId: digestKeyId } = digester.digest(env.text);
      return { keyId, bodyCt: ciphertext, bodyDigest: digest, digestKeyId };
    },
    open,
    /**
     * For showing a message: its envelope, or `unreadable` when the stored body fails authentication
     * (altered or moved ciphertext), names a key no longer configured, or is not the shape its kind needs.
     * One such message never stops the rest of its conversation being read.
     */
    openForDisplay(m: Pick<StoredMessage, 'id' | 'kind' | 'bodyCt' | 'keyId'>): { envelope: BodyEnvelope | null; unreadable: boolean } {
      try {
        return { envelope: open(m), unreadable: false };
      } catch (err) {
        if (isAppError(err) || err instanceof SyntaxError) return { envelope: null, unreadable: true };
        throw err;
      }
    },
    /** The keyed digest of a text that is not a message body (a justification, a note), for a record. */
    digestOf: (text: string) => digester.digest(text),
  };
}

export type MessageBodies = ReturnType<typeof createMessageBodies>;

/** A keyed body digest as a record's payload carries it: the digest and the key id beside it. */
export const keyedBodyDigest = (d: { digest: string; keyId: string }) => ({ bodyDigest: d.digest, digestKeyId: d.keyId });

/** An attachment's keyed digest as its row and its records carry it. */
export const keyedAttachmentDigest = (d: { digest: string; keyId: string }) => ({ contentDigest: d.digest, digestKeyId: d.keyId });

/** What a record about a message in a conversation links to: the conversation, its citizen and case, and the message. */
export const messageRecordLinks = (conv: Pick<Conversation, 'id' | 'citizenId' | 'caseId'>, messageId: string) => ({
  conversationId: conv.id,
  citizenId: conv.citizenId,
  caseId: conv.caseId,
  messageId,
});
