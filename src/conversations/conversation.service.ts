import { openFileName } from './file-name.js';
import { can, teamScope } from '../access/authorize.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Citizen, CitizenRepository } from '../citizens/citizen.repository.js';
import { CONTACT_REFUSALS } from '../contact/contact.errors.js';
import { channelsTriedRequired, channelTriedInvalid, justificationRequired, purposeRequired } from '../contact/contact.errors.js';
import type { ContactService } from '../contact/contact.service.js';
import type { Clock } from '../platform/clock.js';
import type { AttachmentStore } from './attachment-store.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import type { Digester } from '../platform/crypto/digest.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { RecordsService } from '../records/records.service.js';
import type { StaffRepository } from '../staff/staff.repository.js';
import { toActor } from '../staff/staff.service.js';
import type { Actor } from '../staff/staff.types.js';
import type { LiveEvent, LivePublisher } from './conversation.events.js';
import {
  assigneeInvalid,
  attachmentNotFound,
  citizenNotFound,
  conversationActionForbidden,
  conversationForbidden,
  conversationNotFound,
  linkCitizenNotFound,
  linkNumberMismatch,
  triageTeamAdminOnly,
  triageTeamRequired,
} from './conversation.errors.js';
import {
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  type ChannelTried,
  type Conversation,
  type ConversationRepository,
  type ConversationState,
  conversationIdFor,
  type StoredAttachment,
  type StoredMessage,
} from './conversation.repository.js';
import { createMessageBodies, UNREADABLE_BODY } from './message.js';
import type { PolicyChecker, PolicyDecisionView } from './policy.port.js';
import { isWindowOpen } from './templates.js';

export const MIN_JUSTIFICATION_LENGTH = 10;

/** First contact as the caseworker records it (guidance section 5: WhatsApp is a last resort, to arrange contact). */
export interface FirstContactInput {
  /** Why WhatsApp is needed now, in the caseworker's words. */
  justification: string;
  /** The verifiable channels tried, each with the date (YYYY-MM-DD) it was tried. */
  channelsTried: { channel: string; on: string }[];
  /** What the contact is to arrange: a call, a meeting or a visit. */
  purpose: string | null;
}

export type ContactEligibility = { eligible: true } | { eligible: false; code: string; message: string };

export interface MessageView extends Omit<StoredMessage, 'bodyCt' | 'keyId' | 'bodyDigest' | 'digestKeyId'> {
  body: string | null;
  /** The stored body could not be decrypted or read: `body` is the notice that says so. */
  unreadable: boolean;
  attachments: StoredAttachment[];
}

export interface ConversationDeps {
  db: Db;
  conversations: ConversationRepository;
  citizens: CitizenRepository;
  staff: Pick<StaffRepository, 'findTeam' | 'findStaffById' | 'listStaff'>;
  records: RecordsService;
  audit: AuditService;
  cipher: Cipher;
  /** Keys the digests records carry of what staff write (a first contact's justification). */
  digester: Digester;
  policy: PolicyChecker;
  clock: Clock;
  publish: LivePublisher;
  phoneNumberId: string;
  /** The contact rules (age, approval) as the contact service applies them. */
  contact: Pick<ContactService, 'ageDecision' | 'assertAgeAllows'>;
  /** Called when a change moves where inbound messages from a number go (a link, the triage team). */
  onRoutesChanged: () => void;
  /** Attachment bytes at rest, read as a stream. */
  attachments: Pick<AttachmentStore, 'openAttachmentContent'>;
}

/**
 * Conversations as staff see them: opening one (first contact), listing, reading
 * (an audited content read), linking an unknown number to a citizen, attachments,
 * the live policy check as staff type, and the triage team for unknown numbers.
 */
export function createConversationService(deps: ConversationDeps) {
  const { db, conversations, citizens, records, audit, cipher, policy, clock, publish, phoneNumberId } = deps;
  const bodies = createMessageBodies(cipher, deps.digester);

  /** The conversation if the actor may read it (its team, or every team for roles that oversee all); not found otherwise. */
  async function getVisibleConversation(actor: Actor, id: string): Promise<Conversation> {
    const c = await conversations.findConversation(db, id);
    if (!c || !can(actor, 'conversation.read', { teamId: c.teamId })) throw conversationNotFound();
    return c;
  }

  /** Whether the guidance allows WhatsApp contact with this citizen at all (age), in the words staff see. */
  function eligibilityOf(citizen: Pick<Citizen, 'dateOfBirth' | 'ageBand'>): ContactEligibility {
    const d = deps.contact.ageDecision(citizen);
    if (d.allowed) return { eligible: true };
    const words = CONTACT_REFUSALS[d.code].message;
    return { eligible: false, code: d.code, message: d.detail ? `${words} ${d.detail}` : words };
  }

  /** The channels tried, checked: known channels, real dates, none in the future. */
  function checkFirstContact(input: FirstContactInput, today: string) {
    const justification = input.justification.trim();
    if (justification.length < MIN_JUSTIFICATION_LENGTH) throw justificationRequired();
    if (input.channelsTried.length === 0) throw channelsTriedRequired();
    const channelsTried: ChannelTried[] = [];
    for (const t of input.channelsTried) {
      const channel = CONTACT_CHANNELS.find((c) => c === t.channel);
      if (!channel) throw channelTriedInvalid(`Unknown channel: choose from ${CONTACT_CHANNELS.join(', ')}`);
      if (!isRealDate(t.on)) throw channelTriedInvalid(`The date ${channel.replace('_', ' ')} was tried must be a real date`);
      if (t.on > today) throw channelTriedInvalid(`The date ${channel.replace('_', ' ')} was tried must be today or in the past`);
      channelsTried.push({ channel, on: t.on });
    }
    const purpose = CONTACT_PURPOSES.find((p) => p === input.purpose);
    if (!purpose) throw purposeRequired();
    return { justification, channelsTried, purpose };
  }

  /**
   * Opens (or returns) the conversation with a citizen. First contact needs the channels tried (each with
   * its date), its purpose and a justification; in a team that asks for it, it then waits for a manager.
   */
  async function openConversation(
    actor: Actor,
    citizenId: string,
    input: FirstContactInput,
    meta: { requestId?: string } = {},
  ): Promise<Conversation> {
    if (!can(actor, 'conversation.start')) throw conversationForbidden();
    const citizen = await citizens.findById(db, citizenId);
    if (!citizen || !can(actor, 'citizen.read', { teamId: citizen.teamId })) throw citizenNotFound();
    deps.contact.assertAgeAllows(citizen);
    const existing = await conversations.findConversationByNumber(db, citizen.teamId, phoneNumberId, citizen.waNumber);
    // Contact already made or on record; a refused first contact may be asked for again with a new justification.
    if (existing && existing.approvalState !== 'refused' && (existing.contactJustification || existing.lastInboundAt)) return existing;
    const now = clock.now();
    const first = checkFirstContact(input, now.toISOString().slice(0, 10));
    const team = await deps.staff.findTeam(db, citizen.teamId);
    const approvalState = team?.requiresFirstContactApproval ? 'pending' : 'not_required';
    const id = await db.transaction(async (tx) => {
      const { id } = await conversations.ensureConversation(tx, {
        id: conversationIdFor(citizen.teamId, phoneNumberId, citizen.waNumber),
        teamId: citizen.teamId,
        phoneNumberId,
        waNumber: citizen.waNumber,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        profileName: null,
        openedBy: actor.id,
        justification: first.justification,
        now,
      });
      await conversations.setFirstContact(tx, id, { ...first, approvalState });
      await records.append(tx, {
        kind: 'conversation.opened',
        conversationId: id,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        staffId: actor.id,
        payload: {
          ...justificationDigest(first.justification),
          channelsTried: first.channelsTried,
          purpose: first.purpose,
          approval: approvalState,
          phoneNumberId,
        },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'conversation.opened',
        subjectType: 'conversation',
        subjectId: id,
        details: { citizenId: citizen.id, approval: approvalState },
        requestId: meta.requestId,
      });
      return id;
    });
    if (approvalState === 'pending') publish([{ type: 'conversation.changed', conversationId: id, teamId: citizen.teamId }]);
    return (await conversations.findConversation(db, id))!;
  }

  /**
   * Conversations the actor may see, newest first. `state` null lists every state (the API); the inbox
   * lists open ones by default. `mine`: only those assigned to the actor. Unread markers are the actor's own.
   */
  async function listConversations(actor: Actor, opts: { unlinkedOnly?: boolean; state?: ConversationState | null; mine?: boolean } = {}) {
    return conversations.listConversations(db, {
      teamId: teamScope(actor),
      unlinkedOnly: opts.unlinkedOnly ?? false,
      state: opts.state === undefined ? 'open' : opts.state,
      assignedTo: opts.mine ? actor.id : undefined,
      reader: actor.id,
    });
  }

  /** Records a change to a conversation's handling (assignment, state) with its audit entry, and tells open pages. */
  async function recordHandling(
    actor: Actor,
    conv: Conversation,
    kind: 'conversation.assigned' | 'conversation.closed' | 'conversation.reopened' | 'conversation.archived',
    payload: Record<string, unknown>,
    change: (tx: Queryable) => Promise<void>,
    meta: { requestId?: string },
  ) {
    await db.transaction(async (tx) => {
      await change(tx);
      await records.append(tx, {
        kind,
        conversationId: conv.id,
        citizenId: conv.citizenId,
        caseId: conv.caseId,
        staffId: actor.id,
        payload,
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: kind,
        subjectType: 'conversation',
        subjectId: conv.id,
        details: payload,
        requestId: meta.requestId,
      });
    });
    publish([{ type: 'conversation.changed', conversationId: conv.id, teamId: conv.teamId }]);
  }

  /**
   * Assigns a conversation to someone in its team who can message citizens (`staffId` null: unassigned).
   * Anyone who may pick up conversations in that team may assign or reassign them.
   */
  async function assignConversation(actor: Actor, id: string, staffId: string | null, meta: { requestId?: string } = {}): Promise<void> {
    const conv = await getVisibleConversation(actor, id);
    if (!can(actor, 'conversation.triage', { teamId: conv.teamId })) throw conversationActionForbidden();
    if (staffId !== null) {
      const assignee = await deps.staff.findStaffById(db, staffId);
      if (!assignee || assignee.disabledAt || !can(toActor(assignee), 'conversation.send', { teamId: conv.teamId }))
        throw assigneeInvalid();
    }
    if (conv.assignedTo === staffId) return;
    await recordHandling(
      actor,
      conv,
      'conversation.assigned',
      { from: conv.assignedTo, to: staffId },
      (tx) => conversations.assignConversation(tx, conv.id, staffId),
      meta,
    );
  }

  /** Closes (dealt with), reopens or archives a conversation; a new message from the citizen reopens it by itself. */
  async function setConversationState(
    actor: Actor,
    id: string,
    state: ConversationState,
    meta: { requestId?: string } = {},
  ): Promise<void> {
    const conv = await getVisibleConversation(actor, id);
    if (!can(actor, 'conversation.send', { teamId: conv.teamId })) throw conversationActionForbidden();
    if (conv.state === state) return;
    const kind = state === 'open' ? 'conversation.reopened' : state === 'closed' ? 'conversation.closed' : 'conversation.archived';
    await recordHandling(actor, conv, kind, { from: conv.state }, (tx) => conversations.setConversationState(tx, conv.id, state), meta);
  }

  /** The conversation with its messages decrypted. Every call is an audited read of message content. */
  async function readConversation(actor: Actor, id: string, meta: { requestId?: string } = {}) {
    const conversation = await getVisibleConversation(actor, id);
    const stored = await conversations.listMessages(db, id);
    const attachments = await conversations.listAttachments(
      db,
      stored.map((m) => m.id),
    );
    const messages: MessageView[] = stored.map(({ bodyCt: _b, keyId: _k, bodyDigest: _d, digestKeyId: _dk, ...m }) => {
      const opened = bodies.openForDisplay({ ...m, bodyCt: _b, keyId: _k });
      return {
        ...m,
        body: opened.unreadable ? UNREADABLE_BODY : (opened.envelope?.text ?? null),
        unreadable: opened.unreadable,
        // A destroyed message's attachments have no content or name left to show.
        attachments: m.destroyedAt
          ? []
          : attachments
              .filter((a) => a.messageId === m.id)
              .map(({ fileNameCt, ...a }) => ({ ...a, fileNameCt: null, fileName: openFileName(cipher, { ...a, fileNameCt }) })),
      };
    });
    await audit.write(db, {
      actorStaffId: actor.id,
      action: 'message.content-read',
      subjectType: 'conversation',
      subjectId: id,
      details: { messages: messages.length },
      requestId: meta.requestId,
    });
    // What the reader has now seen: its "new message" marker and unseen failures clear.
    await conversations.markConversationRead(db, id, actor.id, clock.now());
    return { conversation, messages, windowOpen: isWindowOpen(conversation.lastInboundAt, clock.now()) };
  }

  /** Live check as the caseworker types: findings and decision, nothing stored. */
  function checkText(text: string): PolicyDecisionView {
    return policy.evaluate({ text, direction: 'outbound' });
  }

  /** `citizenId` null: none was chosen (the form says so). */
  async function linkConversation(actor: Actor, conversationId: string, citizenId: string | null): Promise<void> {
    if (!can(actor, 'conversation.triage')) throw conversationActionForbidden();
    const conv = await getVisibleConversation(actor, conversationId);
    const citizen = citizenId ? await citizens.findById(db, citizenId) : null;
    if (!citizen || !can(actor, 'citizen.read', { teamId: citizen.teamId })) throw linkCitizenNotFound();
    if (citizen.waNumber !== conv.waNumber) throw linkNumberMismatch();
    const events: LiveEvent[] = [];
    deps.onRoutesChanged();
    await db.transaction(async (tx) => {
      await conversations.linkConversation(tx, conv.id, citizen.id, citizen.caseId, citizen.teamId);
      await records.append(tx, {
        kind: 'conversation.linked',
        conversationId: conv.id,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        staffId: actor.id,
        payload: { fromTeamId: conv.teamId, toTeamId: citizen.teamId },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'conversation.linked',
        subjectType: 'conversation',
        subjectId: conv.id,
        details: { citizenId: citizen.id },
      });
      events.push({ type: 'conversation.changed', conversationId: conv.id, teamId: citizen.teamId });
    });
    publish(events);
  }

  /** The keyed digest of a justification, for a record (never an unkeyed hash of what staff wrote). */
  function justificationDigest(text: string) {
    const d = bodies.digestOf(text);
    return { justificationDigest: d.digest, digestKeyId: d.keyId };
  }

  /** Decrypted attachment bytes, as a stream, for a member of staff who can see the conversation; audited. */
  async function readAttachment(actor: Actor, attachmentId: string) {
    const a = await conversations.findAttachment(db, attachmentId);
    if (!a || a.state !== 'stored') throw attachmentNotFound();
    const m = (await conversations.findMessage(db, a.messageId))!;
    await getVisibleConversation(actor, m.conversationId);
    const content = await deps.attachments.openAttachmentContent(a.id);
    await audit.write(db, { actorStaffId: actor.id, action: 'attachment.content-read', subjectType: 'attachment', subjectId: a.id });
    return { content, sizeBytes: a.sizeBytes, mimeType: a.mimeType ?? 'application/octet-stream', fileName: openFileName(cipher, a) };
  }

  /** The team whose caseworkers pick up messages from numbers Liaise does not know, on this WhatsApp number. */
  async function getTriageTeam(): Promise<{ teamId: string | null; phoneNumberId: string }> {
    return { teamId: await conversations.findTriageTeam(db, phoneNumberId), phoneNumberId };
  }

  /** Admins choose the triage team for this number; new unknown-number conversations go to it from then on. */
  async function setTriageTeam(actor: Actor, teamId: string | null, meta: { requestId?: string } = {}): Promise<void> {
    if (!can(actor, 'team.manage')) throw triageTeamAdminOnly();
    if (!teamId || !(await deps.staff.findTeam(db, teamId))) throw triageTeamRequired();
    await db.transaction(async (tx) => {
      await conversations.setTriageTeam(tx, phoneNumberId, teamId);
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'channel.triage-team-set',
        subjectType: 'channel_number',
        subjectId: phoneNumberId,
        details: { teamId },
        requestId: meta.requestId,
      });
    });
    deps.onRoutesChanged();
  }

  return {
    openConversation,
    listConversations,
    assignConversation,
    setConversationState,
    /** Who a conversation can be assigned to: active staff of its team who can message citizens. */
    listAssignees: async (actor: Actor, conv: Pick<Conversation, 'teamId'>) =>
      conv.teamId && can(actor, 'conversation.triage', { teamId: conv.teamId })
        ? (await deps.staff.listStaff(db, conv.teamId)).filter((s) => !s.disabledAt && can(toActor(s), 'conversation.send', conv))
        : [],
    readConversation,
    /** The conversation, if the actor may see it (CONVERSATION_NOT_FOUND otherwise). */
    getConversationSummary: (actor: Actor, id: string) => getVisibleConversation(actor, id),
    linkConversation,
    checkText,
    readAttachment,
    getTriageTeam,
    setTriageTeam,
    /** Whether the guidance allows WhatsApp contact with this citizen at all (the age rule openConversation applies). */
    contactEligibility: eligibilityOf,
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(v: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v
  );
}
