import { accessDenied, authorize, can, teamScope } from '../../access/authorize.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { CitizenRepository } from '../../citizens/citizen.repository.js';
import type { ConversationRepository } from '../../conversations/conversation.repository.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Queryable } from '../../platform/db/db.client.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../staff/staff.types.js';
import type { RecordsService } from '../records.service.js';
import { classesByCaseType, computeDisposal, type CaseFacts, type DisposalDecision } from './disposal-date.js';
import type { DisposalAction, RetentionClass, RetentionSchedule } from './retention-schedule.js';
import type { CaseFactRow, DecisionRow, MessageDateRow, MessageRetention, RetentionRepository } from './retention.repository.js';

/** New messages classified per transaction by `assignMissing`. */
const ASSIGN_BATCH = 5_000;

/** A message's retention as a page shows it: class, date, action and why. */
export interface RetentionView {
  classId: string;
  classTitle: string;
  action: DisposalAction;
  /** "then destroyed", in words. */
  actionText: string;
  disposalDue: string | null;
  reason: string;
  decidingCaseId: string | null;
  state: MessageRetention['disposalState'];
  /** Not yet stored: worked out for the page (the scheduler stores it within a minute). */
  provisional: boolean;
}

const ACTION_TEXT: Record<DisposalAction, string> = {
  destroy: 'Destroyed',
  review: 'Reviewed by a records officer',
  transfer: 'Transferred to the archive',
};

const retentionMessageNotFound = () => new AppError('RETENTION_MESSAGE_NOT_FOUND', 'Message not found', 404);

export interface RetentionDeps {
  db: Db;
  retention: RetentionRepository;
  schedule: RetentionSchedule;
  clock: Clock;
  /** The council's zone: a message's date is its calendar date there. */
  timeZone: string;
  audit: AuditService;
  records: RecordsService;
  /** Conversations filed under their citizen's case the old way get their link (the case repository writes it). */
  cases: {
    adoptConversationCases(q: Queryable, now: Date): Promise<Array<{ conversationId: string; caseId: string }>>;
    linkedTo(q: Queryable, caseId: string): Promise<{ conversationIds: string[]; messageIds: string[] }>;
  };
  conversations: Pick<ConversationRepository, 'findConversation' | 'findMessage'>;
  citizens: Pick<CitizenRepository, 'findById'>;
}

/**
 * Each message's retention class and disposal date, kept in `message_retention` and recomputed whenever a
 * trigger changes (a case links, unlinks, closes, reopens; a date of birth is corrected). New messages get
 * theirs from `assignMissing`, run by the scheduler and by the disposal run, never on the webhook's path.
 * The schedule is loaded once at start and passed in.
 */
export function createRetentionService(deps: RetentionDeps) {
  const { db, retention, schedule, clock, timeZone } = deps;
  const byType = classesByCaseType(schedule);
  const classById = new Map<string, RetentionClass>(schedule.classes.map((c) => [c.id, c]));
  const usesLastContact = schedule.classes.some((c) => c.trigger === 'last_contact');

  /** Decisions for `messages`, each distinct one computed once (messages of one day in one conversation share it). */
  async function decide(
    q: Queryable,
    messages: MessageDateRow[],
    convFacts: Map<string, { dateOfBirth: string | null; cases: CaseFactRow[] }>,
    direct: Map<string, CaseFactRow[]>,
  ): Promise<Map<string, DisposalDecision>> {
    let lastContact = new Map<string, string>();
    if (usesLastContact) {
      const ids = new Set<string>();
      for (const f of convFacts.values()) for (const c of f.cases) ids.add(c.caseId);
      for (const list of direct.values()) for (const c of list) ids.add(c.caseId);
      lastContact = await retention.lastContact(q, timeZone, [...ids]);
    }
    const memo = new Map<string, DisposalDecision>();
    const out = new Map<string, DisposalDecision>();
    for (const m of messages) {
      const conv = convFacts.get(m.conversationId) ?? { dateOfBirth: null, cases: [] };
      const own = direct.get(m.id);
      const key = own ? null : `${m.conversationId}|${m.messageDate}`;
      let d = key ? memo.get(key) : undefined;
      if (!d) {
        const seen = new Set<string>();
        const cases: CaseFacts[] = [];
        for (const c of [...conv.cases, ...(own ?? [])]) {
          if (seen.has(c.caseId)) continue;
          seen.add(c.caseId);
          cases.push({ ...c, lastContactOn: lastContact.get(c.caseId) ?? null });
        }
        d = computeDisposal(schedule, { messageDate: m.messageDate, citizenDateOfBirth: conv.dateOfBirth, cases }, byType);
        if (key) memo.set(key, d);
      }
      out.set(m.id, d);
    }
    return out;
  }

  /** Groups decisions so each distinct one is sent once, then writes them. */
  async function write(q: Queryable, decisions: Map<string, DisposalDecision>, replace: boolean): Promise<number> {
    const groups = new Map<string, DecisionRow>();
    for (const [messageId, d] of decisions) {
      const key = `${d.classId}|${d.action}|${d.disposeOn ?? ''}|${d.caseId ?? ''}|${d.reason}`;
      const g = groups.get(key);
      if (g) g.messageIds.push(messageId);
      else
        groups.set(key, {
          messageIds: [messageId],
          classId: d.classId,
          action: d.action,
          disposalDue: d.disposeOn,
          decidingCaseId: d.caseId,
          reason: d.reason,
        });
    }
    return retention.writeDecisions(q, [...groups.values()], { scheduleVersion: schedule.version, computedAt: clock.now(), replace });
  }

  /**
   * Recomputes every message of `conversationIds` and each of `messageIds`, set-based: a conversation's
   * messages share one decision per date (the date is all that differs between them), so each conversation is
   * one statement whatever its size; messages linked to a case by themselves are decided one by one. Runs in
   * `q` (the caller's transaction, so a case's change and its messages' new dates commit together). Returns the
   * rows whose decision changed.
   */
  async function recompute(q: Queryable, f: { conversationIds?: string[]; messageIds?: string[] }): Promise<number> {
    const conversationIds = [...new Set(f.conversationIds ?? [])];
    const direct = await retention.directLinks(q, { conversationIds, messageIds: f.messageIds ?? [] });
    const loose = await retention.messagesByIds(q, timeZone, [...new Set([...(f.messageIds ?? []), ...direct.keys()])]);
    const convFacts = await retention.conversationFacts(q, [...new Set([...conversationIds, ...loose.map((m) => m.conversationId)])]);
    const meta = { scheduleVersion: schedule.version, computedAt: clock.now() };
    let written = 0;
    for (const conversationId of conversationIds) {
      const dates = await retention.messageDatesInConversation(q, timeZone, conversationId);
      const byDate = await decide(
        q,
        dates.map((d) => ({ id: d, conversationId, messageDate: d })),
        convFacts,
        new Map(),
      );
      written += await retention.writeConversationDecisions(
        q,
        timeZone,
        conversationId,
        [...byDate].map(([messageDate, d]) => ({
          messageDate,
          classId: d.classId,
          action: d.action,
          disposalDue: d.disposeOn,
          decidingCaseId: d.caseId,
          reason: d.reason,
        })),
        meta,
      );
    }
    if (loose.length) written += await write(q, await decide(q, loose, convFacts, direct), true);
    return written;
  }

  const toView = (r: Omit<MessageRetention, 'messageId' | 'computedAt' | 'scheduleVersion'>, provisional: boolean): RetentionView => ({
    classId: r.classId,
    classTitle: classById.get(r.classId)?.title ?? (r.classId === 'unclassified' ? 'Not classified' : r.classId),
    action: r.action,
    actionText: ACTION_TEXT[r.action],
    disposalDue: r.disposalDue,
    reason: r.reason,
    decidingCaseId: r.decidingCaseId,
    state: r.disposalState,
    provisional,
  });
  const fromDecision = (d: DisposalDecision): RetentionView =>
    toView(
      { classId: d.classId, action: d.action, disposalDue: d.disposeOn, decidingCaseId: d.caseId, reason: d.reason, disposalState: 'kept' },
      true,
    );

  /** Messages with no stored row, worked out for a page without writing (the scheduler stores them). */
  async function provisional(q: Queryable, messageIds: string[]): Promise<Map<string, RetentionView>> {
    const rows = await retention.messagesByIds(q, timeZone, messageIds);
    const convFacts = await retention.conversationFacts(q, [...new Set(rows.map((m) => m.conversationId))]);
    const direct = await retention.directLinks(q, { conversationIds: [], messageIds });
    const decisions = await decide(q, rows, convFacts, direct);
    return new Map([...decisions].map(([id, d]) => [id, fromDecision(d)]));
  }

  return {
    schedule,
    /** The class a case type falls in (undefined: not in the schedule). */
    classForCaseType: (caseType: string) => byType.get(caseType),
    classTitle: (classId: string) => classById.get(classId)?.title ?? classId,

    /**
     * Gives every message without a retention row its class and date, in batches of 5,000 (each its own
     * transaction); a message in no case falls in the schedule's transient class. First links conversations
     * filed under their citizen's case the old way (and recomputes theirs). The scheduler runs it every minute;
     * the disposal run calls it before choosing what is due. Returns how many rows it wrote.
     */
    async assignMissing(opts: { batchSize?: number; maxBatches?: number } = {}): Promise<{ assigned: number; adopted: number }> {
      const adopted = await db.transaction(async (tx) => {
        const links = await deps.cases.adoptConversationCases(tx, clock.now());
        if (links.length === 0) return 0;
        await deps.records.appendMany(
          tx,
          links.map((l) => ({
            kind: 'case.linked',
            caseId: l.caseId,
            conversationId: l.conversationId,
            payload: { target: 'conversation', by: 'citizen-case' },
          })),
        );
        for (const l of links)
          await deps.audit.write(tx, {
            actorStaffId: null,
            action: 'case.linked',
            subjectType: 'case',
            subjectId: l.caseId,
            details: { conversationId: l.conversationId, target: 'conversation', by: 'citizen-case' },
          });
        await recompute(tx, { conversationIds: links.map((l) => l.conversationId) });
        return links.length;
      });
      const batchSize = opts.batchSize ?? ASSIGN_BATCH;
      let assigned = 0;
      for (let i = 0; i < (opts.maxBatches ?? Number.POSITIVE_INFINITY); i++) {
        const n = await db.transaction(async (tx) => {
          const batch = await retention.messagesWithoutRetention(tx, timeZone, batchSize);
          if (batch.length === 0) return { found: 0, written: 0 };
          const convFacts = await retention.conversationFacts(tx, [...new Set(batch.map((m) => m.conversationId))]);
          const direct = await retention.directLinks(tx, { conversationIds: [], messageIds: batch.map((m) => m.id) });
          return { found: batch.length, written: await write(tx, await decide(tx, batch, convFacts, direct), false) };
        });
        assigned += n.written;
        if (n.found < batchSize) break;
      }
      return { assigned, adopted };
    },

    /** After a case's link, closure, reopening or end changed: its conversations' and messages' dates, in `q`. */
    async recomputeForCase(caseId: string, q: Queryable = db): Promise<number> {
      return recompute(q, await deps.cases.linkedTo(q, caseId));
    },
    /** After a citizen's date of birth was corrected (or their records merged): every message with them. */
    async recomputeForCitizen(citizenId: string, q: Queryable = db): Promise<number> {
      return recompute(q, { conversationIds: await retention.conversationsOfCitizen(q, citizenId) });
    },
    async recomputeForConversations(conversationIds: string[], q: Queryable = db): Promise<number> {
      return recompute(q, { conversationIds });
    },
    async recomputeForMessages(messageIds: string[], q: Queryable = db): Promise<number> {
      return recompute(q, { messageIds });
    },

    /** One message's class, date and why, for someone who may read its conversation. */
    async explain(actor: Actor, messageId: string): Promise<RetentionView> {
      const m = await deps.conversations.findMessage(db, messageId);
      const conv = m ? await deps.conversations.findConversation(db, m.conversationId) : null;
      if (!m || !conv || !can(actor, 'conversation.read', { teamId: conv.teamId })) throw retentionMessageNotFound();
      const stored = (await retention.findForMessages(db, [messageId])).get(messageId);
      return stored ? toView(stored, false) : (await provisional(db, [messageId])).get(messageId)!;
    },
    /**
     * The messages of a conversation the actor may read (`messageIds`, as the page shows them): message id →
     * class, date and why; one not yet stored is worked out for the page without writing.
     */
    async forConversation(actor: Actor, conversationId: string, messageIds: string[]): Promise<Map<string, RetentionView>> {
      const conv = await deps.conversations.findConversation(db, conversationId);
      if (!conv || !can(actor, 'conversation.read', { teamId: conv.teamId })) throw accessDenied();
      const stored = await retention.findForConversation(db, conversationId);
      const out = new Map<string, RetentionView>([...stored].map(([id, r]) => [id, toView(r, false)]));
      const missing = messageIds.filter((id) => !out.has(id));
      if (missing.length) for (const [id, v] of await provisional(db, missing)) out.set(id, v);
      return out;
    },
    /** The distinct classes and dates of a case's messages, with counts (the case service checks access first). */
    async summaryForCase(caseId: string) {
      return (await retention.summarise(db, { caseId })).map((r) => ({
        ...toView({ ...r, disposalState: 'kept' }, false),
        messages: r.messages,
      }));
    },
    /** The distinct classes and dates of a citizen's messages, with counts. */
    async summaryForCitizen(actor: Actor, citizenId: string) {
      const c = await deps.citizens.findById(db, citizenId);
      if (!c || !can(actor, 'citizen.read', c)) throw accessDenied();
      return (await retention.summarise(db, { citizenId })).map((r) => ({
        ...toView({ ...r, disposalState: 'kept' }, false),
        messages: r.messages,
      }));
    },
    /** Triage: messages linked to no case, by conversation, soonest disposal first (records officers; team-scoped otherwise). */
    async listTriage(actor: Actor, limit = 200) {
      authorize(actor, 'records.read');
      return retention.listTriage(db, { teamId: teamScope(actor), limit });
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
