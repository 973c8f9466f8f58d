import { authorize, can } from '../access/authorize.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Citizen, CitizenRepository, OptInMethod } from '../citizens/citizen.repository.js';
import type { LivePublisher } from '../conversations/conversation.events.js';
import type { Conversation, ConversationRepository } from '../conversations/conversation.repository.js';
import type { Clock } from '../platform/clock.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { RecordsService } from '../records/records.service.js';
import type { Actor } from '../staff/staff.types.js';
import { checkAge, checkContact, type ContactDecision, type ContactFacts, DEFAULT_MIN_CONTACT_AGE } from './contact-rules.js';
import {
  approvalNotPending,
  contactCitizenNotFound,
  contactConversationNotFound,
  contactRefused,
  decisionReasonRequired,
  notSuspended,
  optInMethodInvalid,
} from './contact.errors.js';
import type { ChildSignal, OptIntent } from './inbound-signals.js';

/** A reason a manager gives (a refusal, a release) must say something. */
export const MIN_REASON_LENGTH = 5;

/** What an inbound message said about contact, found where the policy scan already reads its text. */
export interface InboundContactSignals {
  conversationId: string;
  citizenId: string | null;
  messageId: string;
  optIntent: OptIntent;
  childSignals: ChildSignal['kind'][];
}

export interface ContactDeps {
  db: Db;
  conversations: ConversationRepository;
  citizens: CitizenRepository;
  records: RecordsService;
  audit: AuditService;
  clock: Clock;
  publish: LivePublisher;
  minContactAge?: number;
  /** Queues one system message (the STOP confirmation) in the caller's transaction; the outbound service provides it. */
  queueSystemMessage: (tx: Queryable, conv: Conversation, text: string, reason: 'opt_out_confirmation') => Promise<string>;
  /** Wakes the outbox after a system message commits. */
  wakeOutbox: () => void;
}

/** The words of the one confirmation a STOP gets (allowed despite the opt-out: it is the answer to it). */
export const optOutConfirmation = (teamName: string | null) =>
  `You will not get any more WhatsApp messages from ${teamName ?? 'the council'}. If you change your mind, reply START.`;

/**
 * The guidance's contact rules applied to real conversations and citizens: the one gate every send
 * passes, a manager's decision on held first contact, the release of a conversation suspended on signs
 * of a child, a citizen's opt-in, and what an inbound STOP, START or sign of a child changes.
 */
export function createContactService(deps: ContactDeps) {
  const { db, conversations, citizens, records, audit, clock, publish } = deps;
  const minAge = deps.minContactAge ?? DEFAULT_MIN_CONTACT_AGE;

  /** Whether a staff-opened conversation still has its first contact ahead of it (null: contact already made). */
  function firstContactOf(conv: Conversation): ContactFacts['firstContact'] {
    if (conv.lastInboundAt || conv.lastOutboundAt) return null;
    return {
      justified: !!conv.contactJustification && (conv.channelsTried?.length ?? 0) > 0,
      approval: conv.approvalState ?? 'not_required',
    };
  }

  /** The rules' decision for a send of `content` now (pure facts from the conversation and citizen as stored). */
  function decide(conv: Conversation, citizen: Citizen, content: 'text' | 'template', windowOpen: boolean): ContactDecision {
    return checkContact(
      {
        citizen: { dateOfBirth: citizen.dateOfBirth, ageBand: citizen.ageBand },
        optedOutAt: citizen.optedOutAt,
        suspendedAt: conv.suspendedAt,
        firstContact: firstContactOf(conv),
        windowOpen,
        content,
      },
      clock.now(),
      minAge,
    );
  }

  /** The gate: throws the refusal's stable code (CONTACT_…) unless the rules allow this send. Changes nothing. */
  function assertMaySend(conv: Conversation, citizen: Citizen, content: 'text' | 'template', windowOpen: boolean): void {
    const d = decide(conv, citizen, content, windowOpen);
    if (!d.allowed) throw contactRefused(d.code, d.detail);
  }

  /** Whether the citizen's age allows WhatsApp contact at all (the citizen's page offers none otherwise). */
  function ageDecision(citizen: Pick<Citizen, 'dateOfBirth' | 'ageBand'>): ContactDecision {
    return checkAge({ dateOfBirth: citizen.dateOfBirth, ageBand: citizen.ageBand }, clock.now(), minAge);
  }

  function assertAgeAllows(citizen: Pick<Citizen, 'dateOfBirth' | 'ageBand'>): void {
    const d = ageDecision(citizen);
    if (!d.allowed) throw contactRefused(d.code, d.detail);
  }

  async function managedConversation(actor: Actor, id: string): Promise<Conversation> {
    const conv = await conversations.findConversation(db, id);
    if (!conv || !can(actor, 'conversation.read', { teamId: conv.teamId })) throw contactConversationNotFound();
    authorize(actor, 'contact.approve', { teamId: conv.teamId });
    return conv;
  }

  /**
   * A manager approves or refuses a held first contact (a refusal needs a reason). The decision is a
   * record on the conversation and the caseworker sees it there and in the inbox.
   */
  async function decideFirstContact(
    actor: Actor,
    conversationId: string,
    input: { decision: 'approve' | 'refuse'; reason?: string | null },
    meta: { requestId?: string } = {},
  ): Promise<Conversation> {
    const conv = await managedConversation(actor, conversationId);
    const reason = input.reason?.trim() || null;
    if (input.decision === 'refuse' && (!reason || reason.length < MIN_REASON_LENGTH)) throw decisionReasonRequired();
    const state = input.decision === 'approve' ? 'approved' : 'refused';
    await db.transaction(async (tx) => {
      if (!(await conversations.decideApproval(tx, conv.id, { state, by: actor.id, at: clock.now(), reason }))) throw approvalNotPending();
      await records.append(tx, {
        kind: `first-contact.${state}`,
        conversationId: conv.id,
        citizenId: conv.citizenId,
        caseId: conv.caseId,
        staffId: actor.id,
        payload: { decision: state, reason },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: `first-contact.${state}`,
        subjectType: 'conversation',
        subjectId: conv.id,
        details: { decision: state },
        requestId: meta.requestId,
      });
    });
    publish([{ type: 'conversation.changed', conversationId: conv.id, teamId: conv.teamId }]);
    return (await conversations.findConversation(db, conv.id))!;
  }

  /** A manager releases a conversation suspended on signs of a child, saying why (the record keeps it). */
  async function releaseConversation(
    actor: Actor,
    conversationId: string,
    input: { reason?: string | null },
    meta: { requestId?: string } = {},
  ): Promise<Conversation> {
    const conv = await managedConversation(actor, conversationId);
    const reason = input.reason?.trim() ?? '';
    if (reason.length < MIN_REASON_LENGTH) throw decisionReasonRequired();
    await db.transaction(async (tx) => {
      if (!(await conversations.releaseConversation(tx, conv.id))) throw notSuspended();
      await records.append(tx, {
        kind: 'conversation.released',
        conversationId: conv.id,
        citizenId: conv.citizenId,
        caseId: conv.caseId,
        staffId: actor.id,
        payload: { reason, suspendedReason: conv.suspendedReason },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'conversation.released',
        subjectType: 'conversation',
        subjectId: conv.id,
        details: { suspendedReason: conv.suspendedReason },
        requestId: meta.requestId,
      });
    });
    publish([{ type: 'conversation.changed', conversationId: conv.id, teamId: conv.teamId }]);
    return (await conversations.findConversation(db, conv.id))!;
  }

  /** Staff record how and when the citizen agreed to WhatsApp contact; it also ends an earlier STOP. */
  async function recordOptIn(
    actor: Actor,
    citizenId: string,
    input: { method: string },
    meta: { requestId?: string } = {},
  ): Promise<Citizen> {
    const citizen = await citizens.findById(db, citizenId);
    if (!citizen || !can(actor, 'citizen.read', citizen)) throw contactCitizenNotFound();
    authorize(actor, 'citizen.update', citizen);
    const method = OPT_IN_METHOD_LIST.find((m) => m === input.method);
    if (!method) throw optInMethodInvalid();
    await db.transaction(async (tx) => {
      await citizens.setOptIn(tx, citizen.id, method, clock.now());
      await records.append(tx, {
        kind: 'citizen.opted-in',
        citizenId: citizen.id,
        caseId: citizen.caseId,
        staffId: actor.id,
        payload: { method, endedOptOut: citizen.optedOutAt !== null },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'citizen.opted-in',
        subjectType: 'citizen',
        subjectId: citizen.id,
        details: { method },
        requestId: meta.requestId,
      });
    });
    return (await citizens.findById(db, citizen.id))!;
  }

  /**
   * What an inbound message changes, called only when its text showed a signal: a sign of a child
   * suspends the conversation (the manager's queue lists it; the reason is a code, never the text); STOP
   * opts the citizen out and queues the one confirmation; START opts them back in.
   */
  async function applyInboundSignals(s: InboundContactSignals): Promise<void> {
    let wake = false;
    let teamId: string | null = null;
    await db.transaction(async (tx) => {
      const conv = await conversations.findConversation(tx, s.conversationId);
      if (!conv) return;
      teamId = conv.teamId;
      const now = clock.now();
      const links = { conversationId: conv.id, citizenId: conv.citizenId, caseId: conv.caseId, messageId: s.messageId };
      if (s.childSignals.length && (await conversations.suspendConversation(tx, conv.id, now, 'child_signal'))) {
        const details = { reason: 'child_signal', signals: s.childSignals };
        await records.append(tx, { kind: 'conversation.suspended', ...links, payload: details });
        await audit.write(tx, {
          actorStaffId: null,
          action: 'conversation.suspended',
          subjectType: 'conversation',
          subjectId: conv.id,
          details,
        });
      }
      const citizenId = conv.citizenId ?? s.citizenId;
      if (!citizenId || !s.optIntent) return;
      if (s.optIntent === 'opt_out') {
        if (!(await citizens.setOptedOut(tx, citizenId, now))) return; // already opted out: one confirmation only
        await records.append(tx, { kind: 'citizen.opted-out', ...links, payload: { via: 'reply' } });
        await audit.write(tx, {
          actorStaffId: null,
          action: 'citizen.opted-out',
          subjectType: 'citizen',
          subjectId: citizenId,
          details: { conversationId: conv.id },
        });
        await deps.queueSystemMessage(tx, conv, optOutConfirmation(conv.teamName), 'opt_out_confirmation');
        wake = true;
      } else {
        await citizens.setOptIn(tx, citizenId, 'reply', now);
        await records.append(tx, { kind: 'citizen.opted-in', ...links, payload: { method: 'reply' } });
        await audit.write(tx, {
          actorStaffId: null,
          action: 'citizen.opted-in',
          subjectType: 'citizen',
          subjectId: citizenId,
          details: { method: 'reply' },
        });
      }
    });
    publish([{ type: 'conversation.changed', conversationId: s.conversationId, teamId }]);
    if (wake) deps.wakeOutbox();
  }

  return {
    minContactAge: minAge,
    decide,
    assertMaySend,
    ageDecision,
    assertAgeAllows,
    decideFirstContact,
    releaseConversation,
    recordOptIn,
    applyInboundSignals,
  };
}

const OPT_IN_METHOD_LIST: readonly OptInMethod[] = ['verbal', 'written', 'reply', 'web_form', 'other'];

export type ContactService = ReturnType<typeof createContactService>;
