import type { ContactRefusalCode } from './contact.errors.js';

/**
 * The guidance's contact rules as one pure decision, so that every way of sending
 * (web, API, CLI) refuses for the same reasons in the same order. Facts in; the
 * first rule that refuses, or "allowed", out.
 */

export const DEFAULT_MIN_CONTACT_AGE = 13;

export type AgeBand = 'under_13' | '13_to_17' | '18_or_over';

export interface ContactFacts {
  citizen: { dateOfBirth: string | null; ageBand: AgeBand | null };
  /** When the citizen opted out (STOP) and has not opted back in. */
  optedOutAt: Date | null;
  /** When the conversation was suspended (signs of a child) and not yet released. */
  suspendedAt: Date | null;
  /** Null once first contact has been made; otherwise its justification and approval. */
  firstContact: { justified: boolean; approval: 'not_required' | 'pending' | 'approved' | 'refused' } | null;
  /** Whether the 24-hour customer-service window is open. */
  windowOpen: boolean;
  /** Free text needs the window; an approved template does not. */
  content: 'text' | 'template';
}

export type ContactDecision = { allowed: true } | { allowed: false; code: ContactRefusalCode; detail?: string };

/** Whole years between a date of birth (YYYY-MM-DD) and `on`. */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
  return age;
}

const BAND_MIN_AGE: Record<AgeBand, number> = { under_13: 0, '13_to_17': 13, '18_or_over': 18 };

/** Whether the citizen's age allows contact at all; also decides whether the citizen's page offers contact. */
export function checkAge(citizen: ContactFacts['citizen'], now: Date, minAge = DEFAULT_MIN_CONTACT_AGE): ContactDecision {
  if (citizen.dateOfBirth) {
    return ageOn(citizen.dateOfBirth, now) < minAge
      ? { allowed: false, code: 'CONTACT_UNDER_MINIMUM_AGE', detail: `The minimum age is ${minAge}.` }
      : { allowed: true };
  }
  if (citizen.ageBand) {
    // A band is enough only when all of it is at or above the threshold (the threshold can be raised to 16).
    if (BAND_MIN_AGE[citizen.ageBand] >= minAge) return { allowed: true };
    if (citizen.ageBand === 'under_13')
      return { allowed: false, code: 'CONTACT_UNDER_MINIMUM_AGE', detail: `The minimum age is ${minAge}.` };
    return {
      allowed: false,
      code: 'CONTACT_AGE_UNKNOWN',
      detail: `The minimum age is ${minAge}, so the age band is not enough: record a date of birth.`,
    };
  }
  return { allowed: false, code: 'CONTACT_AGE_UNKNOWN' };
}

export function checkContact(facts: ContactFacts, now: Date, minAge = DEFAULT_MIN_CONTACT_AGE): ContactDecision {
  const age = checkAge(facts.citizen, now, minAge);
  if (!age.allowed) return age;
  if (facts.optedOutAt) return { allowed: false, code: 'CONTACT_OPTED_OUT' };
  if (facts.suspendedAt) return { allowed: false, code: 'CONTACT_SUSPENDED' };
  if (facts.firstContact) {
    if (!facts.firstContact.justified) return { allowed: false, code: 'CONTACT_JUSTIFICATION_REQUIRED' };
    if (facts.firstContact.approval === 'pending') return { allowed: false, code: 'CONTACT_APPROVAL_PENDING' };
    if (facts.firstContact.approval === 'refused') return { allowed: false, code: 'CONTACT_APPROVAL_REFUSED' };
  }
  if (facts.content === 'text' && !facts.windowOpen) return { allowed: false, code: 'CONTACT_WINDOW_CLOSED' };
  return { allowed: true };
}
