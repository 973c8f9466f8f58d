import { describe, expect, it } from 'vitest';
import { parsePolicyPack } from './pack.js';
import { loadDefaultPolicyPack } from './pack.file.js';
import { createPolicyEngine } from './policy.engine.js';
import type { Direction } from './policy.types.js';

const engine = createPolicyEngine(loadDefaultPolicyPack());
const outbound = (text: string, attachments?: { fileName: string; mimeType?: string | null }[]) =>
  engine.evaluate({ text, direction: 'outbound', attachments });

describe('policy engine decisions (default pack)', () => {
  it.each([
    ['Just to confirm, your NHS number is 943 476 5919', 'block', 'no-nhs-number'],
    ['ct418457d is my ni number x', 'block', 'no-ni-number'],
    ['Card 4111 1111 1111 1111 got charged twice', 'block', 'no-payment-card'],
    ['transfer to GB29 NWBK 6016 1331 9268 19 thx', 'block', 'no-iban'],
    ['sort code 20-32-06, account 83051762', 'block', 'no-bank-account'],
    ['His passport number 962185188 has expired.', 'block', 'no-passport-number'],
    ['Licence MORGA753116SM9IJ', 'block', 'no-driving-licence'],
    ['your sort always expect everything handed to you', 'block', 'offensive-content'],
    ['Reply YES and we agree to cover the deposit.', 'block', 'no-binding-transaction'],
    ['dob 2/11/2014', 'warn', 'date-of-birth'],
    ['email kayleigh.m@yahoo.co.uk not this number', 'warn', 'email-address'],
    ["we're at 7 Oak Close, Stockport SK4 2QT now", 'warn', 'address'],
    ['ring me on 07700 900318 when u can', 'allow', 'phone-number'],
    ['the centre is near LS6 1AN, come at 2', 'allow', 'postcode'],
  ])('%j → %s (%s)', (text, decision, ruleId) => {
    const d = outbound(text);
    expect(d.decision).toBe(decision);
    expect(d.reasons[0]).toMatchObject({
      ruleId,
      action: decision,
      count: d.findings.filter((f) => f.type === d.reasons[0]!.findingType).length,
    });
    expect(d.reasons[0]!.guidanceSection).toMatch(/^5/);
    expect(d.reasons[0]!.message.length).toBeGreaterThan(10);
  });

  it.each([
    'thank u 🙏',
    'can u do 3pm instead?',
    'Our ref for you is 5734152188, quote it if you ring',
    'Booking ref 5528734678899433',
    'next review 2/11/2025 at the school',
    '',
  ])('allows %j with no reasons', (text) => {
    const d = outbound(text);
    expect(d.decision).toBe('allow');
    expect(d.reasons).toEqual([]);
  });

  it('takes the most severe action and lists every rule that matched, most severe first', () => {
    const d = outbound('NHS number 943 476 5919, dob 2/11/2014, call 07700 900318');
    expect(d.decision).toBe('block');
    expect(d.reasons.map((r) => r.ruleId)).toEqual(['no-nhs-number', 'date-of-birth', 'phone-number']);
    expect(d.findings.map((f) => f.type)).toEqual(['NHS_NUMBER', 'DATE_OF_BIRTH', 'PHONE_NUMBER']);
    expect(d).toMatchObject({ packId: 'liaise-default', packVersion: '2026.1' });
  });

  it('blocks email files attached, with a message-level finding', () => {
    const d = outbound('see attached', [{ fileName: 'complaint.eml' }]);
    expect(d.decision).toBe('block');
    expect(d.findings).toEqual([expect.objectContaining({ type: 'EMAIL_FILE', start: 0, end: 0 })]);
    expect(outbound('photo', [{ fileName: 'mould.jpg', mimeType: 'image/jpeg' }]).decision).toBe('allow');
  });

  it('warns on content beyond arranging contact', () => {
    const text =
      'Following the panel the decision on your housing application is that the rent arrears of the previous tenancy have to be cleared before an offer can be made. ' +
      'The panel also noted concerns raised by the school about attendance and the support plan. ' +
      "Your son's assessment found he needs an education, health and care plan and the occupational therapist recommended adaptations to the bathroom. " +
      "The landlord has disputed the disrepair claim and the surveyor's report says the damp is caused by condensation.";
    const d = outbound(text);
    expect(d.decision).toBe('warn');
    expect(d.reasons[0]).toMatchObject({ ruleId: 'beyond-contact', findingType: 'BEYOND_CONTACT' });
  });

  it.each<Direction>(['inbound', 'import', 'forward'])(
    'gives the outbound verdict for %s (callers treat inbound and import as flags)',
    (direction) => {
      const d = engine.evaluate({ text: 'nhs num 5232792822 for the referral pls', direction });
      expect(d.decision).toBe('block');
    },
  );

  it('follows the pack: a council can change actions and thresholds without code', () => {
    const yaml = `id: strict\nversion: "2"\nname: Strict\nguidance: { title: g, version: "1" }\nthresholds:\n  beyondContact: { minWords: 60, minSubstantiveWords: 40, minSubstantiveShare: 0.6 }\nrules:\n  - id: phones\n    finding: PHONE_NUMBER\n    guidanceSection: "5"\n    outbound: warn\n    message: Check the number.\n  - id: nhs\n    finding: NHS_NUMBER\n    guidanceSection: "5"\n    outbound: block\n    minConfidence: 0.99\n    message: No.\n`;
    const strict = createPolicyEngine(parsePolicyPack(yaml));
    expect(strict.evaluate({ text: 'call 07700 900318', direction: 'outbound' })).toMatchObject({
      decision: 'warn',
      packId: 'strict',
      packVersion: '2',
    });
    // Below the rule's confidence threshold: not reported, not acted on.
    expect(strict.evaluate({ text: 'NHS number 943 476 5919', direction: 'outbound' }).decision).toBe('allow');
    // Types with no rule are still reported but change nothing.
    const d = strict.evaluate({ text: 'dob 2/11/2014', direction: 'outbound' });
    expect(d).toMatchObject({ decision: 'allow', reasons: [] });
    expect(d.findings.map((f) => f.type)).toEqual(['DATE_OF_BIRTH']);
  });

  it('is pure: the same input gives the same decision, and never throws on odd text', () => {
    const text = 'NHS number 943 476 5919 😊\u0000\uD800 ' + 'x'.repeat(10_000);
    expect(outbound(text)).toEqual(outbound(text));
    expect(() => engine.evaluate({ text: undefined as unknown as string, direction: 'outbound' })).not.toThrow();
  });

  it('reports findings sorted by start with JavaScript indices', () => {
    const text = '🙂 dob 2/11/2014 and NHS 943 476 5919';
    const d = outbound(text);
    expect(d.findings.map((f) => text.slice(f.start, f.end))).toEqual(['2/11/2014', '943 476 5919']);
  });
});
