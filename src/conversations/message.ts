import { createHash } from 'node:crypto';
import type { Cipher } from '../platform/crypto/cipher.js';
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

/** Message bodies are stored encrypted, bound to their message id; the record chain carries the plaintext's digest. */
export function createMessageBodies(cipher: Cipher) {
  return {
    seal(messageId: string, env: BodyEnvelope) {
      const plaintext = env.template ? JSON.stringify(env) : env.text;
      const { keyId, ciphertext } = cipher.seal(plaintext, messageId);
      return { keyId, bodyCt: ciphertext, bodySha256: sha256(env.text) };
    },
    open(m: StoredMessage): BodyEnvelope | null {
      if (!m.bodyCt || !m.keyId) return null;
      const plain = cipher.open(m.keyId, m.bodyCt, m.id).toString('utf8');
      return m.kind === 'template' ? (JSON.parse(plain) as BodyEnvelope) : { text: plain };
    },
  };
}

export type MessageBodies = ReturnType<typeof createMessageBodies>;

/** What a record about a message in a conversation links to: the conversation, its citizen and case, and the message. */
export const messageRecordLinks = (conv: Pick<Conversation, 'id' | 'citizenId' | 'caseId'>, messageId: string) => ({
  conversationId: conv.id,
  citizenId: conv.citizenId,
  caseId: conv.caseId,
  messageId,
});
