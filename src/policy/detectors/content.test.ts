import { describe, expect, it } from 'vitest';
import { loadDefaultPolicyPack } from '../pack.file.js';
import type { PolicyLexicons } from '../policy.types.js';
import { detectBeyondContact } from './beyond-contact.js';
import { createBindingTransactionDetector } from './binding-transaction.js';
import { detectEmailFiles } from './email-file.js';
import { createOffensiveDetector } from './offensive.js';

const pack = loadDefaultPolicyPack();
const offensive = createOffensiveDetector(pack.lexicons);
const binding = createBindingTransactionDetector(pack.lexicons.bindingPhrases);

describe('offensive content', () => {
  it.each([
    // profanity, including obfuscated spellings (obscenity) and masks it does not resolve
    ['you f4cking idiot', true],
    ['this is bullsh1t', true],
    ['fuuuuck off', true],
    ['what a c*nt', true],
    ['f u c k off', true],
    ['FUCK', true],
    // council lexicon over protected characteristics
    ["Don't listen to him, he's a spastic.", true],
    ['stop being such a retard', true],
    ['he called the kid a mong yesterday you mong', true],
    // hostile generalisations
    ['your sort always expect everything handed to you', true],
    ['Typical of your lot, you people never pay your rent.', true],
    ['typical woman, crying to get her own way', true],
    ['Women like you always cry to get your way', true],
    ['Immigrants are all lazy', true],
    ["You're too old to understand the form", true],
    ['go back to your own country', true],
    ['Muslims never integrate', true],
    // not offensive: places and names containing rude words, neutral mentions, reports, counter-speech
    ['Meet me in Scunthorpe at 3', false],
    ['Meet me at the Penistone Road office, second floor.', false],
    ['Cockermouth library, 10am?', false],
    ['The Sikh temple is hosting the drop-in on Friday', false],
    ['She is Polish and would like an interpreter', false],
    ['All women are welcome at the drop-in', false],
    ['Our immigrant support worker will call you', false],
    ['The mosque on Green Lane is open for the food bank', false],
    ['She was called a horrible name on the bus, we have reported it', false],
    ['Someone sprayed a racist slur on your fence, we will remove it tomorrow.', false],
    ["A neighbour shouted 'go back to your own country' at her; we've reported it to the police.", false],
    ['He keeps calling her a paki. We have logged it as a hate crime.', false],
    ['It is not true that immigrants are all lazy', false],
    ['She was raped last year and we are supporting her', false], // safeguarding words are not abuse
    ['class assessment at 10am, bring the document and title deeds', false],
    ['cocktail evening at the hub', false],
    ['The bus to Essex leaves at 3pm', false],
    ['Our sort code is on the letter', false], // "sort" is not "your sort"
    ['Thank you for your kind words', false],
    // neutral statements about groups: eligibility, facts
    ["Immigrants can't get housing benefit unless they have settled status", false],
    ['Pensioners all get a free bus pass', false],
    ["refugees can't work until their claim is decided", false],
    ['young people are always welcome', false],
    ['disabled people are entitled to a blue badge', false],
    ['my mum is 83 and too old to climb stairs', false],
    ['the dog is friendly, it will not bite', false],
    // more hostile ones
    ["muslims can't be trusted", true],
    ['travellers always cause trouble', true],
    ['the elderly are a burden', true],
    ['shut up you stupid old woman', true],
    ['what an idiot', true],
    ['kill yourself', true],
    ['im gonna batter you', true],
    ['F*** off', true],
  ])('%j → %s', (text, expected) => {
    expect(offensive(text).length > 0).toBe(expected);
  });

  it('uses the pack lexicon: added terms and allowed words', () => {
    const lexicons: PolicyLexicons = {
      ...pack.lexicons,
      offensiveTerms: ['spanner'],
      offensiveAllowed: [...pack.lexicons.offensiveAllowed, 'twatling'],
    };
    const custom = createOffensiveDetector(lexicons);
    // A term the pack adds is offensive wherever it stands; the built-in lexicon does not know it.
    expect(custom('the spanner from the van').map((f) => f.type)).toEqual(['OFFENSIVE']);
    expect(offensive('the spanner from the van')).toEqual([]);
    expect(custom('Twatling Road')).toEqual([]);
  });

  it('reports spans in UTF-16 indices after emoji', () => {
    const text = '😡😡 you f4cking idiot';
    const [f] = offensive(text);
    expect(text.slice(f!.start, f!.end)).toMatch(/f4ck/);
  });
});

describe('binding transaction', () => {
  it.each([
    ['Reply YES and we agree to cover the deposit.', 'we agree to cover the deposit'],
    ['Reply YES and this confirms your tenancy agreement.', 'this confirms your tenancy agreement'],
    ["Don't worry, we'll write off the arrears if you sign today.", "we'll write off the arrears if you sign today"],
    ['Reply YES and I confirm the council will pay your arrears.', 'I confirm the council will pay your arrears'],
    [
      'We will cover the full cost of the removal van, consider it agreed',
      'We will cover the full cost of the removal van, consider it agreed',
    ],
    ['Reply YES to accept the offer of the flat', 'Reply YES to accept the offer of the flat'],
    ['On behalf of the council, I accept your terms', 'On behalf of the council, I accept your terms'],
    ['Payment confirmed', 'Payment confirmed'],
    ['Fine, we will pay you', 'we will pay you'], // pack phrase
    ['we will pay for the carpet', 'we will pay for the carpet'],
    ['I can confirm the grant of £500 has been approved', 'I can confirm the grant of £500 has been approved'],
    ['ok agreed, £50 a week it is', 'agreed, £50 a week'],
    ['we have approved your application', 'we have approved your application'],
  ])('%j', (text, span) => {
    const found = binding(text);
    expect(found.length).toBeGreaterThan(0);
    expect(text.slice(found[0]!.start, found[0]!.end)).toContain(span);
  });

  it.each([
    'If the panel agrees, someone will contact you about the grant.',
    'If the grant is approved, the payments team will write to you',
    "Reply YES if you'd like a call back tomorrow morning",
    "We can't agree to pay the deposit",
    'We cannot confirm your tenancy over WhatsApp',
    'I agree we should meet on Tuesday',
    'I confirm the appointment on Tuesday at 2pm',
    'Just to confirm, your NHS number is on the letter',
    "I'll pay you back on Friday for the coffee? no",
    "I'll pay for parking when I get there",
    "We'll cover that at the meeting",
    'I can confirm your application has been received',
    'Agreed, see you at 3',
  ])('not binding: %j', (text) => {
    expect(binding(text)).toEqual([]);
  });
});

describe('email files as attachments', () => {
  it.each([
    [{ fileName: 'complaint.eml' }, true],
    [{ fileName: 'RE: housing.MSG' }, true],
    [{ fileName: 'scan.pdf', mimeType: 'message/rfc822' }, true],
    [{ fileName: 'note', mimeType: 'application/vnd.ms-outlook; charset=binary' }, true],
    [{ fileName: 'photo.jpg', mimeType: 'image/jpeg' }, false],
    [{ fileName: 'emails-policy.pdf' }, false],
  ])('%j → %s', (attachment, expected) => {
    expect(detectEmailFiles([attachment], pack.emailFiles).length > 0).toBe(expected);
  });
});

describe('beyond arranging contact', () => {
  const t = pack.thresholds.beyondContact;
  it('does not flag arranging a call or a meeting, even when long', () => {
    const text =
      'Hi Mrs Khan, thanks for your message. Can you call me on 0113 496 0000 tomorrow morning, or we can meet at the family hub at 10am on Tuesday? ' +
      'If Tuesday is no good, let me know a time that suits you and I will book the room. See you soon, Jo from the family hub. Thanks again for getting back to me so quickly.';
    expect(detectBeyondContact(text, t)).toEqual([]);
  });

  it('flags long substantive casework', () => {
    const text =
      'Following the panel the decision on your housing application is that the rent arrears of the previous tenancy have to be cleared before an offer can be made. ' +
      'The panel also noted concerns raised by the school about attendance and the support plan. ' +
      "Your son's assessment found he needs an education, health and care plan and the occupational therapist recommended adaptations to the bathroom. " +
      "The landlord has disputed the disrepair claim and the surveyor's report says the damp is caused by condensation.";
    const [f] = detectBeyondContact(text, t);
    expect(f).toMatchObject({ type: 'BEYOND_CONTACT', start: 0, end: text.length });
  });

  it('never flags short messages', () => {
    expect(detectBeyondContact('Your assessment found he needs a care plan.', t)).toEqual([]);
  });

  it('follows the threshold in the pack', () => {
    const text = 'The landlord disputed the disrepair claim and the surveyor says the damp is caused by condensation in the flat.';
    expect(detectBeyondContact(text, { minWords: 10, minSubstantiveWords: 10, minSubstantiveShare: 0.5 })).toHaveLength(1);
  });
});
