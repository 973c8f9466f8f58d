import { describe, expect, it } from 'vitest';
import { ageOn, checkAge, checkContact, type ContactFacts } from './contact-rules.js';
import { CONTACT_REFUSALS, contactRefused } from './contact.errors.js';
import { classifyOptIntent, findChildSignals } from './inbound-signals.js';

const now = new Date('2026-12-03T12:00:00Z');
const facts = (over: Partial<ContactFacts> = {}): ContactFacts => ({
  citizen: { dateOfBirth: '1980-01-01', ageBand: null },
  optedOutAt: null,
  suspendedAt: null,
  firstContact: null,
  windowOpen: true,
  content: 'text',
  ...over,
});

describe('contact rules', () => {
  it('allows an adult in an open window', () => expect(checkContact(facts(), now)).toEqual({ allowed: true }));

  it.each<[string, Partial<ContactFacts>, string]>([
    ['age unknown', { citizen: { dateOfBirth: null, ageBand: null } }, 'CONTACT_AGE_UNKNOWN'],
    ['under 13 by date of birth', { citizen: { dateOfBirth: '2014-01-01', ageBand: null } }, 'CONTACT_UNDER_MINIMUM_AGE'],
    ['under 13 by band', { citizen: { dateOfBirth: null, ageBand: 'under_13' } }, 'CONTACT_UNDER_MINIMUM_AGE'],
    ['opted out', { optedOutAt: now }, 'CONTACT_OPTED_OUT'],
    ['suspended', { suspendedAt: now }, 'CONTACT_SUSPENDED'],
    [
      'first contact without justification',
      { firstContact: { justified: false, approval: 'not_required' }, windowOpen: false, content: 'template' },
      'CONTACT_JUSTIFICATION_REQUIRED',
    ],
    [
      'first contact awaiting approval',
      { firstContact: { justified: true, approval: 'pending' }, windowOpen: false, content: 'template' },
      'CONTACT_APPROVAL_PENDING',
    ],
    [
      'first contact refused',
      { firstContact: { justified: true, approval: 'refused' }, windowOpen: false, content: 'template' },
      'CONTACT_APPROVAL_REFUSED',
    ],
    ['free text outside the window', { windowOpen: false }, 'CONTACT_WINDOW_CLOSED'],
  ])('refuses: %s', (_l, over, code) => {
    expect(checkContact(facts(over), now)).toMatchObject({ allowed: false, code });
  });

  it('allows an approved template outside the window, and approved first contact', () => {
    expect(checkContact(facts({ windowOpen: false, content: 'template' }), now)).toEqual({ allowed: true });
    expect(
      checkContact(facts({ windowOpen: false, content: 'template', firstContact: { justified: true, approval: 'approved' } }), now),
    ).toEqual({ allowed: true });
  });

  it('checks age before anything else, then opt-out before suspension', () => {
    expect(
      checkContact(facts({ citizen: { dateOfBirth: '2016-05-05', ageBand: null }, optedOutAt: now, suspendedAt: now }), now),
    ).toMatchObject({ code: 'CONTACT_UNDER_MINIMUM_AGE' });
    expect(checkContact(facts({ optedOutAt: now, suspendedAt: now }), now)).toMatchObject({ code: 'CONTACT_OPTED_OUT' });
  });

  it('is 13 on the birthday, not the day before; the threshold can be raised to 16', () => {
    expect(checkAge({ dateOfBirth: '2013-12-03', ageBand: null }, now)).toEqual({ allowed: true });
    expect(checkAge({ dateOfBirth: '2013-12-04', ageBand: null }, now)).toMatchObject({ code: 'CONTACT_UNDER_MINIMUM_AGE' });
    expect(ageOn('2013-12-04', now)).toBe(12);
    expect(checkAge({ dateOfBirth: '2011-01-01', ageBand: null }, now, 16)).toMatchObject({
      code: 'CONTACT_UNDER_MINIMUM_AGE',
      detail: 'The minimum age is 16.',
    });
    expect(checkAge({ dateOfBirth: null, ageBand: '13_to_17' }, now, 13)).toEqual({ allowed: true });
    expect(checkAge({ dateOfBirth: null, ageBand: '13_to_17' }, now, 16)).toMatchObject({ code: 'CONTACT_AGE_UNKNOWN' });
    expect(checkAge({ dateOfBirth: null, ageBand: '18_or_over' }, now, 16)).toEqual({ allowed: true });
  });

  it('every refusal has plain words and a guidance section, and becomes a 422 AppError', () => {
    for (const [code, r] of Object.entries(CONTACT_REFUSALS)) {
      expect(r.message.length).toBeGreaterThan(20);
      const e = contactRefused(code as keyof typeof CONTACT_REFUSALS);
      expect(e).toMatchObject({ code, status: 422, details: { guidanceSection: r.section } });
    }
  });
});

describe('STOP and START', () => {
  it.each([
    'STOP',
    'stop',
    'Stop.',
    ' stop ',
    'Unsubscribe',
    'please stop',
    "Don't message me",
    'dont message me again',
    'Please stop messaging me',
    'stop texting me!!',
    'take me off your list',
  ])('opt-out: %s', (t) => {
    expect(classifyOptIntent(t)).toBe('opt_out');
  });
  it.each(['START', 'start', 'Unstop', 'resume', 'you can message me again'])('opt-in: %s', (t) =>
    expect(classifyOptIntent(t)).toBe('opt_in'),
  );
  it.each([
    'I waited at the bus stop for an hour',
    'Can you stop the eviction?',
    "Please don't stop messaging me, this is the only way I can talk",
    'When does the repair start?',
    'The leak won’t stop',
    'I need to stop my direct debit',
    '',
    null,
  ])('neither: %s', (t) => expect(classifyOptIntent(t)).toBeNull());
});

describe('signs of a child', () => {
  it.each<[string, string]>([
    ["I'm 12", 'stated_age'],
    ['im twelve and my brother is 15', 'stated_age'],
    ['i am 11 years old', 'stated_age'],
    ["I'm in year 7", 'school_year'],
    ['im year 8', 'school_year'],
    ["my mum says I can't talk to you", 'parent_permission'],
    ["my dad won't let me reply", 'parent_permission'],
    ["I'm at school till 3", 'school_context'],
    ['my teacher said to message', 'school_context'],
  ])('%s → %s', (text, kind) => {
    expect(findChildSignals(text).map((s) => s.kind)).toContain(kind);
  });

  it.each([
    "I'm 34 and live alone",
    "I'm 5 minutes away",
    'My son is 12',
    "I'm in year 10",
    'my mum says she needs a ramp fitted',
    'The school run is at 8',
    'I work at the school kitchen',
    null,
  ])('not a child: %s', (text) => expect(findChildSignals(text)).toEqual([]));

  it('follows the threshold', () => {
    expect(findChildSignals("I'm 14", 13)).toEqual([]);
    expect(findChildSignals("I'm 14", 16)).toEqual([{ kind: 'stated_age', evidence: "i'm 14" }]);
  });
});
