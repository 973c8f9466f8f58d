import { randomUUID } from 'node:crypto';
import { authorize, can, teamScope } from '../access/authorize.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ConversationRepository } from '../conversations/conversation.repository.js';
import type { Clock } from '../platform/clock.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { RecordsService } from '../records/records.service.js';
import type { RetentionService } from '../records/retention/retention.service.js';
import type { StaffRepository } from '../staff/staff.repository.js';
import type { Actor } from '../staff/staff.types.js';
import {
  caseAlreadyClosed,
  caseConversationNotFound,
  caseDateInvalid,
  caseEndRequired,
  caseLinkExists,
  caseLinkNotFound,
  caseLinkTargetRequired,
  caseMessageNotFound,
  caseNotClosed,
  caseNotFound,
  caseReferenceExists,
  caseReferenceInvalid,
  caseReferenceRequired,
  caseTeamRequired,
  caseTitleTooLong,
  caseTypeRequiredForNewReference,
  caseTypeUnknown,
} from './case.errors.js';
import type { CaseFile, CaseLink, CaseRepository } from './case.repository.js';

export interface NewCaseInput {
  reference: string;
  caseType: string;
  title?: string | null;
  /** Whose case; the actor's own team when not given (roles that oversee every team must say). */
  teamId?: string | null;
  /** YYYY-MM-DD; today in the council's zone when not given. */
  openedOn?: string | null;
}

export interface CloseCaseInput {
  /** YYYY-MM-DD; for a complaint, the date of the final decision. */
  closedOn: string;
  /** When the tenancy or care ended; needed where the case type's class counts from it. */
  endedOn?: string | null;
}

export type LinkTarget = { conversationId: string; messageId?: undefined } | { messageId: string; conversationId?: undefined };

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9 /_.-]{0,59}$/;

/** Whether `v` is a real calendar date written YYYY-MM-DD. */
export const isIsoDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export interface CaseDeps {
  db: Db;
  cases: CaseRepository;
  conversations: Pick<ConversationRepository, 'findConversation' | 'findMessage' | 'clearConversationCase'>;
  teams: Pick<StaffRepository, 'findTeam'>;
  retention: Pick<
    RetentionService,
    'recomputeForCase' | 'recomputeForConversations' | 'recomputeForMessages' | 'classForCaseType' | 'summaryForCase' | 'schedule'
  >;
  records: RecordsService;
  audit: AuditService;
  clock: Clock;
  /** The council's zone: "today" for a case's dates. */
  timeZone: string;
}

/**
 * Cases as first-class records: created with a reference, a type from the retention schedule, a team and an
 * opened date; closed (with the end of a tenancy or care where the type counts from it) and reopened; and
 * linked to whole conversations or single messages. Each change is audited and recorded in the record log in
 * the same transaction, and the messages' disposal dates are recomputed with it.
 */
export function createCaseService(deps: CaseDeps) {
  const { db, cases, records, audit, clock, retention } = deps;
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: deps.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = () => dayFormat.format(clock.now());
  /** Every case type the schedule knows, in the schedule's order. */
  const caseTypes = retention.schedule.classes.flatMap((c) => c.caseTypes.map((t) => ({ value: t, classId: c.id, classTitle: c.title })));
  const defaultCaseType = caseTypes.find((t) => t.value === 'general-enquiry')?.value ?? caseTypes[0]?.value ?? 'general-enquiry';

  async function getVisible(actor: Actor, id: string): Promise<CaseFile> {
    const c = await cases.findCase(db, id);
    if (!c || !can(actor, 'case.read', c)) throw caseNotFound();
    return c;
  }
  async function getManageable(actor: Actor, id: string): Promise<CaseFile> {
    const c = await getVisible(actor, id);
    if (!can(actor, 'case.manage', c)) throw caseNotFound();
    return c;
  }

  function checkDate(field: 'openedOn' | 'closedOn' | 'endedOn', v: string, label: string): string {
    if (!isIsoDate(v)) throw caseDateInvalid(field, `${label} must be a real date`);
    if (v > today()) throw caseDateInvalid(field, `${label} must be today or in the past`);
    return v;
  }

  async function recordChange(
    tx: Queryable,
    actor: Actor | null,
    action: 'case.created' | 'case.closed' | 'case.reopened' | 'case.linked' | 'case.unlinked',
    c: Pick<CaseFile, 'id' | 'teamId'>,
    payload: Record<string, unknown>,
    link: { conversationId?: string | null; messageId?: string | null } = {},
    requestId?: string,
  ) {
    await records.append(tx, {
      kind: action,
      caseId: c.id,
      conversationId: link.conversationId ?? null,
      messageId: link.messageId ?? null,
      staffId: actor?.id ?? null,
      payload,
    });
    await audit.write(tx, { actorStaffId: actor?.id ?? null, action, subjectType: 'case', subjectId: c.id, details: payload, requestId });
  }

  async function createCase(actor: Actor, input: NewCaseInput, meta: { requestId?: string } = {}): Promise<CaseFile> {
    authorize(actor, 'case.manage');
    const teamId = input.teamId || actor.teamId;
    if (!teamId) throw caseTeamRequired();
    authorize(actor, 'case.manage', { teamId });
    const reference = input.reference.trim();
    if (!reference) throw caseReferenceRequired();
    if (!REFERENCE.test(reference)) throw caseReferenceInvalid();
    if (!retention.classForCaseType(input.caseType)) throw caseTypeUnknown();
    const title = input.title?.trim() || null;
    if (title && title.length > 200) throw caseTitleTooLong();
    const openedOn = input.openedOn ? checkDate('openedOn', input.openedOn, 'Opened date') : today();
    if (!(await deps.teams.findTeam(db, teamId))) throw caseTeamRequired();
    const id = randomUUID();
    await db.transaction(async (tx) => {
      const inserted = await cases.insertCase(tx, {
        id,
        teamId,
        reference,
        caseType: input.caseType,
        title,
        openedOn,
        createdBy: actor.id,
        createdAt: clock.now(),
      });
      if (!inserted) throw caseReferenceExists();
      await recordChange(tx, actor, 'case.created', { id, teamId }, { teamId, caseType: input.caseType, openedOn }, {}, meta.requestId);
    });
    return (await cases.findCase(db, id))!;
  }

  /**
   * The case with this reference in the team, created (opened today) if there is none: how a citizen's case
   * reference becomes a case. Runs in the caller's transaction; the creation is audited and recorded.
   * `caseType` is the type of the case it opens, if it opens one (an existing case keeps its own): a form that
   * asks passes `null` when nothing was chosen, and a new reference is then refused, since the type sets how
   * long the case's messages are kept; a caller that does not ask (`undefined`) opens a general enquiry.
   */
  async function ensureCaseByReference(
    tx: Queryable,
    actor: Actor,
    teamId: string,
    reference: string,
    caseType?: string | null,
  ): Promise<string> {
    if (caseType && !retention.classForCaseType(caseType)) throw caseTypeUnknown();
    const existing = await cases.findByReference(tx, teamId, reference);
    if (existing) return existing.id;
    if (caseType === null || caseType === '') throw caseTypeRequiredForNewReference();
    const type = caseType ?? defaultCaseType;
    const id = randomUUID();
    const openedOn = today();
    if (
      await cases.insertCase(tx, {
        id,
        teamId,
        reference,
        caseType: type,
        title: null,
        openedOn,
        createdBy: actor.id,
        createdAt: clock.now(),
      })
    ) {
      await recordChange(tx, actor, 'case.created', { id, teamId }, { teamId, caseType: type, openedOn, from: 'citizen' });
      return id;
    }
    return (await cases.findByReference(tx, teamId, reference))!.id;
  }

  async function closeCase(actor: Actor, id: string, input: CloseCaseInput, meta: { requestId?: string } = {}): Promise<CaseFile> {
    const c = await getManageable(actor, id);
    if (c.closedOn) throw caseAlreadyClosed();
    const closedOn = checkDate('closedOn', input.closedOn, 'Closed date');
    if (closedOn < c.openedOn) throw caseDateInvalid('closedOn', 'Closed date must be on or after the date the case opened');
    const endedOn = input.endedOn ? checkDate('endedOn', input.endedOn, 'End of tenancy or care') : null;
    if (retention.classForCaseType(c.caseType)?.trigger === 'case_end' && !endedOn && !c.endedOn) throw caseEndRequired();
    await db.transaction(async (tx) => {
      const locked = (await cases.lockCase(tx, id))!;
      if (locked.closedOn) throw caseAlreadyClosed();
      await cases.closeCase(tx, id, closedOn, endedOn);
      await recordChange(tx, actor, 'case.closed', c, { closedOn, endedOn }, {}, meta.requestId);
      await retention.recomputeForCase(id, tx);
    });
    return (await cases.findCase(db, id))!;
  }

  async function reopenCase(actor: Actor, id: string, meta: { requestId?: string } = {}): Promise<CaseFile> {
    const c = await getManageable(actor, id);
    if (!c.closedOn) throw caseNotClosed();
    await db.transaction(async (tx) => {
      const locked = (await cases.lockCase(tx, id))!;
      if (!locked.closedOn) throw caseNotClosed();
      await cases.reopenCase(tx, id);
      await recordChange(tx, actor, 'case.reopened', c, { wasClosedOn: locked.closedOn }, {}, meta.requestId);
      await retention.recomputeForCase(id, tx);
    });
    return (await cases.findCase(db, id))!;
  }

  /** Links a whole conversation or a single message (one the actor may read) to the case. */
  async function linkToCase(actor: Actor, caseId: string, target: LinkTarget, meta: { requestId?: string } = {}): Promise<CaseLink> {
    const c = await getManageable(actor, caseId);
    let conversationId: string | null = null;
    let messageId: string | null = null;
    if (target.conversationId) {
      const conv = await deps.conversations.findConversation(db, target.conversationId);
      if (!conv || !can(actor, 'conversation.read', { teamId: conv.teamId })) throw caseConversationNotFound();
      conversationId = conv.id;
    } else if (target.messageId) {
      const m = await deps.conversations.findMessage(db, target.messageId);
      const conv = m ? await deps.conversations.findConversation(db, m.conversationId) : null;
      if (!m || !conv || !can(actor, 'conversation.read', { teamId: conv.teamId })) throw caseMessageNotFound();
      messageId = m.id;
    } else throw caseLinkTargetRequired();
    const link: CaseLink = { id: randomUUID(), caseId, conversationId, messageId, linkedBy: actor.id, linkedAt: clock.now() };
    await db.transaction(async (tx) => {
      await cases.lockCase(tx, caseId);
      if (!(await cases.insertLink(tx, link))) throw caseLinkExists();
      const payload = { linkId: link.id, target: conversationId ? 'conversation' : 'message', caseType: c.caseType };
      await recordChange(tx, actor, 'case.linked', c, payload, { conversationId, messageId }, meta.requestId);
      if (conversationId) await retention.recomputeForConversations([conversationId], tx);
      else await retention.recomputeForMessages([messageId!], tx);
    });
    return link;
  }

  async function unlinkFromCase(actor: Actor, caseId: string, linkId: string, meta: { requestId?: string } = {}): Promise<void> {
    const c = await getManageable(actor, caseId);
    const link = await cases.findLink(db, linkId);
    if (!link || link.caseId !== caseId) throw caseLinkNotFound();
    await db.transaction(async (tx) => {
      await cases.lockCase(tx, caseId);
      if (!(await cases.deleteLink(tx, linkId))) throw caseLinkNotFound();
      // A conversation filed under the case when it began stays out of it once unlinked.
      if (link.conversationId) await deps.conversations.clearConversationCase(tx, link.conversationId, caseId);
      const payload = { linkId, target: link.conversationId ? 'conversation' : 'message' };
      await recordChange(
        tx,
        actor,
        'case.unlinked',
        c,
        payload,
        { conversationId: link.conversationId, messageId: link.messageId },
        meta.requestId,
      );
      if (link.conversationId) await retention.recomputeForConversations([link.conversationId], tx);
      else await retention.recomputeForMessages([link.messageId!], tx);
    });
  }

  /** What a case page shows: the case, what is linked, and its messages' classes and dates. */
  async function getCaseView(actor: Actor, id: string) {
    const c = await getVisible(actor, id);
    const [links, retentionSummary] = await Promise.all([cases.listLinksForCase(db, id), retention.summaryForCase(id)]);
    const cls = retention.classForCaseType(c.caseType) ?? null;
    return { case: c, links, retention: retentionSummary, retentionClass: cls, canManage: can(actor, 'case.manage', c) };
  }

  return {
    caseTypes,
    defaultCaseType,
    createCase,
    ensureCaseByReference,
    closeCase,
    reopenCase,
    linkToCase,
    unlinkFromCase,
    getCase: getVisible,
    getCaseView,
    /** Cases the actor may see, open first. */
    listCases: (actor: Actor, f: { state?: 'open' | 'closed' | null; search?: string | null } = {}) => {
      authorize(actor, 'case.read');
      return cases.listCases(db, { teamId: teamScope(actor), state: f.state ?? null, search: f.search ?? null });
    },
    /** Open cases the actor may link things to (in `teamId` when given, e.g. the conversation's team for a caseworker). */
    listLinkableCases: async (actor: Actor) => {
      if (!can(actor, 'case.manage')) return [];
      return cases.listCases(db, { teamId: teamScope(actor), state: 'open' });
    },
    /** The cases a conversation and its single messages are linked to (the actor may read it). */
    casesForConversation: async (actor: Actor, conversationId: string) => {
      const conv = await deps.conversations.findConversation(db, conversationId);
      if (!conv || !can(actor, 'conversation.read', { teamId: conv.teamId })) throw caseConversationNotFound();
      return (await cases.listCasesForConversation(db, conversationId)).filter((l) => can(actor, 'case.read', l));
    },
    casesForMessage: async (actor: Actor, messageId: string) => {
      const m = await deps.conversations.findMessage(db, messageId);
      const conv = m ? await deps.conversations.findConversation(db, m.conversationId) : null;
      if (!m || !conv || !can(actor, 'conversation.read', { teamId: conv.teamId })) throw caseMessageNotFound();
      return {
        message: m,
        conversation: conv,
        cases: (await cases.listCasesForMessage(db, messageId)).filter((l) => can(actor, 'case.read', l)),
      };
    },
    casesForCitizen: async (actor: Actor, citizenId: string) =>
      (await cases.listCasesForCitizen(db, citizenId)).filter((l) => can(actor, 'case.read', l)),
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
