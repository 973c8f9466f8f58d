import type { DisposalAction, RetentionClass, RetentionSchedule, RetentionTrigger } from './retention-schedule.js';

/**
 * Which class a message falls in, and when it is due for disposal. Pure: the
 * facts about the message, its cases and its citizen in; a decision with its
 * reason out. Dates are calendar dates (YYYY-MM-DD) in the council's zone.
 */

export interface CaseFacts {
  caseId: string;
  caseType: string;
  /** When the case closed (for a complaint, the final decision); null while open. */
  closedOn: string | null;
  /** When the tenancy or care ended, as the case records it. */
  endedOn: string | null;
  /** The latest message in the case. */
  lastContactOn: string | null;
}

export interface MessageFacts {
  messageDate: string;
  citizenDateOfBirth: string | null;
  cases: CaseFacts[];
}

export interface DisposalDecision {
  classId: string;
  action: DisposalAction;
  /** The day the record is due (disposed of on that day, never before); null while its trigger has not happened. */
  disposeOn: string | null;
  /** The case whose class decided it; null for a message linked to no case. */
  caseId: string | null;
  /** Why, in words a records officer reads on the message's page. No personal data. */
  reason: string;
}

const ACTION_WEIGHT: Record<DisposalAction, number> = { destroy: 0, review: 1, transfer: 2 };

/** Adds whole years and months; the 29th–31st become the month's last day when it is shorter. */
export function addPeriod(date: string, years: number, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + years * 12 + months;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** 31 March that ends the UK financial year containing `date`. */
export function financialYearEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${m <= 3 ? y : y + 1}-03-31`;
}

function describePeriod(c: RetentionClass): string {
  if ('untilAge' in c.period) return `until age ${c.period.untilAge}`;
  const parts = [];
  if (c.period.years) parts.push(`${c.period.years} year${c.period.years === 1 ? '' : 's'}`);
  if (c.period.months) parts.push(`${c.period.months} month${c.period.months === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

const TRIGGER_WORDS: Record<RetentionTrigger, string> = {
  message_date: 'the message date',
  case_closed: 'the case closed',
  last_contact: 'the last contact in the case',
  date_of_birth: 'the date of birth',
  financial_year_end: 'the end of the financial year in which the case closed',
  case_end: 'the tenancy or care ended',
};

function triggerDate(c: RetentionClass, facts: MessageFacts, kase: CaseFacts | null): { on: string | null; pending: string } {
  switch (c.trigger) {
    case 'message_date':
      return { on: facts.messageDate, pending: '' };
    case 'case_closed':
      return { on: kase?.closedOn ?? null, pending: 'the case is still open' };
    case 'financial_year_end':
      return { on: kase?.closedOn ? financialYearEnd(kase.closedOn) : null, pending: 'the case is still open' };
    case 'last_contact':
      return { on: kase?.lastContactOn ?? facts.messageDate, pending: '' };
    case 'case_end':
      return { on: kase?.endedOn ?? null, pending: 'the case records no end of tenancy or care yet' };
    case 'date_of_birth':
      return { on: facts.citizenDateOfBirth, pending: 'the date of birth is not known' };
  }
}

function decide(c: RetentionClass, facts: MessageFacts, kase: CaseFacts | null): DisposalDecision {
  const { on, pending } = triggerDate(c, facts, kase);
  const base = { classId: c.id, action: c.action, caseId: kase?.caseId ?? null };
  const then =
    c.action === 'destroy'
      ? 'then destroyed'
      : c.action === 'review'
        ? 'then reviewed by a records officer'
        : 'then transferred to the archive';
  if (!on)
    return {
      ...base,
      disposeOn: null,
      reason: `${c.title}: kept ${describePeriod(c)} from ${TRIGGER_WORDS[c.trigger]}, ${then}; no date yet because ${pending}`,
    };
  const disposeOn = 'untilAge' in c.period ? addPeriod(on, c.period.untilAge, 0) : addPeriod(on, c.period.years, c.period.months);
  return {
    ...base,
    disposeOn,
    reason: `${c.title}: kept ${describePeriod(c)} from ${TRIGGER_WORDS[c.trigger]} (${on}), ${then} on ${disposeOn}`,
  };
}

/** Index for looking classes up by case type. */
export function classesByCaseType(schedule: RetentionSchedule): Map<string, RetentionClass> {
  const m = new Map<string, RetentionClass>();
  for (const c of schedule.classes) for (const t of c.caseTypes) m.set(t, c);
  return m;
}

/**
 * The class and disposal date of one message. Linked to no case: the transient
 * class. Linked to several: the longest keeping wins (a case whose trigger has not
 * happened yet keeps it indefinitely), and on equal dates the stronger action
 * (transfer, then review, then destroy). A case type the schedule does not know
 * is kept for review rather than guessed.
 */
export function computeDisposal(schedule: RetentionSchedule, facts: MessageFacts, byType = classesByCaseType(schedule)): DisposalDecision {
  if (facts.cases.length === 0) {
    const transient = schedule.classes.find((c) => c.id === schedule.transientClass)!;
    return decide(transient, facts, null);
  }
  let best: DisposalDecision | null = null;
  for (const kase of facts.cases) {
    const c = byType.get(kase.caseType);
    const d: DisposalDecision = c
      ? decide(c, facts, kase)
      : {
          classId: 'unclassified',
          action: 'review',
          disposeOn: null,
          caseId: kase.caseId,
          reason: `The case type ${kase.caseType} is not in the retention schedule, so its messages are kept until a records officer classifies it`,
        };
    if (!best || outlasts(d, best)) best = d;
  }
  return best!;
}

function outlasts(a: DisposalDecision, b: DisposalDecision): boolean {
  if (a.disposeOn === null || b.disposeOn === null) {
    if (a.disposeOn === null && b.disposeOn !== null) return true;
    if (a.disposeOn !== null && b.disposeOn === null) return false;
    return ACTION_WEIGHT[a.action] > ACTION_WEIGHT[b.action];
  }
  if (a.disposeOn !== b.disposeOn) return a.disposeOn > b.disposeOn;
  return ACTION_WEIGHT[a.action] > ACTION_WEIGHT[b.action];
}

/** Whether a decision is due on `asOf`: on the day it falls, never the day before. */
export const isDue = (d: DisposalDecision, asOf: string) => d.disposeOn !== null && d.disposeOn <= asOf;
