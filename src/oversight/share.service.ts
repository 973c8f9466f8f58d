import { randomUUID } from 'node:crypto';
import { authorize, can } from '../access/authorize.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Conversation } from '../conversations/conversation.repository.js';
import { createMessageBodies, keyedBodyDigest, messageRecordLinks } from '../conversations/message.js';
import type { PolicyChecker } from '../conversations/policy.port.js';
import type { Clock } from '../platform/clock.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import { type Digester, digestFields } from '../platform/crypto/digest.js';
import type { Db } from '../platform/db/db.client.js';
import type { RecordsService } from '../records/records.service.js';
import type { StaffRepository } from '../staff/staff.repository.js';
import { toActor } from '../staff/staff.service.js';
import type { Actor, Staff } from '../staff/staff.types.js';
import { oversightForbidden, shareColleagueInvalid, shareNoteTooLong, sharePersonalData } from './oversight.errors.js';
import { findVisibleMessage, type MessageAccess, NOTE_MAX } from './report.service.js';
import type { SharedMessage, ShareRepository } from './share.repository.js';

/** Finding types that are not personal data: what a message says, not who it identifies. */
const NOT_PERSONAL_DATA = new Set(['OFFENSIVE', 'BINDING_TRANSACTION', 'BEYOND_CONTACT', 'EMAIL_FILE']);

/** A copy of a message for use outside Liaise: its words, time and direction, never the citizen's name or number. */
export interface MessageCopy {
  messageId: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  sentAt: string;
  text: string;
}

/**
 * Sharing a message (guidance section 5: never forward automatically, never forward personal data).
 * Liaise forwards nothing by itself. A member of staff may share a message with a colleague in the
 * conversation's team inside Liaise (the colleague already sees that team's conversations; the share
 * points them to it, with a note). A copy outside Liaise (a download) is refused with
 * SHARE_PERSONAL_DATA when the message has personal-data findings, as stored when it was checked or
 * found now by the policy engine (direction `forward`), and changes nothing; an allowed copy is audited
 * and recorded.
 */
export function createShareService(deps: {
  db: Db;
  shares: ShareRepository;
  access: MessageAccess;
  staff: Pick<StaffRepository, 'findStaffById' | 'listStaff'>;
  records: RecordsService;
  audit: AuditService;
  cipher: Cipher;
  digester: Digester;
  policy: PolicyChecker;
  clock: Clock;
}) {
  const { db, shares, access, records, audit, policy, clock } = deps;
  const bodies = createMessageBodies(deps.cipher, deps.digester);

  /** Who a message in this conversation can be shared with: active colleagues of its team who can read it. */
  async function colleaguesFor(actor: Actor, conversation: Pick<Conversation, 'teamId'>): Promise<Staff[]> {
    if (!conversation.teamId) return [];
    const team = await deps.staff.listStaff(db, conversation.teamId);
    return team.filter(
      (s) => s.id !== actor.id && !s.disabledAt && s.teamId === conversation.teamId && can(toActor(s), 'conversation.read', conversation),
    );
  }

  async function visible(actor: Actor, messageId: string) {
    if (!can(actor, 'message.share')) throw oversightForbidden();
    const found = await findVisibleMessage(db, access, actor, messageId);
    authorize(actor, 'message.share', { teamId: found.conversation.teamId });
    return found;
  }

  async function shareMessage(
    actor: Actor,
    messageId: string,
    input: { colleagueId?: string | null; note?: string | null },
    meta: { requestId?: string } = {},
  ): Promise<void> {
    const { message, conversation } = await visible(actor, messageId);
    const colleague = (await colleaguesFor(actor, conversation)).find((s) => s.id === input.colleagueId);
    if (!colleague) throw shareColleagueInvalid();
    const note = input.note?.trim() || null;
    if (note && note.length > NOTE_MAX) throw shareNoteTooLong(NOTE_MAX);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await shares.insertShare(tx, {
        id,
        messageId: message.id,
        sharedBy: actor.id,
        sharedWith: colleague.id,
        note,
        sharedAt: clock.now(),
      });
      await records.append(tx, {
        kind: 'message.shared',
        ...messageRecordLinks(conversation, message.id),
        staffId: actor.id,
        payload: { shareId: id, sharedWith: colleague.id, ...digestFields(deps.digester, { noteDigest: note || null }) },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'message.shared',
        subjectType: 'message',
        subjectId: message.id,
        details: { shareId: id, sharedWith: colleague.id, conversationId: conversation.id },
        requestId: meta.requestId,
      });
    });
  }

  /** A copy for outside Liaise, or SHARE_PERSONAL_DATA (nothing written) when the message holds personal data. */
  async function copyOutside(actor: Actor, messageId: string, meta: { requestId?: string } = {}): Promise<MessageCopy> {
    const { message, conversation } = await visible(actor, messageId);
    const text = bodies.open(message)?.text ?? '';
    const stored = ((message.policy?.['findings'] ?? []) as { type: string }[]).map((f) => f.type);
    const now = text ? policy.evaluate({ text, direction: 'forward' }).findings.map((f) => f.type) : [];
    const personal = [...new Set([...stored, ...now])].filter((t) => !NOT_PERSONAL_DATA.has(t)).sort();
    if (personal.length) throw sharePersonalData(personal);
    await db.transaction(async (tx) => {
      await records.append(tx, {
        kind: 'message.copied-out',
        ...messageRecordLinks(conversation, message.id),
        staffId: actor.id,
        payload: keyedBodyDigest(bodies.digestOf(text)),
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'message.copied-out',
        subjectType: 'message',
        subjectId: message.id,
        details: { conversationId: conversation.id },
        requestId: meta.requestId,
      });
    });
    return {
      messageId: message.id,
      direction: message.direction,
      kind: message.kind,
      sentAt: (message.sentAt ?? message.createdAt).toISOString(),
      text,
    };
  }

  return {
    shareMessage,
    copyOutside,
    /** The share page: the message's conversation (if visible) and who it can go to. */
    async prepareShare(actor: Actor, messageId: string) {
      const { message, conversation } = await visible(actor, messageId);
      return { message, conversation, colleagues: await colleaguesFor(actor, conversation) };
    },
    /** What colleagues have shared with the actor, newest first (no message text: opening it is the audited read). */
    async listSharedWithMe(actor: Actor): Promise<SharedMessage[]> {
      return (await shares.listSharedWith(db, actor.id)).filter((s) => can(actor, 'conversation.read', { teamId: s.teamId }));
    },
    /** The actor opened what was shared with them in this conversation. */
    markSeen: (actor: Actor, conversationId: string) => shares.markSeen(db, actor.id, conversationId, clock.now()),
  };
}

export type ShareService = ReturnType<typeof createShareService>;
