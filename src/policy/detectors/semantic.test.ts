/**
 * Offensive comments and binding promises recognised by their structure, and bank
 * details without labels: one block and one contrast per characteristic and per
 * speech-act pattern, the clause-by-clause handling of reports, the explanation and
 * suggestion on a block, and a property that a neutral sentence never makes an
 * allowed message blocked.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDefaultPolicyPack } from '../pack.file.js';
import { createPolicyEngine } from '../policy.engine.js';

const engine = createPolicyEngine(loadDefaultPolicyPack());
const decide = (text: string) => engine.evaluate({ text, direction: 'outbound' });
const typesOf = (text: string) => decide(text).findings.map((f) => f.type);

describe('offensive comments by structure (group + frame + evaluation)', () => {
  it.each([
    // characteristic, blocked, allowed contrast on the same group
    ['age', 'Pensioners like you are a drain on the system', 'Pensioners can get a free bus pass from the library'],
    ['age', 'ok grandad, people your age are past it', 'People your age can ask for a home visit instead'],
    ['gender', "women shouldn't be managing housing, they get too emotional", "Women shouldn't have to wait for a refuge space"],
    ['race', 'Roma families are all beggars and thieves', 'Roma families can use the translation line on Mondays'],
    ['disability', 'deaf people are thick, no point explaining anything to them', 'Deaf people can book a BSL interpreter for the visit'],
    ['sexual orientation', "gay people shouldn't foster kids, it's not natural", 'Gay people can foster: the assessment is the same'],
    ['religious belief', 'atheists have no morals', 'Atheists and humanists can ask for a non-religious ceremony'],
    ['religious belief', 'the mosque lot are all terrorists in waiting', 'The mosque lot are running the food bank on Friday'],
    ['political belief', 'Lib dems are spineless liars', 'Lib Dem councillors voted for the new budget'],
    ['nationality', 'eastern europeans are all on the fiddle', 'Eastern Europeans can get advice at the Polish centre'],
    [
      'nationality',
      'foreigners shouldn’t get council houses before British people',
      'Foreign nationals can apply once they have settled status',
    ],
    ['age', 'the youth on this estate are all thugs', 'The youth club on this estate opens at 6'],
    ['gender', 'ladies are too soft to be caretakers', 'Ladies can use the women-only swim session'],
    ['disability', 'dyslexics are just thick', 'Dyslexics can ask for the letter in a larger font'],
    ['sexual orientation', 'being gay is a sickness', 'Being gay makes no difference to the housing register'],
    ['political belief', 'Leave voters are racist thickos', 'Leave voters and remain voters both use the hub'],
    ['nationality', 'Lithuanians are always drunk in the stairwell', 'Lithuanians can get advice at the community centre'],
    ['nationality', "send him back to Poland, he's nothing but trouble", 'We can send him back to Poland for the funeral'],
    ['nationality', 'Ukrainians are getting everything handed to them', 'Ukrainians are getting the welcome payment this week'],
    ['political belief', 'Corbyn supporters are all antisemites', 'Corbyn supporters held a meeting in the library'],
    ['race', 'black families are always loud and aggressive', 'Black families are under-represented on the panel'],
    ['age', 'anyone over 80 is basically useless', 'Anyone over 80 can ask for an assisted collection'],
  ])('%s: blocks %j, allows %j', (_characteristic, blocked, allowed) => {
    expect(decide(blocked).decision).toBe('block');
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(typesOf(allowed)).not.toContain('OFFENSIVE');
  });

  it.each([
    ['typical of a group', 'typical trade union leftie, always striking and never working'],
    ['habit after "always"', 'travellers always cause trouble'],
    ['failing after "never"', 'your lot never pay your rent'],
    ['evaluation on a group noun', 'filthy people the lot of them'],
    ['tail that generalises', 'thieving scum, every last one'],
    ['picked up again after a comma', 'gypsies on the site, they’re all thieving scum'],
    ['insult addressed to the person', "you're a useless waste of space"],
    ['insult with describing words', 'get a grip you spineless little worm'],
    ['insult after an intensifier', 'you are so thick'],
    ['insult as a phrase', "you're a nasty piece of work"],
    ['third person insulted', 'his mum is a fat useless cow'],
  ])('%s: %j', (_pattern, text) => {
    expect(typesOf(text)).toContain('OFFENSIVE');
  });

  it.each([
    ['negated', 'Disabled residents are not faking it, every claim is assessed'],
    ['counter-speech', "it's not true that immigrants are scroungers"],
    ['counter-speech after', "calling anyone a 'retard' isn't acceptable on this service"],
    ['criticism of a thing', 'The old boiler is useless and needs replacing'],
    ['praise after an intensifier', "you're so kind, thank you"],
    ['a person finding a thing useless', 'Disabled people find the old form useless, so we changed it'],
    ['place names', 'Meet me at the Penistone Road office, or in Scunthorpe'],
    ['a name', "I've had a chat with Dick from the repairs team and he's on it"],
  ])('not offensive (%s): %j', (_why, text) => {
    expect(typesOf(text)).not.toContain('OFFENSIVE');
  });

  it('decides reports clause by clause: the report passes, the writer’s own abuse in the next sentence does not', () => {
    const report = 'My neighbour called me a retard and I want it logged.';
    expect(typesOf(report)).not.toContain('OFFENSIVE');
    const mixed = `${report} Honestly you lot at the council are useless morons`;
    const found = decide(mixed).findings.filter((f) => f.type === 'OFFENSIVE');
    expect(found).toHaveLength(1);
    expect(mixed.slice(found[0]!.start, found[0]!.end)).toMatch(/^you lot at the council are useless/);
  });

  it('a reporting word covers what it reports, not an insult further on', () => {
    expect(typesOf('he called the kid a mong yesterday')).not.toContain('OFFENSIVE');
    expect(typesOf('he called the kid a mong yesterday you mong')).toContain('OFFENSIVE');
  });

  it('quotations reported as evidence pass', () => {
    expect(typesOf("The letter he pushed through said 'no blacks no dogs no Irish'. I've kept it as evidence.")).not.toContain('OFFENSIVE');
  });
});

describe('offensive structures that generalise beyond the wording tuned on', () => {
  it.each([
    // pattern, blocked, allowed contrast with the same words round it
    ['an adjective of a people used as its plural', 'Irish are thick as mince', 'Irish dancing classes are on Tuesdays at the library'],
    ['an adjective of a faith used as its plural', 'Catholic are all hypocrites round here', 'My Catholic neighbour is always helpful'],
    [
      'an evaluation that brings its own verb',
      "girls in that office haven't got a brain between them",
      "girls in that office haven't got a desk yet",
    ],
    [
      'the group picked up again after a clause in between',
      'the lads on the estate are Albanian so lock your car, they are all crooks',
      'the lads on the estate are Albanian so we booked an interpreter, they are all welcome',
    ],
    ['a plural evaluation said of one', 'a boomer dinosaur like you should retire', 'a boomer like you can get a free bus pass'],
    [
      'kept out of sight',
      'people in wheelchairs should stay indoors instead of clogging up the market',
      'older people should stay indoors during the heatwave',
    ],
    ['a party by its voters', 'green party voters are brain dead hippies', 'green party voters are meeting at the hall on Friday'],
    [
      'crimes pinned on a group',
      'black lads are always the ones dealing on the estate',
      'black lads are always welcome at the boxing club',
    ],
    ['essentialised', 'travellers are thieves, it is in their blood', 'travellers have a site warden, her name is Sue'],
    ['told to go back', "go back to Nigeria if you don't like it here", "I'm going back to Nigeria for Christmas, can you pause my bins?"],
    ['sent back', 'they live like animals, send them back where they came from', 'send them back the form when you have signed it'],
    ['a relative clause narrowing the group', 'men who work in care are all creeps', 'men who work in care are all DBS checked'],
    ['a quality said of the group', 'women make terrible managers', 'women make up half of our managers'],
    ['a duty refused by the group', "Somalis don't work, they just sit about", "Somalis don't need a visa for the advice line"],
    ['no business', 'Homosexuals have no business adopting', 'Homosexuals have the same right to adopt as anyone'],
    [
      'a group named by an evaluation',
      'religious nutters like you should keep quiet',
      'religious leaders like you are welcome at the forum',
    ],
    ['an adjective of a disability', 'mentally ill people are dangerous', 'mentally ill people are entitled to an advocate'],
    ['an insult with a describing word', 'anyone who voted leave is a racist idiot', 'anyone who voted leave is welcome to the meeting'],
    ['what kind of insult', "what kind of idiot loses someone's passport", 'what kind of ID do you need for the passport?'],
  ])('a report the writer sides with, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(typesOf(allowed)).not.toContain('OFFENSIVE');
  });

  it('said to the person, "a joke of a …" is an insult; of a thing it is not', () => {
    expect(typesOf("you're an absolute joke of a housing officer")).toContain('OFFENSIVE');
    expect(typesOf('what a joke of a form, it took me an hour')).not.toContain('OFFENSIVE');
  });

  it('counter-speech that negates a judgement on the words passes', () => {
    expect(typesOf("I don't think it's fair to say teenagers are all trouble")).not.toContain('OFFENSIVE');
    expect(typesOf("I think it's fair to say teenagers are all trouble")).toContain('OFFENSIVE');
  });

  it('"not every" and "not all" deny the generalisation; "described … as" reports it', () => {
    expect(typesOf('Not every young person is a troublemaker, most of the kids are great')).not.toContain('OFFENSIVE');
    expect(typesOf('Every young person is a troublemaker round here')).toContain('OFFENSIVE');
    expect(typesOf("In the meeting Cllr Smith described travellers as 'vermin', is there a complaints process?")).not.toContain(
      'OFFENSIVE',
    );
  });

  it('a report in the present tense ("they call me …") passes', () => {
    expect(typesOf("I'm disabled and people at the bus stop call me a cripple every day")).not.toContain('OFFENSIVE');
  });

  it('what the writer says they said is their own statement; what someone else said is a report', () => {
    expect(typesOf('and I said women like you are why this country is finished')).toContain('OFFENSIVE');
    expect(typesOf('and he said women like you are why this country is finished')).not.toContain('OFFENSIVE');
  });
});

describe('negative evaluations known by their form, denied shares and distancing from a claim', () => {
  it.each([
    // characteristic, blocked ("-less" evaluation after a group and a copula), allowed contrast
    ['age', 'pensioners round here are witless', 'Pensioners round here are homeless more often than you think'],
    ['gender', 'blokes in that depot are tactless', 'Blokes in that depot are tireless, thank them from us'],
    ['race', 'the travellers on the site are lawless', 'The travellers on the site are paperless now, email them'],
    ['disability', 'people in wheelchairs are pointless to consult', 'People in wheelchairs are less likely to get a reply'],
    ['sexual orientation', 'lesbians are soulless', 'Lesbians are welcome at the drop-in'],
    ['religious belief', 'muslims are ruthless', 'Muslims are fasting this month, book the visit after sunset'],
    ['political belief', 'Tory voters are mindless', 'Tory voters are regardless of party invited to the hustings'],
    ['nationality', 'the Poles are feckless', 'The Poles are stateless in a few cases, ask the caseworker'],
  ])('%s: %s', (_c, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(typesOf(allowed)).not.toContain('OFFENSIVE');
  });

  it('an adjective in "-less" needs a group and a frame: of a thing or a person it is not read as about a group', () => {
    expect(typesOf('the new boiler is pointless, it keeps cutting out')).not.toContain('OFFENSIVE');
    expect(typesOf('older people less often use the app')).not.toContain('OFFENSIVE');
  });

  it('a share denied to a whole group is blocked; denied to one application it is not', () => {
    expect(typesOf("gay couples don't deserve a family home")).toContain('OFFENSIVE');
    expect(typesOf("immigrants don't deserve council flats")).toContain('OFFENSIVE');
    expect(typesOf("Your application doesn't qualify for a family home yet")).not.toContain('OFFENSIVE');
  });

  it('"the idea that" distances the writer from the generalisation', () => {
    expect(typesOf("we don't accept the idea that travellers are criminals")).not.toContain('OFFENSIVE');
    expect(typesOf('travellers are criminals')).toContain('OFFENSIVE');
  });

  it('a negative judgement by its sentiment (AFINN-165) after a group and a frame is blocked; what a group suffers is not', () => {
    for (const text of ['pensioners are greedy', 'immigrants are criminal', 'Romanians are corrupt', 'the French are arrogant'])
      expect(typesOf(text)).toContain('OFFENSIVE');
    for (const text of [
      'the kids on the estate are bored, there is nothing to do',
      'pensioners are terrified of scams',
      'migrants are exploited by rogue landlords',
      'Muslim residents are facing abuse since the attack',
      'disabled people are being failed by the system',
      'young people are struggling with rent',
    ])
      expect(typesOf(text)).not.toContain('OFFENSIVE');
  });

  it('an insult by its "-less" form is said to the person; circumstances in "-less" are not', () => {
    expect(typesOf("you're gutless")).toContain('OFFENSIVE');
    expect(typesOf("you're homeless, so we can help with a deposit")).not.toContain('OFFENSIVE');
  });

  it('exclusion and attribution by the group alone', () => {
    expect(typesOf('black people are not welcome here')).toContain('OFFENSIVE');
    expect(typesOf("foreigners aren't wanted on this estate")).toContain('OFFENSIVE');
    expect(typesOf('these refugees leech off the system')).toContain('OFFENSIVE');
    expect(typesOf('what do you expect from a Nigerian')).toContain('OFFENSIVE');
    expect(typesOf("that's Labour voters for you")).toContain('OFFENSIVE');
    expect(typesOf('young people are to blame for all the vandalism')).toContain('OFFENSIVE');
    expect(typesOf('young people are welcome at the consultation evening')).not.toContain('OFFENSIVE');
    expect(typesOf('what do you expect from the council, honestly')).not.toContain('OFFENSIVE');
    expect(typesOf('old people can’t cope with anything digital, they’re hopeless')).toContain('OFFENSIVE');
    expect(typesOf('old people can’t always cope with the app, so we post the form')).not.toContain('OFFENSIVE');
  });

  it('look-alikes pass', () => {
    for (const text of [
      'the bus from Scunthorpe is delayed',
      'the Penistone office is closed on Friday',
      'your old age pension will not affect your housing benefit',
      'the elderly care team will visit on Tuesday',
      'the Muslim prayer room booking is confirmed for Friday',
      'please park in the disabled parking bay by the entrance',
    ])
      expect(typesOf(text)).not.toContain('OFFENSIVE');
  });
});

describe('binding promises as speech acts', () => {
  it.each([
    ['performative, first person', 'I agree to the repayment plan on behalf of the council'],
    ['performative, "we"', 'We agree to the repayment plan'],
    ['performative, the council', 'The council agrees to the repayment plan'],
    ['future acceptance', 'We will accept your repayment plan'],
    ['embedded commitment', 'I confirm the council accepts your repayment plan of £20 a week'],
    ['promise to pay', 'the council will pay for the new carpet'],
    ['waiver', "ok I can confirm we'll waive the late payment charge this time"],
    ['write-off in progress', "We're writing off the remaining £240 of council tax arrears."],
    ['hereby', 'I hereby confirm the grant of £2,000 for the adaptations.'],
    ['declared granted', 'Your repayment plan is approved, £18 a week by standing order.'],
    ['declared with a description first', 'the housing benefit overpayment of £2,340 is now cancelled'],
    ['future passive', 'The tenancy will be transferred into your name as of today'],
    ['the text as the instrument', 'Please treat this message as the signed agreement for the repayment terms.'],
    ['reply to accept', 'Reply YES to accept the offer of the flat'],
    ['by replying', 'By replying you agree to the terms of the arrears settlement.'],
  ])('%s: %j', (_pattern, text) => {
    expect(decide(text).decision).toBe('block');
    expect(typesOf(text)).toContain('BINDING_TRANSACTION');
  });

  it.each([
    ['negation', "I can't agree anything over WhatsApp, let's go through it on a call"],
    ['negation', 'The council does not agree to waive the charge at this stage.'],
    ['modality', 'we could possibly look at a repayment plan once your UC starts'],
    ['a later signing', "I'll bring the paperwork to sign"],
    ['in writing later', "We'll confirm the grant in writing next week"],
    ['a question', 'can the council agree to a payment plan?'],
    ['a condition that is not ours', 'If the panel approves it, someone will write to you about the grant.'],
    ['agreeing a time', 'I agree, Tuesday works'],
    ['agreeing a fact', 'I agree that the arrears figure on the letter is £640'],
    ['confirming a receipt', 'I can confirm we received your application on Monday.'],
    ['the citizen’s own payment', "I promise I'll pay £20 every Friday off the arrears"],
    ['not an instrument', 'Please don’t treat this message as an offer of tenancy, the formal letter will follow.'],
    ['the council’s own business', 'The council agreed its budget in February, council tax goes up in April.'],
  ])('not binding (%s): %j', (_why, text) => {
    expect(typesOf(text)).not.toContain('BINDING_TRANSACTION');
  });

  it.each([
    // pattern, binding, the household's or another's contrast
    [
      'the household pays what it owes',
      "We'll pay your rent for the next three months",
      "We'll pay the rent on Friday when my wife gets paid",
    ],
    [
      'a household agreeing to pay',
      'We have agreed to clear your arrears in full',
      'Me and my partner have agreed we will pay the arrears off at £10 a week',
    ],
    ['money only the council gives', "I'm going to pay the £120 grant straight away", "I'm going to pay £20 off my arrears on Friday"],
    [
      'money cleared from the citizen’s account',
      "I've cleared the £1,050 rent arrears from your account",
      "I've cleared the arrears now, thanks",
    ],
    ['a home offered', "we're offering you the 2 bed flat on Ash Grove", 'we agreed to inspect the flat on Monday'],
    ['interest waived', "we've agreed no interest will be charged on your account", 'I agree interest rates are high at the moment'],
    ['a performative to pay', 'the council agrees to pay for your storage', 'the council agrees to look at your storage'],
    [
      'a decision to award',
      'We have decided to award you the full £1,200 compensation',
      'We have decided to look at the compensation claim again',
    ],
    ['accepting an offer', 'I accept your offer of £400 towards the arrears', 'I accept your offer of the flat on Hill Street'],
    ['a promise to pay', 'I promise to pay the £500 compensation', 'I promise to pay the £40 court costs by the end of the month'],
    ['the household’s promise', "I promise you we'll refund the parking fine", "we promise we'll pay the rent on time from now on"],
    [
      'what the payer can afford',
      'We agree to the new payment plan of £30 a month',
      'We agree to the new payment plan, £30 a month is manageable for us',
    ],
    ['paying out of one’s own pocket', 'We will pay for the damage to your door', 'We will pay for the damage to the door ourselves'],
    ['applications in general', 'We accept your application for the grant', 'We accept applications for the grant until the end of March'],
    ['a declaration denied', 'Your grant will be approved this week', "There's no guarantee the grant will be approved, it goes to panel"],
    ['by sending', 'By sending back a thumbs up you accept the tenancy terms', 'By sending back the form you can apply for the tenancy'],
    ['agreeing with someone', 'We agreed to pay half the deposit', 'We agreed with the landlord to pay half the deposit each'],
    ['the text confirming an obligation', 'This text confirms your grant of £500', 'This text confirms your appointment on Monday'],
    ['agreeing at a later appointment', "We'll agree the payment plan today", "We'll agree the payment plan at the appointment on Tuesday"],
    [
      'someone else still to decide, after the promise',
      "we'll refund the overpayment on Friday",
      "we'll refund the overpayment once panel approves it",
    ],
    [
      'a fund granted',
      'Your application for the hardship fund has been granted',
      'Your application for the hardship fund has been received',
    ],
  ])('%s: binds %j, not %j', (_pattern, binding, contrast) => {
    expect(typesOf(binding)).toContain('BINDING_TRANSACTION');
    expect(typesOf(contrast)).not.toContain('BINDING_TRANSACTION');
  });

  it('a citizen’s inbound message is never read as the council’s promise', () => {
    const text = 'I confirm the council accepts your repayment plan of £20 a week';
    expect(typesOf(text)).toContain('BINDING_TRANSACTION');
    const inbound = engine.evaluate({ text, direction: 'inbound' });
    expect(inbound.findings.map((f) => f.type)).not.toContain('BINDING_TRANSACTION');
    expect(inbound.decision).toBe('allow');
  });
});

describe('binding promises by clause structure (no performative verb)', () => {
  it.each([
    // pattern, blocked, contrasts that must pass (negated, question, conditional, reported, arranging later)
    [
      'a seal on an obligation',
      'your weekly rent stays at £88, that’s final',
      [
        "I can't say your rent stays at £88, that's for the rent team",
        'will your rent stay at £88?',
        'if the review agrees, your rent stays at £88',
        'my neighbour says her rent stays at £88, that’s final apparently',
      ],
    ],
    [
      'a seal on an obligation',
      'the bulky waste fee is on us this time',
      ['is the bulky waste fee on us this time?', 'the bulky waste fee is on the website'],
    ],
    [
      'a personal guarantee on an obligation',
      'you have my word the council keeps your mum’s respite week',
      ["you have my word I'll ring you back before 5", 'I can’t give you my word on the respite week until the review'],
    ],
    [
      'possession handed over',
      'the maisonette on Ridge Road is yours, I’ve sorted it',
      [
        'the maisonette on Ridge Road is yours to view on Friday',
        'once you sign the tenancy the maisonette is yours',
        'is the maisonette yours?',
      ],
    ],
    [
      'release from a debt',
      'you’re off the hook for the £120 bin charge',
      ['are you off the hook for the £120 bin charge?', 'you might be off the hook for the bin charge if you claim council tax support'],
    ],
    [
      'a debt disposed of in the future',
      'leave the court costs with me, they’ll be wiped by Friday',
      ["I can't promise the court costs will be wiped, it's up to the panel", 'I’ll chase whether the court costs will be wiped'],
    ],
    [
      'a causative guarantee',
      "I'll make sure you get the £400 hardship grant",
      ["I'll make sure you get a copy of the letter", "I'll ask finance and make sure you hear back about the grant"],
    ],
    [
      'the citizen’s reply as the acceptance',
      'a thumbs up from you and the £10 a week plan is in place',
      ['if you reply with a thumbs up I’ll book the call for Tuesday', 'reply YES if you’d like a call back about your repayment options'],
    ],
    [
      'a decision made by the writer’s side',
      "we've decided you won't need to repay the £300",
      ['the panel has decided your case, the letter will follow'],
    ],
  ])('%s: blocks %j and passes its contrasts', (_pattern, blocked, contrasts) => {
    expect(decide(blocked).decision).toBe('block');
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    for (const c of contrasts) expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['BINDING_TRANSACTION'])]);
  });

  it.each([
    [
      'a debt disposed of now, with a time that commits',
      'from today your water charges are frozen at £30 a month',
      ['your water charges are frozen at £30 a month under the 2024 tariff, see the leaflet', 'the letter’s gone out about the £30 charge'],
    ],
    [
      'a debt named, then forgotten',
      'the £95 late fee - forget it, it’s gone',
      ['forget it, I’ll ring you back about the fee', 'the £95 late fee has gone up this year'],
    ],
    [
      '"you’re covered" closing a sentence on an obligation',
      'no invoice will come for the skip, you’re covered',
      ['you’re covered by the home contents insurance, ask them'],
    ],
    [
      'a directive to colleagues that gives up what is owed',
      "I've asked the income team to waive the £40 summons fee",
      ["I've asked the income team to look at the £40 summons fee", "I've told finance you rang about the £40 summons fee"],
    ],
    [
      'money the person may keep',
      'you can keep the £90 we paid twice, no need to send it back',
      ['you can keep the bin, the crew will collect the old one'],
    ],
    [
      'an offer left to the person’s choice',
      'the two-bed on Ash Close is yours if you want it',
      ['the two-bed on Ash Close might be yours if the panel agrees', 'if you want the two-bed on Ash Close, bid by Monday'],
    ],
    [
      'an adverb between the speaker and the verb',
      "I'll personally guarantee the home care stays at 10 hours",
      ["I'll personally ring the home care agency tomorrow"],
    ],
    [
      'a causative guarantee needs something received or paid',
      'we’ll make sure the council covers your removal van',
      ['we’ll make sure the repairs team bring the right parts', 'make sure you get the form back by Friday'],
    ],
  ])('%s: blocks %j and passes its contrasts', (_pattern, blocked, contrasts) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    for (const c of contrasts) expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['BINDING_TRANSACTION'])]);
  });

  it('"no need to worry about paying" releases the person from a debt; a question or a hedge does not', () => {
    expect(typesOf('u dont need to worry about paying back the crisis loan, its been cleared from our end')).toContain(
      'BINDING_TRANSACTION',
    );
    expect(typesOf("you won't need to worry about paying the £60 charge")).toContain('BINDING_TRANSACTION');
    for (const c of [
      'Do you need to worry about paying back the loan?',
      "I'm not sure you need to worry about paying the charge, I'll check",
    ])
      expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['BINDING_TRANSACTION'])]);
  });

  it('a seal on the writer’s own errand binds nobody', () => {
    for (const text of ["It's a deal, see you at 10 on Tuesday at the hub", 'you have my word I’ll visit on Thursday'])
      expect(typesOf(text)).not.toContain('BINDING_TRANSACTION');
    expect(typesOf("It's a deal, the council pays for the boiler")).toContain('BINDING_TRANSACTION');
  });

  it('someone else’s account of a promise is not one, the writer’s side reported is', () => {
    expect(typesOf('my sister reckons the council wiped her arrears last year')).not.toContain('BINDING_TRANSACTION');
    expect(typesOf("my manager says we'll absorb the cost of the wet room adaptation")).toContain('BINDING_TRANSACTION');
  });
});

describe('offensive comments by clause structure (no evaluation word after a group)', () => {
  it.each([
    // pattern, blocked, contrasts that must pass
    [
      'the kind of person',
      "you're the sort of neighbour who wrecks a close",
      ["you're the sort of neighbour everyone hopes for", 'is he the sort of neighbour who wrecks a close?'],
    ],
    ['a special kind of', 'you really are a special kind of useless', ['this is a special kind of grant for carers']],
    [
      'blame',
      'people like you are the reason this town is finished',
      ['people like you are the reason I love this job', 'it’s not fair to say people like her are the reason the town is finished'],
    ],
    [
      'blame by "are why"',
      'folk like him are why the queue at the housing office never moves',
      ['folk like him are why I do this job, thank you'],
    ],
    [
      'insulting comparison',
      'he’s got the brains of a goldfish',
      [
        'the drain is about as much use as a chocolate teapot, please send someone',
        'she told me he had the brains of a goldfish, I’ve logged it',
      ],
    ],
    [
      'sarcasm',
      'you’ve missed the deadline again, genius',
      ['well done on getting the form in early, genuinely', 'she’s a genius with the paperwork'],
    ],
    ['exclusion of a group', 'nobody wants your sort on this street', ['nobody wants the bins left on the street']],
    [
      'a group pinned on a person, then prescribed',
      'Catholics like him should keep their views to themselves',
      ['Catholics like him are welcome at the lunch club', 'a neighbour said Catholics like him should keep quiet, it upset him'],
    ],
    ['a generic member barred', "a woman shouldn't be running the repairs team", ["a woman shouldn't have to wait for a refuge place"]],
    [
      'barred by "has no business"',
      'someone in a wheelchair has no business living in a flat above the shop',
      ['the council has no business charging you twice'],
    ],
    [
      'dismissal by a characteristic',
      "she's a woman, what would she know about boilers",
      ['what would she know about the boiler service history?'],
    ],
    ['nothing but', 'the Polish lot upstairs are nothing but noise', ['the Polish family upstairs have been nothing but kind to me']],
    [
      'entitlement by "instead of"',
      'deaf people should lip read instead of demanding interpreters',
      ['deaf people can ask for an interpreter instead of lip reading'],
    ],
    ['wrongness of a group’s doing', 'two men adopting a baby is just wrong', ['two men from the repairs team are coming on Tuesday']],
    ['a group and "their …"', 'Hindus and their smelly food', ['Hindus and their families are welcome at the Diwali event']],
    [
      'a vice foretold of a group',
      'them gypsies will nick anything left in the garden',
      ['the travellers will be on the site until March'],
    ],
    ['identity denied', 'trans women are just men in wigs', ['trans women can use the women’s refuge']],
    ['age prescription', 'at his age he should be in a home', ['at his age he can get a free bus pass']],
    [
      'a disability slur as a predicate',
      "he's mental, don't send anyone on their own",
      ['he has mental health support from the community team'],
    ],
  ])('%s: blocks %j and passes its contrasts', (_pattern, blocked, contrasts) => {
    expect(decide(blocked).decision).toBe('block');
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    for (const c of contrasts) expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['OFFENSIVE'])]);
  });

  it.each([
    ['a refusal a few words before the group', 'nobody on this street wants your lot here', ['nobody on this street wants the bins moved']],
    [
      'a comparison after "you’ve got"',
      'you’ve got the manners of a pig',
      ['the pig farm has got the manners of a business, apparently, says the inspector'],
    ],
    [
      'blame by "what’s wrong with"',
      'the Romanian family are exactly what’s wrong with this street',
      ['what’s wrong with the boiler at the Romanian family’s flat?', 'the old residents got the wrong letter, sorry, it’s a mess'],
    ],
    [
      'one more of a group, and what they all do',
      'another Somali who won’t learn the bin days',
      ['another Somali family has joined the lunch club'],
    ],
    [
      'an outcome put down to a characteristic',
      'she only got the job because she’s Asian',
      ['she only got the job because she’s the best qualified', 'is it true she only got the flat because she’s disabled?'],
    ],
    ['a comparison on a faculty', 'you have the people skills of a brick', ['the people skills course is on Monday']],
    [
      'blame by what nobody wants',
      'your sort are the reason nobody wants to rent on Elm Road',
      ['your support is the reason I kept my tenancy'],
    ],
  ])('%s: blocks %j and passes its contrasts', (_pattern, blocked, contrasts) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    for (const c of contrasts) expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['OFFENSIVE'])]);
  });

  it.each([
    [
      'a habit that is itself a reproach, said of a group without "always"',
      'pensioners round here moan about everything and contribute nothing',
      ["pensioners don't moan, they just get on with it", 'people round here moan about the new family but they have been lovely to me'],
    ],
    [
      'a reproach with "always"',
      'muslims always want special treatment with the housing list',
      ['Muslim tenants can ask for a prayer space at the hub'],
    ],
    [
      'a group picked up after a discourse word in a new clause',
      'black lads hanging round the stairwell again, bet theyre up to no good',
      ['disabled tenants were waiting outside, bet they’re fed up', 'the lads were hanging round the bins, bet they’re cold'],
    ],
    [
      '"another" with a vice and a characteristic',
      'another benefit scrounger in a wheelchair wanting a bigger flat',
      ['another form for someone in a wheelchair', 'another tenant in a wheelchair asked for a ramp'],
    ],
    [
      'dismissal with a member of a group as the subject',
      'hes 19, what does a kid that age know about paying bills lol',
      ['what would a kid that age enjoy at the holiday club', 'what does a tenant need to know about the repairs'],
    ],
    [
      'a quota given as the reason for a post',
      "she's only the housing officer cos they needed a woman on the team",
      [
        "she's only on the rota because they needed a woman for the home visits",
        'we only had the meeting because they needed a woman to interview her',
      ],
    ],
    [
      'an order to leave after a condition on the person',
      'if you dont like how we do things here go back to Romania',
      ['if you dont like the flat we can look at others, or go back to Romania for the summer'],
    ],
  ])('%s: blocks %j and passes its contrasts', (_pattern, blocked, contrasts) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    for (const c of contrasts) expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['OFFENSIVE'])]);
  });

  it('"your" before an article is "you\'re" misspelt; before a noun it is a possessive', () => {
    expect(typesOf('your a disgrace to the estate')).toContain('OFFENSIVE');
    for (const c of ['your a star, thanks', 'your application is a disgrace to the process'])
      expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['OFFENSIVE'])]);
  });

  it('a rebuttal pointing back at the claim ("but that\'s rubbish") makes it counter-speech', () => {
    const rebutted = "Some people say pensioners are a burden but that's rubbish, you've paid in your whole life";
    expect([rebutted, typesOf(rebutted)]).toEqual([rebutted, expect.not.arrayContaining(['OFFENSIVE'])]);
    expect(typesOf('Some people say pensioners are a burden')).toContain('OFFENSIVE');
  });

  it('the writer’s own failing is no insult; the same words at someone else are', () => {
    for (const own of [
      "Sorry, I was an idiot and sent you the wrong form 🙈 here's the right one",
      "I'm such an idiot",
      'I was a total idiot',
    ])
      expect([own, typesOf(own)]).toEqual([own, expect.not.arrayContaining(['OFFENSIVE'])]);
    for (const insult of ['you were an idiot to sign it', 'she was an idiot', "you're such an idiot"])
      expect(typesOf(insult)).toContain('OFFENSIVE');
  });

  it('a report of abuse received is decided clause by clause', () => {
    expect(typesOf("a neighbour told my son 'you lot breed like rabbits', I want it on record")).not.toContain('OFFENSIVE');
    const mixed = "I've reported the graffiti. Honestly though, the lads round here are animals";
    expect(typesOf(mixed)).toContain('OFFENSIVE');
  });
});

describe('structures from semantic-dev-11 (each with its contrast)', () => {
  it.each([
    ['disability made a simile', "her dad's deaf as a post, don't bother ringing", "her dad's deaf, so text rather than ring"],
    ['dullness named of a third person', "your husband's proper gormless isn't he", "the form's a bit simple, just tick the boxes"],
    ['dullness, not an ease', "she's thick as well", "she's simple to reach on the landline"],
    [
      'a consequence drawn from a group',
      'Somalis leave their rubbish out, no wonder the street stinks',
      'the bins were missed, no wonder the street stinks',
    ],
    ['power over institutions pinned on a group', 'Muslims control the council round here', 'The Polish family run the corner shop'],
    ['a reaction the group is said to cause', 'travellers give me the creeps', 'the empty flat gives me the creeps'],
    [
      'a group by its condition',
      'folk with learning difficulties are a drain on everyone',
      'People with learning difficulties can ask for an easy-read letter',
    ],
    [
      'a group by its condition, prescribed',
      'people with dementia are a liability',
      "people with dementia shouldn't have to wait for a carer",
    ],
    [
      'an age made a bar, and judged',
      "he's way too old to be fostering, it's pathetic",
      "she's too young to sign the tenancy, her mum will have to",
    ],
    [
      'an age made a bar: a later sentence is judged apart',
      "you're far too old to be in charge of a budget, it's pathetic",
      "you're too young to remember the old estate. It was awful",
    ],
    [
      'identity denied after a place',
      'the trans woman at number 4 is just a bloke',
      'the trans woman at number 4 is just a neighbour who needs her boiler fixed',
    ],
    ['a comparison on a faculty', "she's got the mental age of a toddler", 'the mental age assessment is booked for Monday'],
    ['a pair generalised by a tail', 'useless the pair of them', 'thanks to the pair of them for clearing the path'],
    [
      'a person named by age alone, barred',
      'an 84 year old has no business driving a minibus',
      'an 84 year old has no heating, can we visit today',
    ],
    [
      'a condition before a noun for those who have it',
      'autism sufferers are a burden on everyone',
      'Autism sufferers can ask for a quiet waiting room',
    ],
    ['kept in an institution', 'schizophrenics belong in an asylum', 'schizophrenics can get support from the crisis team'],
    ['judgements before a plain noun for a person', "you're a spiteful, miserable little man", "you're a lovely, patient man"],
    ['a plain noun without a judgement', 'she was a nasty piece of work', 'she was a kind old lady'],
    ['a skill denied to a whole group', 'Asians cant drive, simple as', 'Asians can drive the community minibus after the course'],
    ['a skill denied: literal of a disability', "men can't cook", "blind people can't read the letters, so we send audio"],
    ['a negation in an earlier clause does not reach the insult', "Deaf or not, he's thick as mince", "he's not thick as anyone"],
    [
      'a characteristic predicated, then confinement prescribed',
      "he's bipolar, he should be sectioned",
      "she's disabled and should be given a ground floor flat",
    ],
    [
      'confinement prescribed without a characteristic is not about a group',
      "she's schizophrenic and needs to be put in a home",
      'he should be locked up for what he did to the door',
    ],
    ['an age group by a number', 'people over 70 are a menace on the roads', 'people over 70 can get a free bus pass'],
    [
      'a list of groups, then what is said of them all',
      'Greeks, Turks, all the same, liars',
      'Greeks, Turks and Cypriots all use the centre',
    ],
    ['a bar that is itself an insult', "he's too fat to be a carer", "he's too ill to come to the door"],
    ['an insult noun from the wider list', "she's a dozy old bat", 'we found a bat in the loft'],
    ['a whole group reduced to one activity', 'all those Kurds do is sell fags', 'all the volunteers do is help'],
    [
      'the writer refusing the words is counter-speech',
      "I'd say disabled tenants are a burden",
      "I'd never say disabled tenants are a burden",
    ],
    ['name-calling as a noun phrase', 'useless prat from the council never rang back', 'the silly dog chewed the door'],
    [
      'a prescription opening a clause with its subject left out',
      'the old fella at 5 is doolally, shouldnt be allowed to live alone',
      'the old fella at 5 is lovely, he asked about the bins',
    ],
    [
      'a verb that is itself the judgement, after a place',
      'the Somali lads on the landing stink',
      "the Somali lads on the landing don't stink, it's the drains",
    ],
    [
      'a quantifier after the modal of a prescription',
      'immigrants should all be deported',
      'immigrants should all be able to see an adviser',
    ],
    ['a spelling of a slur', "he's a spacca", "he's a spectator at the match"],
    [
      'victims blamed for what is done to them',
      'I think Muslims bring it on themselves',
      'I think Muslims are targeted more since the attack',
    ],
    ['behaviour likened to an insult', "you're a grown man acting like a spoilt brat", "you're acting like a brother to me"],
    ['a slur word used of a kind, not a person', "he's a queer", "my brother's a queer sort of fella in the old sense"],
  ])('%s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect([blocked, typesOf(blocked)]).toEqual([blocked, expect.arrayContaining(['OFFENSIVE'])]);
    expect([allowed, typesOf(allowed)]).toEqual([allowed, expect.not.arrayContaining(['OFFENSIVE'])]);
  });

  it('willingness stated by the council commits; a wish or a question does not', () => {
    expect(typesOf("We're happy to pay for the removal van")).toContain('BINDING_TRANSACTION');
    expect(typesOf('the council is willing to cover your deposit')).toContain('BINDING_TRANSACTION');
    for (const c of [
      "We'd be happy to look at whether we can pay for the van",
      'Are we happy to pay for the van?',
      "I'm happy to ring you back",
    ])
      expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['BINDING_TRANSACTION'])]);
  });

  it('keeping to an earlier promise ("we will honour the offer") makes it again; a question does not', () => {
    expect(typesOf('we will honour the original offer of £900 compensation')).toContain('BINDING_TRANSACTION');
    expect(typesOf('will we honour the original offer of £900 compensation?')).not.toContain('BINDING_TRANSACTION');
  });

  it('the council’s own deciders ("the panel approved your payment") bind; their decision to come does not', () => {
    expect(typesOf('the panel approved your hardship payment of £300')).toContain('BINDING_TRANSACTION');
    for (const c of [
      'did the panel approve my grant?',
      'if the panel approves your grant it will be paid in May',
      'the panel will decide on your grant',
    ])
      expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['BINDING_TRANSACTION'])]);
  });

  it('confirming receipt of a payment is a fact acknowledged, not a promise', () => {
    expect(typesOf('I confirm receipt of your payment of £45')).not.toContain('BINDING_TRANSACTION');
    expect(typesOf('I confirm the council will refund your payment of £45')).toContain('BINDING_TRANSACTION');
  });

  it('a charge waived in the future ("we won\'t be charging you") binds; a hedge or a question does not', () => {
    for (const b of ['we will not be charging you for the replacement door', "we won't bill you for the call-out"])
      expect([b, typesOf(b)]).toEqual([b, expect.arrayContaining(['BINDING_TRANSACTION'])]);
    for (const c of [
      "we won't charge you if my manager approves it",
      "won't we charge you for the door?",
      'we did not charge you for the door',
    ])
      expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['BINDING_TRANSACTION'])]);
  });

  it('enforcement called off ("won\'t be passed to the bailiffs") binds; enforcement described does not', () => {
    expect(typesOf("the arrears won't be passed to the bailiffs")).toContain('BINDING_TRANSACTION');
    expect(typesOf('arrears over £1,000 are passed to the bailiffs')).not.toContain('BINDING_TRANSACTION');
  });

  it('arranging the signing itself is no commitment; a move between council homes approved is', () => {
    expect(typesOf("We'll sort out signing the new tenancy when you're out of hospital")).not.toContain('BINDING_TRANSACTION');
    expect(typesOf("We've approved the transfer to a two bed")).toContain('BINDING_TRANSACTION');
    expect(typesOf('council will cover the deposit')).toContain('BINDING_TRANSACTION');
    expect(typesOf('council tax will go up in April')).not.toContain('BINDING_TRANSACTION');
  });

  it("a promise of the writer's own errand about money is no promise of the money", () => {
    expect(typesOf("I promise I'll chase finance about the £150 today")).not.toContain('BINDING_TRANSACTION');
    expect(typesOf('I promise the £150 will be paid today')).toContain('BINDING_TRANSACTION');
  });

  it('"nothing\'s been agreed" denies the agreement it names', () => {
    expect(typesOf("nothing's been agreed yet about the £1,150 arrears")).not.toContain('BINDING_TRANSACTION');
    expect(typesOf('agreed, £20 a week off the £1,150 arrears from Monday')).toContain('BINDING_TRANSACTION');
  });

  it('the message itself taken as acceptance ("by accepting this message you agree …") binds', () => {
    expect(typesOf('By reading this message you are agreeing to pay £10 a week')).toContain('BINDING_TRANSACTION');
    expect(typesOf('By reading the leaflet you will know what to expect at the visit')).not.toContain('BINDING_TRANSACTION');
  });

  it('an obligation described, then a decision participle said for the council, binds; one still to be decided does not', () => {
    expect(typesOf('the settlement of £900 agreed on behalf of the council')).toContain('BINDING_TRANSACTION');
    expect(typesOf('the refund of £45 approved, it will reach you by Friday')).toContain('BINDING_TRANSACTION');
    for (const c of ['the settlement of £900 is still to be agreed by legal', 'the offer of a flat on Hill Street sent by the landlord'])
      expect([c, typesOf(c)]).toEqual([c, expect.not.arrayContaining(['BINDING_TRANSACTION'])]);
  });
});

describe('structures from semantic-dev-12 (each with its contrast)', () => {
  it.each([
    [
      'a condition denied',
      "lads with autism just want attention, it isn't a real disability",
      'Autism is a real disability and the form says so',
    ],
    [
      'a condition called made up',
      'dyslexia is just made up by parents',
      'The timetable for the dyslexia group is made up of three sessions',
    ],
    [
      'a group kept away from children',
      "don't house a trans woman near the school, it's not safe around kids",
      'The play area is not safe around kids since the fence came down',
    ],
    [
      'a group barred by "letting"',
      'we should never allow Muslims to adopt',
      "We shouldn't let disabled tenants wait this long for a ramp",
    ],
    ['a view dismissed for its holder', 'what would a woman know about boilers', 'What would you like to know about the boiler service?'],
    ['a view dismissed for an age', 'what does anyone his age know about phones', 'What does the tenant need to know before the visit?'],
    ['a two-word strong evaluation on a group', 'typical bone idle remainers', 'Remainers and leavers both come to the hub'],
    [
      'a group named by how it votes',
      'people who vote Reform are all thick as mince',
      'People who vote Reform can stand for the residents panel',
    ],
    ['a failing after "never"', 'men like him never lift a finger at home', 'Men like him can ask for a carers assessment'],
    [
      'a habit kept up',
      'those asylum seekers keep popping out babies for bigger houses',
      'Those asylum seekers keep asking for the English classes',
    ],
    [
      'profiting after "always"',
      'Chinese landlords always make money out of the poor',
      'Chinese landlords can join the accreditation scheme',
    ],
    [
      'told to get back on a boat',
      'the Albanians can get back on a boat if they want handouts',
      'The Albanian family arrive by train on Tuesday',
    ],
    [
      'a superlative insult to the person',
      "you are genuinely the worst mum I've dealt with",
      'You are genuinely the best mum the school has seen',
    ],
  ])('a report the writer sides with, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it('counter-speech that objects to the words ("I hate it when people say …") passes; the same claim made does not', () => {
    expect(decide('I get fed up of people saying disabled tenants are scroungers').decision).toBe('allow');
    expect(typesOf('disabled tenants are scroungers')).toContain('OFFENSIVE');
  });

  it('a question about access is no dismissal; a condition denied needs a condition named, not "me"', () => {
    expect(decide('what would a deaf person know about the fire alarm if it only beeps?').decision).toBe('allow');
    expect(decide("it isn't a real problem for me, the ramp is fine").decision).toBe('allow');
    expect(typesOf('what does someone that age know about apps')).toContain('OFFENSIVE');
  });

  it.each([
    ["he's Romanian so he'll probably rob the place", "he's Romanian so he'll need an interpreter at the visit"],
    ["she's trans, she'll be a danger to the kids", "she's trans, she's been getting abuse from the neighbours"],
    ['your son’s bipolar, he should be locked up', 'your son’s bipolar, he should be seen by the crisis team'],
    ["she's disabled so she'll be lazy about the garden", "my son's autistic, he gets upset with loud noises"],
  ])('one person characterised, then "he"/"she": blocks %j, allows %j', (blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it('"keep" makes a habit of breeding, not of a neighbour\'s complaint', () => {
    expect(decide('The lads upstairs keep shouting at night, can someone come out?').decision).toBe('allow');
  });

  it.each([
    [
      'stopping enforcement on a condition',
      "If you clear £200 by Monday I'll agree to stop the bailiffs",
      "I can't agree to stop the bailiffs over WhatsApp, let's book a call",
    ],
    [
      'accepting something as settling a breach',
      "we'll accept the repairs as settling the breach of tenancy",
      'Can we talk about whether the repairs settle the breach of tenancy?',
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    ["the citizen's own agreement", 'We agreed £300 off your arrears.', 'just a reminder u agreed to pay £15 a week off the arrears'],
    [
      'the message disclaimed as the instrument',
      'The council agrees to pay for the stairlift.',
      "Please don't take this message as the council agreeing to pay for the stairlift.",
    ],
    [
      'a negation inside the description',
      'The HB overpayment of £3,412 has been waived.',
      "The HB overpayment of £3,412 can't be waived, I'm afraid.",
    ],
    ['a modal in the clause', 'some of the fee refunded, as agreed', 'there may be some of the fee refunded, but the manager decides'],
    ['a penalty issued', 'your £40 refund has been issued', 'the PCN was issued correctly'],
    [
      'how the rules work for anyone',
      'Your contribution is backdated to the move-in date.',
      'any contribution is backdated to the move-in date',
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    [
      'reported abuse in quotation marks',
      "your sort shouldn't be allowed to adopt",
      "Your neighbour's comment that 'your sort shouldn't be allowed to adopt' is deeply upsetting, I've passed it on.",
    ],
    [
      '…transcribed for the record',
      'the disabled family next door are a burden on everyone',
      "From the tenant's letter: 'the disabled family next door are a burden on everyone'. Passing to ASB.",
    ],
  ])('offensive, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it('the writer quoting their own promise still makes it', () => {
    expect(typesOf('I told him "we will refund your £150 charge" and I meant it.')).toContain('BINDING_TRANSACTION');
  });
});

describe('bank details without labels', () => {
  it.each([
    '40-47-84 71653922',
    'send it to 20 00 00 / 55779911',
    'its 309634 12345678 thanks',
    '71653922 40-47-84',
    '20 32 06 — 90876543 (Barclays)',
    // Called a reference, but with a bank, an account or paying near it: bank details whatever the label.
    'please pay the deposit to ref 20-14-87 43109822',
    'Please pay the deposit to ref. 20-14-87 43109822',
    'Here are the bank details for your refund\nref 20-14-87 43109822',
    'Payment for the invoice to 20-14-87 43109822',
    'Please set up a standing order to 20-14-87 43109822',
    'send the money for your booking to 20-14-87 43109822',
    'Your booking ref is 4433, please pay the deposit to 20-14-87 43109822',
    'For reference, my details are 20-14-87 43109822',
    'With reference to your claim, the £350 goes to 20-14-87 43109822',
    "Use ref 20-14-87 43109822 - not my account, it's my mum's",
    'Your case ref is 4433; the bank account for the refund is 20-14-87 43109822, not the one you gave before.',
    // Not a label at all.
    'just in case - 40-47-84 71653922',
  ])('%j', (text) => {
    expect(typesOf(text)).toContain('BANK_ACCOUNT');
  });
  it.each([
    'case ref 20-14-87 43109822, put it on the envelope',
    'claim no 40-12-66 88213404 is on ur letter, pls use it',
    'Your complaint reference is CMP 20-14-88 / 3041 9276, please use it if you ring the contact centre.',
    'Quote job number 11-22-33 44556677 when the repairs contractor calls.',
    // The label earlier in the sentence; a bank word denied or likened.
    'Your court booking ref for the sports hall is 20-41-56 / 73920148. Quote that at reception.',
    'Booking code for the allotment induction is 60-17-38 / 21094476. Bring it on the day.',
    'your adoption support case number is 30-92-14 / 5561 0398 (looks like a bank account, I know, it is how our system formats them).',
    "your stall application reference is EV 20-45-61 88213407 - that's just our events system code, not a payment reference.",
    'ref 60-83-71 12345678 is ur tenancy no, not a bank acc dw',
    // A capitalised code before the number is the reference's, not "SC" for sort code; each half alone as well.
    'Your service charge statement ref is SC 71-03-45 and the block code is 00219864. It helps if you quote both.',
    'Your statement ref is SC 71-03-45, quote it when you call.',
  ])('the same shapes named as a council reference, with no bank in the sentence: %j', (text) => {
    expect(typesOf(text)).not.toContain('BANK_ACCOUNT');
  });
  it.each([
    // "SC" as sort code, and a reference with a bank word: bank details still.
    'Bank details: SC 20-14-87 acc 43109822',
    'Your ref is SC 20-14-87 for the bank transfer',
    'Case ref 20-14-87, please pay into account 43109822',
  ])('a labelled half with a bank word near is bank details: %j', (text) => {
    expect(typesOf(text)).toContain('BANK_ACCOUNT');
  });
  it.each(['your booking ref is 402184', 'claim number 12345678', 'Appointment on 12-05-24 at 10:30'])('not bank details: %j', (text) => {
    expect(typesOf(text)).not.toContain('BANK_ACCOUNT');
  });
});

describe('explain and suggest', () => {
  it('a binding block names the words and suggests arranging the agreement properly', () => {
    const d = decide('We agree to the repayment plan');
    const reason = d.reasons.find((r) => r.findingType === 'BINDING_TRANSACTION')!;
    expect(reason.triggers).toEqual(['We agree to the repayment plan']);
    expect(reason.suggestion).toBe("Arrange a call to agree the repayment plan through the council's usual paperwork.");
  });
  it('personal data suggests asking them to call', () => {
    const reason = decide('nhs number 943 476 5919').reasons.find((r) => r.findingType === 'NHS_NUMBER')!;
    expect(reason.triggers).toEqual(['943 476 5919']);
    expect(reason.suggestion).toMatch(/^Ask them to call you/);
  });
  it('an offensive block names the clause', () => {
    const reason = decide('Thanks for the update. Pensioners like you are a drain on the system.').reasons[0]!;
    expect(reason.findingType).toBe('OFFENSIVE');
    expect(reason.triggers[0]).toMatch(/^Pensioners like you are a drain/);
    expect(reason.suggestion).toBeTruthy();
  });
});

describe('property: a neutral sentence never blocks an allowed message', () => {
  const allowedMessages = [
    'Hi, can you call me on Tuesday?',
    'The over-60s lunch club is back on Wednesdays at the library',
    'I agree, Tuesday works',
    'Our LGBT+ youth group meets Tuesdays in the annexe',
    'Your booking ref is 402184',
    'Someone sprayed graffiti on your fence, we will remove it tomorrow.',
  ];
  const neutral = [
    'Thanks for getting back to me.',
    'Hope you are keeping well.',
    'The office is open until 5pm.',
    'Let me know what suits you.',
    'I will be in the area on Thursday.',
    'Bring any letters you have.',
    'Sorry for the delay.',
  ];
  it('holds for every placement', () => {
    for (const m of allowedMessages) expect(decide(m).decision).not.toBe('block');
    fc.assert(
      fc.property(fc.constantFrom(...allowedMessages), fc.constantFrom(...neutral), fc.boolean(), (message, sentence, before) => {
        const text = before ? `${sentence} ${message}` : `${message} ${sentence}`;
        return decide(text).decision !== 'block';
      }),
      { numRuns: 200 },
    );
  });
});

describe('structures from semantic-dev-13 (each with its contrast)', () => {
  it.each([
    ['pushiness after "always so"', 'lesbians are always so in your face', 'The lesbian and gay forum is always so well attended'],
    [
      'a group picked up by "they\'ll" in the next sentence',
      "Polish builders again? they'll do a half job",
      "Polish builders again? they'll be there at 9",
    ],
    ['clannishness', 'Muslims all stick together', 'The neighbours all stick together, it is lovely'],
    [
      'an age group by a plural number, written off',
      'consulting the over 70s? theyll be dead before the park opens',
      'Are you asking about the over 70s? They can get a free bus pass',
    ],
    ['a group called "so-called"', 'half these so called disabled people can walk fine', 'The so-called bedroom tax still applies'],
    ['an insult as a comparison', 'wow ur dumber than u look', "You're quicker than me at these forms"],
    ['a disability mocked by a simile', 'Deaf as a post and thick with it', 'The alarm is loud as a bell, you will hear it'],
    ['an objection put down to a period', 'Is it her time of the month or what?', 'The rent is due at that time of the month'],
    ['a gender identity denied', 'ur either a man or a woman love, pick one', 'The form asks for your title, or leave it blank'],
    [
      'a parent said to have failed as one',
      "if you'd been a proper mum they wouldnt be running riot",
      'She was a proper mum to those kids',
    ],
    ['told to go back where it is "normal"', 'she can go back where its normal', 'She can go back to the office tomorrow'],
  ])('a report the writer sides with, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    ["you're a right wally", 'Wally from the repairs team will call you'],
    ['you absolute toerag', 'The toe rag on the door needs replacing'],
    ['you are unhinged', 'The gate is unhinged, we will fix it'],
    ["you're so lazy", "You're not lazy, the form is confusing"],
    ["you're a pest", 'The pigeons are a pest, pest control is booked'],
  ])('name-calling said to the person: blocks %j, allows %j', (blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    ['Poles come over here for benefits', 'Poles can come to the advice session about benefits'],
    ['women nag', 'Women who need a nag reminder can opt in to texts'],
    ['Muslims smell', "Older people can't smell gas as well, so we fit alarms"],
    ["young people don't want to work", "young people don't want to work in care, the pay is too low"],
    ['gay couples shouldnt have kids', 'Gay couples can apply to foster and adopt'],
    ['travellers all sell drugs', 'Travellers can get help from the drugs outreach team'],
  ])('a common stereotype in plain words: blocks %j, allows %j', (blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it('counter-speech that names the words ("it\'s racist to say …") passes', () => {
    expect(decide("It's racist to say Black lads are all in gangs and I won't have it said in my office").decision).toBe('allow');
    expect(typesOf('Black lads are all in gangs')).toContain('OFFENSIVE');
  });

  it('"so" after "always", "just" or a copula is a degree word inside the clause, not a conjunction', () => {
    expect(typesOf('lesbians are always so annoying')).toContain('OFFENSIVE');
    expect(decide('he rang the office, so annoying that nobody picked up').decision).toBe('allow');
  });

  it.each([
    [
      'a sum named earlier, accepted "as the plan"',
      "If u can do £10 a week we'll accept that as the plan",
      "If u can do £10 a week we'll talk about whether that could be the plan",
    ],
    ['a commitment with a tag question', "we'll accept the repayment plan, ok?", 'shall we accept the repayment plan?'],
    [
      'a council fund paying',
      'the hardship fund will pay £250 towards ur energy bill',
      'the hardship fund may be able to pay up to £250, apply here',
    ],
    [
      'a reply taken as assent',
      "Send a thumbs up back and I'll treat that as your acceptance of the offer",
      "I'll take that as a no then, thanks for letting me know",
    ],
    ['a debt given up', 'the council wont pursue the debt any further', "I can't say the council won't pursue the debt"],
    ['enforcement called off', 'the bailiffs have been called off', 'the bailiffs called round, they were rude'],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });
});

describe('structures from semantic-dev-14 (each with its contrast)', () => {
  it.each([
    ["a group's nature taken as known", 'you know what women her age are like', 'Do you know what the women’s group is planning?'],
    [
      'the rest left to the group',
      "it's a black family up there so you can imagine what the music's like",
      "it's a black family up there so you can expect a letter from the residents group too",
    ],
    [
      'an age group by a plural number after a comma',
      'between us, over 55s just slow the crew down',
      'Between us, over 55s get a free bus pass',
    ],
    ['a hygiene stereotype', "the French family next door probably just don't wash", 'The French family next door have no washing machine'],
    ['crime pinned on a group', 'these Albanians are behind half the cannabis farms', 'These Albanians are behind the counter at the café'],
    ['a group doing as it pleases', 'Sikhs just park wherever they please', 'Sikhs can park at the gurdwara on Sundays'],
    ['a group said to hide wrongdoing', 'Catholics cover everything up', 'Catholics run the food bank on Tuesdays'],
    ['a religion said to plot', 'you lot will all be down the mosque plotting', 'You will all be welcome at the mosque open day'],
    [
      'a way of life forced on others',
      'nobody wants that lifestyle shoved in their kids faces',
      'Nobody wants the bins left in the kids play area',
    ],
    [
      '"nightmare" said to the person',
      'ur a nightmare and everyone dreads your calls',
      "you're having a nightmare with the boiler, I'll chase it",
    ],
    ['an insult as a question', 'Are you actually thick or just pretending?', 'Are you actually free on Tuesday?'],
  ])('a report the writer sides with, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    'Great tits and coal tits at the feeder',
    'Faggots and peas are on the menu at the lunch club',
    'Bring some spotted dick for the bake sale',
    'We met at the Dyke Road office',
    'The dykes along the river are being repaired',
    'The pussy willow is out in the garden',
    "We'll get a fag break at 11",
    'We need flame retardant curtains for the hall',
  ])('a word that is abuse only in another sense passes in its ordinary company: %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });

  it.each(["you're a dyke", 'you faggots', 'what a dick'])('the same words as abuse still block: %j', (text) => {
    expect(typesOf(text)).toContain('OFFENSIVE');
  });

  it.each([
    ['a share taken off an obligation', "We'll knock 50% off the rent arrears", "We can't knock anything off the rent arrears"],
    [
      "the council's side agreeing",
      'clear the other half by June - agreed from our side',
      'clear the other half by June - not agreed from our side yet',
    ],
    ['a summons cancelled', "Leave the summons with me, I'm cancelling it now.", "we've cancelled the appointment, I'll ring you"],
    ['a debt to the person admitted', 'We owe you that council tax refund', 'I owe the council £300'],
    [
      'a charge reduced to a sum',
      'From today your rent is reduced to £95 a week',
      'your rent is reduced because of the discount you already get',
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });

  it('a reply word after a negation takes nothing as assent', () => {
    expect(decide("Please don't take my earlier message as a yes, I can't authorise a care package myself").decision).toBe('allow');
  });
});

describe('contrasts from the minimal-pair sets (semantic-dev-15, -17, -18)', () => {
  it.each([
    [
      'what should not be done to a group is a protection',
      "women shouldn't be allowed to manage housing",
      "Women shouldn't be put off applying to be caretakers",
    ],
    ['…and told', "foreigners shouldn't be given council houses", "foreigners shouldn't be told they can't apply for the scheme"],
    [
      '"the same as" others is equality',
      'young mums are all the same, always after a free flat',
      'young mums are all the same as anyone else on the housing queue',
    ],
    ['a superlative of an evaluation', "Polish carers are the laziest I've met", 'Polish carers are the latest to sign up'],
    ['…of a negative word', 'Romanians are the dirtiest tenants on the estate', 'Romanians are the hardest working tenants on the estate'],
    [
      '"typical" of a thing the group word describes',
      'typical Yank, always complaining about the bins',
      'typical Yank question from my neighbour: do we pay for bulky waste?',
    ],
    ['…or of the writer', "Typical boomer, can't work the online form.", 'Typical boomer me, lost the letter again'],
    ['…of an organisation', 'typical Christians, always judging everyone', 'Typical Christian Aid week, extra bags behind the church hall'],
    [
      'a rhetorical question answered against the stereotype',
      'What do you expect from a woman in charge? Total chaos.',
      'What do you expect from a woman in charge? Well, repair times are down, so quite a lot actually.',
    ],
    [
      '…in the structure rules too',
      'what do you expect from a gay councillor',
      'what do you expect from a gay councillor? same as any other, fix the potholes',
    ],
    ['asking what a motion holds', 'what do you expect from a Corbynista', 'what do you expect from the Corbynista motion on Tuesday?'],
    ["someone else's claim", 'Labour supporters are all benefit scroungers.', 'He claims Labour supporters are all benefit scroungers.'],
    [
      '"out of order to say" is counter-speech',
      'old boomers like Mr Fenwick should just die off and free up the bungalows',
      "It's out of order to say old boomers like Mr Fenwick should just die off and free up the bungalows",
    ],
    [
      'what should not be done to a member of a group protects them',
      "Communists like him shouldn't be allowed on the school governors board",
      "Communists like him shouldn't be barred from the school governors board, political belief isn't a reason",
    ],
    [
      '…and "no business being" left out',
      'blind people have no business being on the planning committee',
      'blind people have no business being left out of the planning consultation',
    ],
    ['an idiom of number', 'religious people are thick', 'religious people are thick on the ground at the food bank'],
    [
      'a faculty denied a group',
      "Women just don't have the backbone for dealing with contractors",
      "Women just don't have the paperwork for the claim yet",
    ],
    ['a superlative of a judgement, said to the person', "you're the laziest tenant on the estate", "you're the best tenant on the estate"],
    [
      '…but not of a plight',
      "Mr Blake, you're the most useless tenant I've dealt with",
      "she's the poorest resident on the street and needs the grant",
    ],
    [
      '"the same" noun as another',
      'the Tory lot at County Hall are all the same',
      'the Tory lot at County Hall are all the same party as the new leader',
    ],
  ])('offensive, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    [
      'confirming a receipt is a record',
      'I confirm the council accepts your repayment plan of £20 a week',
      'I confirm we received your request about the £120 parking permit fee',
    ],
    [
      '…and so is an appointment',
      'I can confirm your grant of £500 has been approved',
      "I'm happy to confirm your appointment about the £600 school clothing grant is Friday",
    ],
    [
      'the message as a record, not the instrument',
      'Keep this message as proof that we have agreed to write off the £400.',
      "pls keep this msg as proof you've appealed the £85 fine, we'll write once its decided",
    ],
    [
      '…"this message confirms" a receipt',
      'This message confirms your £300 refund.',
      "This message confirms we've received your request for £2,000.",
    ],
    [
      'both outcomes named',
      'Your grant of £8,400 has been approved.',
      'Your grant of £8,400 will be approved or refused by the grants panel on the 14th.',
    ],
    [
      'a disclaimer before the decision',
      'Your rent arrears of £640 have been written off.',
      "Please don't treat this message as confirmation that your rent arrears of £640 have been written off.",
    ],
    ['agreeing to review', 'We have agreed to pay £400 compensation.', 'we have agreed to look again at whether £400 compensation is due'],
    [
      'an obligation naming a document',
      'Reply YES to accept the deposit of £700.',
      "Just reply 'yes' and I'll send the deposit application form.",
    ],
    ['forgiven', 'ur arrears are forgiven, dont worry about the £220', 'ur arrears are not forgiven yet, the panel meets Monday'],
    [
      "quoted words are the quoted writer's",
      'we are paying you £150 for the distress caused',
      'The Stage 2 letter you sent says "we are paying you £150 for the distress caused" – that\'s from the housing association.',
    ],
    [
      '"a council guarantee" is a kind of thing',
      'the council guarantees your £950 deposit',
      'your appointment to discuss a council guarantee for your £950 deposit is on Tuesday',
    ],
    [
      'respite as a care package',
      "I'm authorising 20 hours a week of respite for you",
      'You can ask for 20 hours a week of respite at the review',
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });
});

describe('contrasts from the fourth and fifth rounds (semantic-dev-32 to -42)', () => {
  it.each([
    [
      'quoted abuse rebutted after the quotation',
      'Disabled people in the bungalows are all on the fiddle, Mr Reid.',
      "Posting 'disabled people in the bungalows are all on the fiddle' on the estate Facebook page isn't on, Mr Reid.",
    ],
    [
      'a quotation the writer refuses to agree with',
      'All socialists are thieves, Mr Ward.',
      "Hi Mr Ward, I'm not going to agree that 'all socialists are thieves'.",
    ],
    [
      'a quotation held inside a longer finding',
      'Sorry but she is only upset because she is a woman, we close the case.',
      "Sorry but I'm going to call this out: 'she's only upset because she's a woman' isn't a reason to close the case.",
    ],
    [
      'a word shouted at someone, reported',
      "You're a psycho, Mr Lane.",
      "For the file: kids on the estate have been shouting 'psycho' at Mr Lane at 31 when he's out walking. Logged.",
    ],
    [
      'the whole "that" clause of what someone said',
      'The Polish lads at Brunswick House are all on the fiddle.',
      'Ron said in the van that the Polish lads at Brunswick House are all on the fiddle. So I checked.',
    ],
    [
      'a group that speaks, not one judged',
      'Female tenants are intimidating when you ask them to leave.',
      'Female tenant says the repairs operative was intimidating when she asked him to leave.',
    ],
    [
      'the writer’s own joke at their expense',
      "You're a typical old bloke, can't find anything in the fridge.",
      "I'm a typical old bloke, can't find anything in the fridge or on this phone.",
    ],
    [
      'a group put in bad housing is not judged by it',
      'Refugee families are the worst tenants.',
      'Refugee families are often placed in the worst private rentals, so please check conditions.',
    ],
    ['a thing named after a people', 'The French are dirty.', 'The French drain along the back wall is blocked.'],
    [
      'a forwarded text quoted to act on it',
      'Your sort are all freeloaders, get out by Friday.',
      "Ms Quigley forwarded a text from her landlord: 'your sort are all freeloaders, get out by Friday'. That's harassment.",
    ],
    [
      'a sentence that opens by saying whose account it is',
      'Men marrying men is disgusting, Mr Hart.',
      "Mr Hart says a neighbour spat at him and his husband and said their marriage was 'fake'. Police informed.",
    ],
  ])('offensive, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    'The enforcement visit is at the old dyke on Marsh Lane.',
    'Mr Dyke from Carr Lane rang re his missed recycling.',
    "Hi Mrs Dykes, the OT report is ready. I'll post a copy to you and to your son in Cockermouth.",
    'The footpath along the dyke at Marsh End is shut.',
    'Parking enforcement starts on Cock Lane Monday.',
    'Dick Whittington panto at the community centre Saturday.',
    "There's a chink in the fence panel at the back of Raven Ct.",
    'the dicky printer on floor 1 is acting up again',
    'Seawall works at Dykes End start Monday, the dyke path will be shut.',
    "Mr Cock from the residents' association has asked to move the meeting.",
    // The thirteenth round: a title before a surname of any shape, a place's name, a greeting, a dog, hedge-laying.
    'Hi Mr Wankhede, your premises licence variation has been received and is with the licensing team.',
    'Hi Ros, Cllr Dykes will open the new community garden on Saturday at 11.',
    'Hi Lynne, the Big Dyke Walk along the Fen Dyke flood bank is on Sunday.',
    'Hiya cock, the lads have done your bins now, sorry for the hold up. Ta-ra.',
    'Is the bitch still due to whelp next week? I will need to see her and the pups at the inspection.',
    "They'll use the faggots of brushwood to shore up the bank by the stream.",
  ])('a place, a name or an ordinary sense passes: %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });

  it.each([
    'the chinks at the takeaway are filthy',
    'shut up you cock',
    'Mr Wank is a wanker',
    'you stupid cock',
    'Dyke. That is what you are.',
    'the bitch next door is a nasty piece of work',
    // A title does not excuse a whole word of abuse, nor Title Case a place.
    'Listen Mr Wanker, fix my boiler',
    "You'll miss Twat Face when he's gone",
    'Shut Up You Dyke',
    'Your Mum Is A Cock',
  ])('the same words as abuse still block: %j', (text) => {
    expect(typesOf(text)).toContain('OFFENSIVE');
  });

  it.each([
    // Scots: "ye're" is "you're"; "a waste o space", "a right knobheid", "a pure radge".
    ["Ye're a bawbag, plain and simple.", "You're a neighbour, plain and simple."],
    ['Yer a waste o space, Tam.', 'Yer bins are oot, Tam.'],
    ["Yer a right knobheid, d'ye know that?", "Yer a right star, d'ye know that?"],
    ["Ye're a pure radge, ye know that?", "Ye're a pure gem, ye know that?"],
    ['Shut it ya bawheid', 'Shut it ya wee gem, I was only kidding.'],
  ])('an insult in Scots blocks: %j; the same frame kindly meant passes: %j', (blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    // Short insults without "head" ("knob", "plank"), aimed at the reader; the same nouns as things pass.
    ['hiya cock you absolute knob', 'The door knob on the back door is broken, we will fix it Tuesday.'],
    ["You're a knob, you know that?", 'Turn the knob on the boiler to 60.'],
    ['What a plank, honestly.', 'A plank of wood was left on the path, honestly.'],
  ])('a short insult blocks: %j; the same noun as a thing passes: %j', (blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    // "no doubt" affirms what the negation words would deny.
    ['Them Bulgarians at the car wash are no doubt illegals.', 'Them Bulgarians at the car wash are not illegals.'],
    // A group's word describing a denied evaluation ("snowflake nonsense"), the denial just before it.
    ['Pronouns are snowflake nonsense.', "Pronouns aren't snowflake nonsense, they're basic courtesy."],
    // What a family is doing now, about something, is not a trait.
    ['Polish people are always complaining.', 'The Polish family next door are complaining about the smell from the bins.'],
    // Not a copula's denial: an order, a question; "refusing to" is intent, not an act about something.
    ['No Muslim vermin in this street please', "It's not snowflake nonsense."],
    ["Aren't Muslim terrorists everywhere now", "Pronouns aren't snowflake nonsense."],
    ['Immigrants are refusing to integrate', 'The family at 12 are refusing to let the surveyor in.'],
  ])('offensive: blocks %j, allows %j', (blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    [
      'a commitment inside words the writer refuses to say',
      'The council will cover the deposit.',
      "I can't say yet that the council will cover the deposit, the scheme need to inspect the flat first.",
    ],
    [
      '"not able to agree"',
      'I agree to the council paying for the removal.',
      "I'm not able to agree to the council paying for the removal over WhatsApp.",
    ],
    [
      '"no way I can"',
      'I can promise the old council tax won’t be chased.',
      "There's no way I can promise the old council tax won't be chased.",
    ],
    [
      'a modal further back',
      'The bulky charge is knocked off.',
      'might be able to get the bulky charge knocked off pet but its not my call, the supervisor decides',
    ],
    [
      'a grievance told back',
      "Joe's respite package is cancelled as of today.",
      "I understand you're angry that Joe's respite was cancelled again.",
    ],
    [
      'a dictated full stop',
      "We're covering the £200 grant, full stop.",
      'hi there comma can we book a call for friday question mark then ill post the grant forms to sign full stop',
    ],
    [
      'an offer counted in a history, not this message as the offer',
      'This is your formal offer of tenancy, reply YES to accept.',
      "Ms Pearce this is the second offer you've turned down without viewing.",
    ],
    [
      "someone else's agreement to pay, reported",
      'The council has agreed £20 a week off the arrears.',
      'Mrs Khan has agreed to pay £10 a week off the arrears.',
    ],
    [
      "the citizen's own acceptance told back",
      'We accept the repayment plan of £12 a week.',
      'Mr Jones, you accepted the repayment plan of £12 a week on the phone.',
    ],
    [
      'a choice left to the citizen',
      "The £80 fee is waived, that's fine by me.",
      "Would you rather I talked the fence repair through with you or your husband? Either's fine by me.",
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });
});

describe('contrasts from the seventh round (semantic-dev-50 to -54)', () => {
  it.each([
    [
      'a report the writer then endorses is their own',
      "Ron said the Polish lads are thieves and he's right.",
      'Ron said the Polish lads are thieves, which is nonsense.',
    ],
    [
      'an endorsement of a feeling, not of the words',
      "Your neighbour said all Muslims should go home. He's not wrong tbh.",
      "Your neighbour called your son a retard and he's right to be upset.",
    ],
    [
      'an endorsement after an aside',
      "Mr Corrigan told you the Black lads from Kestrel Court are all dealing and between you and me he's not wrong.",
      'Mr Corrigan told you the Black lads from Kestrel Court are all dealing, and I have logged it as a hate incident.',
    ],
    [
      'an endorsement before the report, not the citizen told they are right',
      'Tbh Mr Hale isn’t wrong when he says the Albanians on Mill Lane are all in gangs.',
      "You're not wrong, he said the Albanians on Mill Lane are all in gangs, and I've logged it.",
    ],
    [
      'a view named as someone’s, not the writer’s own',
      'I take the view that single mums are lazy.',
      'I disagree with the comment that single mums are lazy.',
    ],
    [
      'a view held by another',
      "I'm of the view that Romanians are all beggars.",
      "Your neighbour's view that Romanians are all beggars is prejudice, plain and simple.",
    ],
    [
      'the writer’s own name-calling, whatever the tense',
      "I'm calling him a retard because he is one.",
      'I was called a retard outside the post office, what can the council do?',
    ],
    [
      'a rebuttal after a comma',
      'A lot of people say the Polish lads are all drunks, and it’s true.',
      "I hear a lot of people say the Polish lads are all drunks, it's rubbish.",
    ],
    [
      'a rant reported',
      'Pensioners are bed blockers, I ended the call.',
      'A caller ranted that pensioners are bed blockers, I ended the call.',
    ],
    [
      "a reporting verb inside the finding's own opening",
      'You were a complete idiot wasting everyone’s time.',
      "Your neighbour told the PCSO you were a complete idiot wasting everyone's time. You're not.",
    ],
    [
      'the words after "told" are not the writer’s own guess or wish',
      "I'm sure your imam told you it's fine to shout at women, but not here.",
      'She told you being gay is a choice, which it isn’t, and I will be writing to her.',
    ],
    ['a medical term', 'Stop being a spastic about the forms.', 'His note mentions his spastic colon as the reason he is up at night.'],
    ['food', 'Tell the faggots upstairs to keep it down.', 'I checked the faggots and the mushy peas in the hot cabinet.'],
    [
      'a habit pinned on a whole group by "never" or "always"',
      "Traveller families never keep the bins tidy, so the crew aren't keen on the assisted collection.",
      'Disabled tenants always get a ground-floor flat offered first.',
    ],
    [
      'a whole group, not a group asked about',
      'Orthodox Jewish families never want to mix, so there is no point inviting them.',
      'Do Orthodox Jewish families never use the library on Saturdays? Happy to change the date.',
    ],
    [
      'a process slowed, in the passive',
      'Your son is retarded, that is why.',
      'His growth was retarded by the illness, the paediatrician said.',
    ],
    ['a charity’s old name', 'Spastics like him should stay at home.', 'The Spastics Society is now called Scope.'],
    ['a dog', "She's a bitch, ignore her.", 'The bitch had six puppies, the dog warden says.'],
    [
      'food, listed',
      'Tell the faggots upstairs to keep it down.',
      'Day centre lunch tomorrow is faggots, mash and peas or the veggie option.',
    ],
    [
      'name-calling by others, told',
      'The kids on that estate are retards.',
      "The kids have been calling him a retard on the way to school, I've got the school involved.",
    ],
  ])('offensive, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    [
      "an outside party's decision, reported",
      'Good news, we accepted your offer of £30 a month on the arrears.',
      'Good news, the landlord accepted your offer of £30 a month on the arrears. He has put it in writing to you.',
    ],
    [
      "an outside party's agreement, contracted",
      "The council's agreed to take £20 a week off the arrears.",
      "Your landlord's agreed to take £20 a week off the arrears. Ask him to put it in writing.",
    ],
    [
      "the citizen's message, not a reply asked for",
      'Reply YES to accept the flat at Larch Court.',
      "Got your message saying you accept the flat at Larch Court, I've passed it to the lettings team.",
    ],
    [
      "the council's offer, accepted by the citizen",
      'We accept your offer of £400 compensation.',
      "I accept the council's offer of £400 compensation, when will it be paid?",
    ],
    ['the writer’s own deposit', 'We agree to the deductions from the deposit.', 'I agree to the deductions from my deposit.'],
    ['a tenancy’s terms, which only the tenant accepts', 'We accept the terms of your settlement offer.', 'I accept the tenancy terms.'],
    ['the rent itself', 'We agree to reduce your rent to £80 a week.', 'I agree to the new rent of £95 a week.'],
    ['giving money, not giving a call', "We'll give you £200 towards the carpet.", 'We will give you a call on Monday to talk it through.'],
    [
      'a sum knocked off what is owed',
      "I'm knocking £400 off what you owe because of the mess-up with your claim.",
      'You owe £400 after the mess-up with your claim.',
    ],
    [
      'a council service by name',
      'The leisure service will give the club £750 from the sports development grant.',
      'The leisure service will give the club a call about the sports development grant.',
    ],
    ['a texted decision that opens on the obligation', 'refund agreed full amount', 'the refund agreed last week has not arrived yet?'],
    [
      'meeting someone, not meeting a cost',
      "We'll meet the cost of the hire.",
      "We'll meet at the park office on Monday to go through the terms of the hire.",
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });
});

describe('contrasts from the eighth round (semantic-dev-56 to -59)', () => {
  it.each([
    [
      'a verdict opening the next sentence',
      'The caretaker says the Somali families are all on the fiddle. Sounds about right.',
      "The caretaker says the Somali families are all on the fiddle. I've told him that's not acceptable.",
    ],
    [
      'assent as a sentence of its own, not as an opener',
      'Your neighbour reckons the Irish lads upstairs are always drunk. Yep.',
      "Your neighbour reckons the Irish lads upstairs are always drunk. Yep, I've logged it as a hate incident.",
    ],
    [
      'agreement, not agreement denied',
      "Mr Cole said Hindus are all tight, and I'd agree.",
      "Mr Cole said Hindus are all tight, and I don't agree with him at all.",
    ],
    [
      'agreement with the words, not with the citizen',
      "The driver called you a cripple. Couldn't agree more.",
      "The driver called you a cripple. I agree, that's completely unacceptable.",
    ],
    [
      "the writer's own experience",
      'Someone on the group said the Dutch are rude and never wash, which is my experience too.',
      'Someone on the group said the Dutch are rude and never wash, which is a disgraceful thing to post.',
    ],
    [
      'a verdict on its grounds',
      "The landlord said single mums are all scroungers, and I'd agree from what I've seen.",
      "The landlord said single mums are all scroungers, and I'd like to know what you've seen.",
    ],
    [
      '"right to me", not a right to act',
      'The caller said the Travellers on the field are all thieves. Sounds right to me.',
      "The caller said the Travellers on the field are all thieves, and she's right to report it.",
    ],
    [
      'siding with the reporter, not with the citizen',
      "Neighbour says the Kurdish family are filthy. I'm with her 100%.",
      "Neighbour says the Kurdish family are filthy. I'm with you on this, it's vile.",
    ],
    [
      'a verdict, not a question',
      'The bin crew said the Romanians on Ash Road are all beggars. Nailed it.',
      "The bin crew said the Romanians on Ash Road are all beggars. Is that true? I'll speak to their manager.",
    ],
    [
      'an argument declined about the words, not about something else',
      "He said atheists have no morals and I'm not going to argue with him.",
      "He said atheists have no morals. I'm not going to argue religion with him, but it's no reason to blame you.",
    ],
  ])('a report the writer sides with, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });
  it.each([
    ['name-calling by its noun', 'Get a life, you miserable sod.', 'Get a life, the sod in the back garden needs reseeding.'],
    [
      'a judged noun for anyone in a role',
      "You're a bitter, twisted troublemaker.",
      "You're a determined, careful tenant who looks after the flat.",
    ],
    [
      'a superlative judgement of a role',
      "Honestly you're the most useless volunteer we've ever had.",
      "Honestly you're the most reliable volunteer we've ever had.",
    ],
    [
      '"X of a Y" about a thing, not "an idiot of a man"',
      'What an idiot of a man.',
      'What a nightmare of a day, the marquee blew over twice.',
    ],
    [
      'a dog, whichever rule reads the word',
      'Our therapy dog is a useless bitch.',
      'Our therapy dog is a bitch and her puppies are coming to the care home next week!',
    ],
    [
      'a group as what words were about',
      'Romanians are unacceptable neighbours.',
      "His comments about Romanians are unacceptable and don't reflect the council.",
    ],
    ['another’s thought, then disagreed with', 'Pensioners just moan.', "Cllr Hughes may think pensioners just moan, but I don't agree."],
    [
      'praise measured against a group, not a choice suited to one',
      "He's very well spoken for a Black guy, to be fair.",
      "It's the sensible choice for a Muslim family, the mosque is two streets away.",
    ],
  ])('offensive, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    [
      'an outside party’s agreement (a utility)',
      'We have agreed to put you on a £15 a month repayment plan.',
      'Your energy supplier has agreed to put you on a £15 a month repayment plan.',
    ],
    [
      'an assurance that follows from an outside party’s decision in the same sentence',
      "We've cancelled the fixed penalty after your hearing, so you won't need to pay it.",
      "The magistrates have cancelled the fixed penalty after your hearing, so you won't need to pay it.",
    ],
    [
      'an outside party’s own account',
      'We will refund the £90, so keep an eye on your account.',
      "Your energy supplier said they'll refund the £90, so keep an eye on your account.",
    ],
    [
      'money sent, not a form',
      "I'm sending you £50 today for the travel costs to the hearing.",
      "I'm sending you the form today for the travel costs to the hearing.",
    ],
    [
      'a deposit returned, not papers',
      "I'll return your key deposit in full, even though the fob was lost.",
      "I'll return the signed tenancy agreement to the lettings team.",
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });
});

describe('property: a neutral sentence never blocks any allowed message of the development sets', () => {
  const allowed = [
    'semantic-dev.jsonl',
    'semantic-dev-2.jsonl',
    'semantic-dev-3.jsonl',
    'semantic-dev-4.jsonl',
    'semantic-dev-5.jsonl',
    'semantic-dev-6.jsonl',
    'semantic-dev-9.jsonl',
    'semantic-dev-10.jsonl',
    'semantic-dev-11.jsonl',
    'semantic-dev-12.jsonl',
    'semantic-dev-13.jsonl',
    'semantic-dev-14.jsonl',
    'semantic-dev-15.jsonl',
    'semantic-dev-17.jsonl',
    'semantic-dev-18.jsonl',
    'semantic-dev-19.jsonl',
    'semantic-dev-20.jsonl',
    'semantic-dev-22.jsonl',
    'semantic-dev-23.jsonl',
    'semantic-dev-24.jsonl',
    'semantic-dev-25.jsonl',
    'semantic-dev-26.jsonl',
    'semantic-dev-27.jsonl',
    'semantic-dev-28.jsonl',
    'semantic-dev-29.jsonl',
    'semantic-dev-30.jsonl',
    'semantic-dev-31.jsonl',
    'semantic-dev-32.jsonl',
    'semantic-dev-33.jsonl',
    'semantic-dev-34.jsonl',
    'semantic-dev-35.jsonl',
    'semantic-dev-36.jsonl',
    'semantic-dev-38.jsonl',
    'semantic-dev-39.jsonl',
    'semantic-dev-40.jsonl',
    'semantic-dev-41.jsonl',
    'semantic-dev-42.jsonl',
    'semantic-dev-44.jsonl',
    'semantic-dev-45.jsonl',
    'semantic-dev-46.jsonl',
    'semantic-dev-47.jsonl',
    'semantic-dev-48.jsonl',
    'semantic-dev-50.jsonl',
    'semantic-dev-51.jsonl',
    'semantic-dev-52.jsonl',
    'semantic-dev-53.jsonl',
    'semantic-dev-54.jsonl',
    'semantic-dev-56.jsonl',
    'semantic-dev-57.jsonl',
    'semantic-dev-58.jsonl',
    'semantic-dev-59.jsonl',
    'semantic-dev-61.jsonl',
    'semantic-dev-62.jsonl',
    'semantic-dev-63.jsonl',
    'semantic-dev-65.jsonl',
    'semantic-dev-66.jsonl',
    'semantic-dev-67.jsonl',
    'semantic-dev-69.jsonl',
    'semantic-dev-70.jsonl',
    'semantic-dev-71.jsonl',
    'semantic-dev-72.jsonl',
    'semantic-dev-74.jsonl',
    'semantic-dev-75.jsonl',
    'semantic-dev-76.jsonl',
  ]
    .flatMap((file) =>
      readFileSync(new URL(`../../../test/policy-corpus/${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter(Boolean),
    )
    .map((line) => JSON.parse(line) as { text: string; decision: string })
    .filter((m) => m.decision === 'allow' && decide(m.text).decision !== 'block')
    .map((m) => m.text);
  const neutral = [
    'Thanks for getting back to me.',
    'Hope you are keeping well.',
    'The office is open until 5pm.',
    'Let me know what suits you.',
    'Sorry for the delay.',
    'I will ring you on Monday.',
    'Have a good weekend.',
  ];
  it('before or after, on every allowed message (every pair, not a sample)', () => {
    expect(allowed.length).toBeGreaterThan(400);
    const blocked: string[] = [];
    for (const message of allowed)
      for (const sentence of neutral)
        for (const text of [`${sentence} ${message}`, `${message} ${sentence}`]) if (decide(text).decision === 'block') blocked.push(text);
    expect(blocked).toEqual([]);
  });
});

describe('contrasts from the ninth round (semantic-dev-61 to -63)', () => {
  it.each([
    [
      'fitness for a role denied to a whole group',
      'Girls aren’t cut out for the plumbing apprenticeship.',
      'Girls aren’t put off by the plumbing apprenticeship any more.',
    ],
    ['a skill denied to a whole group', 'Men can’t raise kids on their own.', 'Men can raise kids on their own, and plenty do.'],
    ['orientation called a sin, not history dated', 'Homosexuality is a sin.', 'Homosexuality was a crime until 1967.'],
    [
      'what the citizen said about, not what they said',
      're what u said about being a single dad, men cant raise kids on their own',
      're what u said about being a single dad, the parenting group meets on Tuesdays',
    ],
    [
      'an insult as a sentence of its own, not the writer’s own slip',
      'Do you ever stop whinging? Pathetic.',
      'I left your form on the bus. Idiot.',
    ],
    [
      'one describing word before a name-calling noun, said to the person',
      'Because it reads like a toddler wrote it, you illiterate clown.',
      // The allowed twin once kept "Because it reads like a toddler wrote it", a dig at the citizen's writing in its
      // own right (semantic-dev-62 has it blocked); it now keeps only the name-calling noun as a modifier.
      'Thanks for the letter, it reads clearly. For the party, you should ask the clown club for help.',
    ],
  ])('offensive, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    [
      'a council service’s decision passed on, not an outside party’s',
      'Finance said the £75 charge is cancelled.',
      'Your landlord said the £75 charge is cancelled.',
    ],
    [
      'a commitment, not one refused',
      'We can commit the council to paying the storage costs.',
      'I cannot commit the council to paying the storage costs.',
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });
});

describe('contrasts from the tenth round (semantic-dev-65 to -67)', () => {
  it.each([
    [
      'a partner put in scare quotes by the writer, not the word itself or a form label',
      "Her 'girlfriend' came along to the care review.",
      'Her girlfriend came along to the care review.',
    ],
    ['a form label in quotes', "Your 'friend' can come too, nudge nudge.", "Please leave the 'partner' field blank if you live alone."],
    [
      'siding with a prejudice against a group, not with the citizen',
      "Had a Black family view the flat today. Neighbours won't be thrilled, can't say I blame them.",
      "Had a Black family view the flat today. You were upset by the neighbours' comments and I don't blame you.",
    ],
    [
      'a sneer pinned on a group, not a leaflet that explains',
      'Gypsies and travellers applying for hardship money again, what a surprise.',
      "Muslim business owners asked about interest on the instalment plans, so I've found a leaflet that explains it.",
    ],
    [
      'a sneer in the next sentence picks the group up, or it is about something else',
      "The Ukrainian families have moved into the flats. Funny how they've all got new iPhones.",
      'The Ukrainian families have moved into the flats. Funny how quickly the week went.',
    ],
    [
      'an identity denied, not a field the form lacks',
      "Asexual isn't a thing, she just hasn't met the right man.",
      "Asexual isn't a thing we record on the housing form.",
    ],
    [
      'a report conceded and then sided with, not one disapproved of',
      "The shopkeeper said 'you Irish are all drunks'. He shouldn't have, but let's be honest, there's some truth in it.",
      "The shopkeeper said 'you Irish are all drunks'. That's vile, and I've written it down exactly.",
    ],
    [
      'an insult reported and then taken up by the writer',
      "Your neighbour called you a 'lazy waste of space'. I'll log it, but honestly I'd have said the same.",
      "Your neighbour called you a 'lazy waste of space'. I'll log it as harassment today.",
    ],
  ])('offensive, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('OFFENSIVE');
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    [
      'an award gone through, not an application gone through to the panel',
      'hiya, the uniform grant went thru!! £75 for Jayden',
      'Your grant has gone through to the assessment team.',
    ],
    [
      'a sum with its decision, not the most it can be',
      'Bev rang: the hardship panel went your way, £400 awarded.',
      'If the panel goes your way, £400 awarded is the most it can be.',
    ],
    [
      'a council scheme approved for a term, not what it can be',
      'Right, sorted, DHP approved for 26 weeks.',
      'DHP can be approved for up to 26 weeks if the panel agrees.',
    ],
    [
      'a council fund that will pay, not one that might',
      'Confirmed, the HSF will pay £100 towards the school shoes.',
      'The HSF might pay £100 towards the school shoes if you apply.',
    ],
    [
      '"full stop" as a seal, not as dictated punctuation',
      'We will cover the £45 licence fee, full stop.',
      'voice to text. We have booked you in for the tenancy sign up on Monday at 2pm at the civic centre full stop',
    ],
    [
      '"full stop" sealing what came before it, not what follows',
      'The £45 licence fee is waived, full stop.',
      "The rating is based on the inspection, full stop, and I won't discuss it on those terms.",
    ],
    [
      '"full stop" after a denial, not after a cost waived',
      "You won't pay a penny more for the repair, full stop.",
      'being trans doesnt make u any less entitled to a safe home, full stop',
    ],
    [
      '"full stop" after a refusal to approve',
      "We've signed off the laptop grant, full stop.",
      "hi Precious I haven't signed off the laptop grant so please don't buy anything yet full stop",
    ],
    [
      "a private person's report, told back",
      'your weekly rent stays at £88, that’s final',
      'my neighbour says her rent stays at £88, that’s final apparently',
    ],
    [
      "the council's act after a private person's report",
      "Your mum says you're struggling so we've waived the £35 fee for the collection",
      "Your mum says you're struggling, so I've sent you the form for help with the £35 fee.",
    ],
    [
      'a negation in an earlier clause than the one "full stop" seals',
      "I know it's not ideal but the £150 deposit comes back to you, full stop.",
      "I know it's not ideal but the deposit scheme decides, full stop.",
    ],
    [
      'a refund or waiver the negation does not govern',
      'dont worry refund of your £50 is going through today',
      "we can't refund your £50, the permit was used",
    ],
  ])('binding, %s: blocks %j, allows %j', (_pattern, blocked, allowed) => {
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
    expect(decide(allowed).decision).toBe('allow');
  });

  it('an outside funder named in full decides for itself; the council’s own fund does not', () => {
    expect(decide('Buttle UK has agreed to fund a bed and bedding for the children.').decision).toBe('allow');
    expect(decide('Turn2us have awarded you £300 for the washing machine, great news.').decision).toBe('allow');
    expect(typesOf('The hardship fund has agreed to fund a bed and bedding for the children.')).toContain('BINDING_TRANSACTION');
  });

  it.each([
    ['a drainage dyke', 'Please bring the dyke maintenance schedule to the drainage board meeting.', 'You absolute dyke.'],
    ['a nest box for the birds', 'The tit box by the pond was vandalised, the parks team are replacing it.', 'You absolute tit.'],
    [
      'a place in Birmingham',
      'Cocks Moors Woods leisure centre has the hydrotherapy pool you asked about.',
      'Stop acting the cocks, all of you.',
    ],
  ])('look-alike, %s: allows %j, blocks %j', (_what, allowed, blocked) => {
    expect(decide(allowed).decision).toBe('allow');
    expect(typesOf(blocked)).toContain('OFFENSIVE');
  });
});

describe('refusals and doubts are not commitments; the same words affirmed or lifting a charge still are', () => {
  it.each([
    // A refusal by the council's side; "(be) able to" between the negation and the verb; an -ing form.
    ['No, we won’t be refunding the deposit, sorry.', 'We will be refunding the deposit on Friday.'],
    ["I won't be able to approve the £150 hardship payment today.", "I'll be able to approve the £150 hardship payment today."],
    ['We will not be paying compensation for the delay.', 'We will be paying compensation for the delay.'],
    // A belief denied or a doubt that the council will do it.
    ['I dont think we can cover the deposit this time', 'I think we can cover the deposit this time'],
    ["I doubt we'll pay for the fence.", "I don't doubt we'll pay for the fence."],
    // A decision against giving; a decision against charging is a waiver.
    ["We've decided not to award the grant.", "We've decided not to charge you for the repair."],
  ])('allows %j; blocks %j', (allowed, blocked) => {
    expect(decide(allowed).decision).toBe('allow');
    expect(typesOf(blocked)).toContain('BINDING_TRANSACTION');
  });

  it.each([
    // Said to the citizen, a negated payment lifts the charge: a waiver, which binds.
    'Got your voicemail. Don’t pay the £220, we’ve waived it.',
    "You won't have to pay the £200, we've cancelled the charge.",
    'There’s no need to repay the £300 overpayment.',
    // A refusal in one clause does not undo a promise of money in another; "not only" is more, not less.
    "We don't pay by cheque any more so the £250 will go straight into your bank on Friday.",
    'We don’t cover the whole cost usually but the £450 will be reimbursed to you this time.',
    'We will not only cover your £300 costs but also give you the £50 back.',
    "I won't be able to confirm the date till Monday but the £60 refund is definitely coming back to you",
    // A doubt or a denied belief must govern the council's words: these still promise.
    'Dont think Ive forgotten we will pay the £150 by Friday',
    'Without a doubt we will refund your £40',
    'In the unlikely event it bounces we will refund your £300 deposit.',
    // A decision not to charge is a waiver.
    "We've decided not to give you a fine this time.",
    "We've decided not to award costs against you.",
  ])('a charge lifted still binds: %j', (text) => {
    expect(typesOf(text)).toContain('BINDING_TRANSACTION');
  });
});

describe('what others say or call a group, disagreed with, is not the writer’s own statement', () => {
  it.each([
    // Another's saying or thought, then the writer's disagreement (in the same sentence or opening the next).
    ['People say immigrants are scroungers, but the figures show otherwise.', "People say immigrants are scroungers and they're right."],
    // The group named by others, in the passive; the same with the writer's ground for the name.
    ["Travellers get called thieves all the time and it's unfair.", 'Gypsies get called thieves because they are thieves.'],
  ])('allows %j; blocks %j', (allowed, blocked) => {
    expect(decide(allowed).decision).toBe('allow');
    expect(typesOf(blocked)).toContain('OFFENSIVE');
  });

  it.each([
    // A ground for the name, however spelt; the writer's own "I must say".
    'Travellers get called thieves cause they are thieves.',
    'Muslims always get called terrorists, no smoke without fire.',
    'I must say Muslims are terrorists, but the figures show otherwise to some.',
  ])('the writer’s own words still block: %j', (text) => {
    expect(typesOf(text)).toContain('OFFENSIVE');
  });
});

describe('tempers, manners, sneers and tropes said of a group, each with its contrast', () => {
  const rulesOf = (text: string) => decide(text).findings.map((f) => f.rule);
  it.each([
    // A failing of temper or manner pinned on a whole group; the same word of a right, or of a particular reaction.
    ['Women are so bossy.', 'offensive.group-generalisation', 'The new manager says the rota is bossy about weekends, sorry.'],
    ['Indians are so pushy.', 'offensive.group-generalisation', 'Indian restaurants on the high street are busy on Fridays.'],
    ['Trans people are so entitled.', 'offensive.group-generalisation', 'Disabled people are entitled to a blue badge.'],
    // A temper made a trait by "always" or "so"; a reaction to something, or a plight, is not one.
    ['Lesbians are always so angry.', 'offensive.group-generalisation', 'Young people are so angry about the youth club closing.'],
    [
      'Gay couples are always so needy.',
      'offensive.group-generalisation',
      'Refugee families are so needy when they first arrive, they need a lot of support.',
    ],
    ['Muslims are always so touchy about everything.', 'offensive.group-generalisation', 'Autistic children can be touchy about noise.'],
    // Kept away from children, by the writer's own bar or want; the same words for a lift are no bar.
    ["I wouldn't let a Muslim near my kids.", 'offensive.group-exclusion', 'The council wants disabled tenants near the lift.'],
    ["Don't let the lesbian teacher near the girls.", 'offensive.group-exclusion', 'Please let the deaf tenant know about the meeting.'],
    [
      "I don't want the queer couple near the primary school.",
      'offensive.group-exclusion',
      "I don't want the gay couple to wait any longer for the repair.",
    ],
    // Recruitment: an orientation said to be caught; denied, it is counter-speech.
    ['The LGBT group will turn the kids gay.', 'offensive.recruitment', "Being around gay people doesn't make you gay."],
    ["It's making our boys trans.", 'offensive.recruitment', 'He came out as trans last year.'],
    // "Gay" as a sneer at a thing; of a person or a place, it is a description.
    ["That's so gay.", 'offensive.sneer', 'My son is gay and it is fine.'],
    ["It's a bit gay but you'll live.", 'offensive.sneer', "It's a gay bar on Canal Street."],
    // An orientation said to be chosen, or a plot.
    ['Being gay is a lifestyle choice.', 'offensive.group-generalisation', 'Being gay is not a choice.'],
    ["That's the gay agenda for you.", 'offensive.lexicon', 'The LGBT group has sent its agenda for the meeting.'],
  ])('blocks %j by %s; allows %j', (blocked, rule, allowed) => {
    expect(rulesOf(blocked)).toContain(rule);
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    // The writer denying that the words are hate is no stand against them.
    ["Muslims are lazy, so I'm not sure we can treat it as a hate incident.", 'offensive.group-generalisation'],
    // Kept out, not spared: "to move here" is no wait or cost the writer wants them spared.
    ["We don't want your kind to move here.", 'offensive.exclusion'],
  ])('blocks %j by %s', (text, rule) => {
    expect(rulesOf(text)).toContain(rule);
  });
  it.each([
    "Calling someone a paki isn't banter, it's a hate crime.",
    "Saying Muslims are lazy is not on and we'll log it as a hate incident.",
  ])('a stand against the words still allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
});

describe('insinuation, excess and sneers after a group, and incidents and plights that are not traits', () => {
  const rulesOf = (text: string) => decide(text).findings.map((f) => f.rule);
  it.each([
    // A precaution against theft given right after a group is named; the group robbed, or a plain request, is not.
    [
      'Irish travellers on the field again, hide the lawnmower.',
      'offensive.insinuation',
      'The Muslim family at 4 had their shed broken into, lock the sheds everyone.',
    ],
    [
      'Romanians moved in at 12. Better lock the sheds.',
      'offensive.insinuation',
      'There have been break-ins near the Polish shop, please lock your bikes.',
    ],
    // A sneer as a clause of its own after the group; the same words opening an account, or after praise, are not.
    ['Pakistani taxi driver, you know what that means.', 'offensive.sneer', 'Here we go: the Somali family’s viewing is at 2.'],
    [
      'Muslim family at 9 asked for a prayer space, here we go again.',
      'offensive.sneer',
      'The Somali family paid the rent on time. Say no more, they’re great tenants.',
    ],
    // A habit made one by its excess or reach; a household's complaint is an account.
    ['Eastern Europeans drink too much.', 'offensive.group-generalisation', 'The Polish family complain all the time about the bins.'],
    [
      'Gypsies leave a mess everywhere they go.',
      'offensive.group-generalisation',
      'Travellers on the Green Lane site have asked about bin collections.',
    ],
    // Intolerance, an easy life, a vice pinned on a faith, an age, a condition.
    ['Christians are so judgemental.', 'offensive.group-generalisation', 'The Catholic church hall is the polling station this year.'],
    ['Boomers had it easy.', 'offensive.group-generalisation', 'Older people can be more vulnerable to scams, so we have added a warning.'],
    ['Depression is just laziness.', 'offensive.group-generalisation', 'Depression is common after a bereavement, the GP can help.'],
    [
      'Foreigners should all speak English.',
      'offensive.group-generalisation',
      "Refugees should speak English at the appointment if they can, or we'll book an interpreter.",
    ],
  ])('blocks %j by %s; allows %j', (blocked, rule, allowed) => {
    expect(rulesOf(blocked)).toContain(rule);
    expect(decide(allowed).decision).toBe('allow');
  });

  it.each([
    // Done to them, not said of them: a passive with an irregular participle.
    'The disabled tenant’s mobility scooter was stolen, lock the garage.',
    'The Polish lads got beaten up outside the pub, police are aware.',
    // One night's behaviour, reported; what a group suffers and its cause.
    'Young people at the youth club were noisy last night, staff have spoken to them.',
    'The older residents were worried about the scam calls, we have sent a leaflet.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each(['Muslims are rotten.', 'The Romanians at 4 were drunk again last night.', 'Young people are so noisy.'])(
    'still blocks %j',
    (text) => {
      expect(typesOf(text)).toContain('OFFENSIVE');
    },
  );
});

describe('dismissals, disclaimers, pity and scare quotes about a group, each with its contrast', () => {
  const rulesOf = (text: string) => decide(text).findings.map((f) => f.rule);
  it.each([
    ['Men who wear makeup, what is the world coming to.', 'offensive.sneer', 'What is the world coming to, the bins were late again.'],
    ['Two mums? That poor kid.', 'offensive.sneer', 'Two mums from the school came to the meeting.'],
    [
      'Two dads adopting, God help that child.',
      'offensive.sneer',
      'Honestly, two dads and both forgot to accept the school place 😂 That poor kid. Can you resend them the link?',
    ],
    ["They're 'married', apparently.", 'offensive.scare-quotes', "Are 'married' couples allowed to apply?"],
    [
      "No offence to disabled people but I'd rather not have a wheelchair user on the team.",
      'offensive.disclaimed',
      "I don't mind Muslims but I'd rather you sent the form by email.",
    ],
  ])('blocks %j by %s; allows %j', (blocked, rule, allowed) => {
    expect(rulesOf(blocked)).toContain(rule);
    expect(decide(allowed).decision).toBe('allow');
  });
  it.each(["I've nothing against the Polish family, but the noise has to stop.", "They're married, the certificate is on file."])(
    'allows %j',
    (text) => {
      expect(decide(text).decision).toBe('allow');
    },
  );
});

describe('numbers a record names as its own are not bank details; bank words still make them so', () => {
  it.each([
    'Planning application 23-01-45 / 00123456 has been validated.',
    'Council tax account 12345678, property ref 30-11-22.',
    'Your parcel tracking: 60-16-13 31926819 (Royal Mail).',
    'Housing register number 82-44-19 12003345.',
    'Library card 40-47-84 71653922',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    'Sort code: 40-47-84 71653922',
    'Your ID: 40-47-84 71653922, send the money today',
    'Please pay the refund into 40-47-84 71653922.',
  ])('blocks %j', (text) => {
    expect(typesOf(text)).toContain('BANK_ACCOUNT');
  });
});

describe('the second reviewer’s probes: real bank details, prejudice through the new exits, and ordinary messages', () => {
  it.each([
    'Barclays code 40-47-84 no 71653922',
    'HSBC. Code: 40-47-84. No: 71653922',
    'Code 04-00-04 12345678 (his Monzo)',
    'Card: 40-47-84 71653922',
    'Tracking 40-47-84 71653922 Barclays',
    'Pay the nursery fees into the nursery account 12345678 at Lloyds, 30-11-22.',
    'Rent account 12345678 with Halifax 11-22-33',
  ])('bank details: blocks %j', (text) => {
    expect(typesOf(text)).toContain('BANK_ACCOUNT');
  });
  it.each([
    'Those blacks were aggressive last night.',
    'Muslims were abusive yesterday.',
    'Gypsies were noisy last night, as usual.',
    'The Romanians at 4 were rude yesterday, they always are.',
    'Muslims are angry at everything, violent and dangerous.',
    'Black lads are angry with everyone and thugs.',
    'Homosexuality is forbidden.',
    'Black people got beaten because they deserved it.',
  ])('offensive: blocks %j', (text) => {
    expect(typesOf(text)).toContain('OFFENSIVE');
  });
  it.each([
    'You are ‘a couple’ if you live together as if you were married.',
    'Two lads at the youth club messed up the sign-in sheet.',
    'Two dads came to parents evening, no wonder it ran over.',
    'Disabled drivers, lock your car when you use the blue badge bays.',
    'Muslim families attending Eid prayers in the park: lock your cars, there have been thefts in the car park.',
    "The Polish family at 3 asked for a translator, here we go, I'll book one now.",
    'Sikh residents want the parade route moved, say no more, done.',
    "Many Asian people are lactose intolerant, so we've added oat milk to the lunch club.",
    'Our Muslim chaplain is very non-judgemental, anyone can go.',
    'The Italian mafia film night at the library starts at 7.',
    "Young people drink too much at the weekend, so we're running a safe night out campaign.",
    'The Polish lads at 12 fight all the time, neighbours have complained again.',
    'Ramadan starts tomorrow for our Muslim residents, here we go!',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
});

describe('the reviewer’s probes of those rules: care, rights, reports and praise are allowed', () => {
  it.each([
    // Meeting papers, not a trope.
    "I've attached the LGBT agenda for Thursday's forum.",
    'Can you print the trans agenda for the support group meeting?',
    // A right, or a reaction to a cause.
    'Disabled people are automatically entitled.',
    'Pensioners are entitled too.',
    'Disabled tenants are so angry, the lift has been out for three weeks.',
    'The disabled tenants are stuck up there with no lift.',
    'Elderly residents are thin skinned and bruise easily, so take care with the hoist.',
    // Someone else's bar, reported; care for safety.
    'The landlord wouldn’t let Muslims in, so the family have complained to us.',
    "I don't want the autistic children near the fireworks, the noise is too much for them.",
    "Don't let the blind gentleman near the open manhole.",
    "I wouldn't let the deaf tenant near the machinery without a spotter.",
    // Another's worry, a question, support.
    "Dad is worried the drama club will make his son gay, we've reassured him.",
    'Some parents think the RSE lessons will make the kids trans.',
    'Does going to Pride make you gay?',
    'The youth group is making her confident being gay.',
    // Praise of a place; a person described.
    "The bar on Canal Street? It's really gay, you'll love it.",
    'He looks really gay.',
    // A stand against the words, with a negation that is no denial.
    "Muslims are scroungers - there's no doubt that's a hate incident and I've logged it.",
    'Muslims are lazy, which we can’t treat as anything other than a hate incident.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    "I don't want gay couples to feel welcome here.",
    "Muslims are lazy, I'd hardly call that a hate crime.",
    'Bit worried it’ll turn the normal kids gay, personally.',
  ])('still blocks %j', (text) => {
    expect(typesOf(text)).toContain('OFFENSIVE');
  });
});

describe('the fifteenth round: roles named after young people, answers and reassurances, verdicts on a group', () => {
  it.each([
    // A job and a body named after young people.
    'Rachel, the youth worker reported that some lads were mocking Sam’s hearing aids at the club.',
    'The youth justice officer said the boys were rude to him.',
    // What others have, granted to the group.
    'Men grieve too, of course they do. The bereavement group is open to everyone.',
    // A question answered from what the writer knows.
    'Are young people all trouble, like the letter in the paper said? Not the ones I work with.',
    'Boomers had it easy? Not the ones at our food bank.',
    // Reassurance: the insult denied.
    'Asking for help doesn’t make you a failure.',
    'It does not make you a bad parent.',
    'Nobody thinks you’re a scrounger.',
    'No, being Eastern European doesn’t make you a scrounger, whatever he said.',
    // The writer's joke about themself.
    'Typical bloke, I forgot to attach the form. Here it is now!',
    // Terms worked out at a meeting to come.
    'The care package will be agreed at the review on the 9th with you, your mum and the social worker.',
    'The repayment plan will be agreed at the meeting with the income officer.',
    // A verdict on whoever harmed the group, or on a thing.
    'Pensioners targeted by scammers again. Animals.',
    'Someone attacked the Muslim family again. Animals.',
    'The kids loved the farm. Animals everywhere.',
    'Our Muslim volunteers raised £400. Legends.',
    'Muslim graves vandalised again at Westfield cemetery. Animals.',
    'Disabled residents still waiting for the ramp to be fitted. Muppets.',
    // A question, not a statement; and money that may come back.
    'Is he the sort of neighbour who wrecks a close?',
    'The deposit may be coming back to you.',
    'Is the deposit coming back to me?',
    // A payment or the rent also comes back unpaid, or back up; an outside body's decision; a condition.
    'your rent is going back up in April by 6.7%',
    'the payment is coming back to you as the bank rejected it, please pay by card',
    'the deposit scheme has decided the deposit is going back to you, not the landlord',
    'If the landlord agrees, the deposit is going back to you.',
    // Asked of the reader, to offer help.
    'Are you the kind of person who struggles with forms? We can help.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    'The youth on this estate are all thugs.',
    'Muslims want separate swims, of course they do.',
    'Are Romanians all thieves? Not round here, they’re worse.',
    'Romanians are all thieves. Not the ones I know though.',
    'That makes you a scrounger.',
    'You’re a scrounger and it doesn’t make you a victim.',
    'Typical bloke, I bet he forgot.',
    'Your grant will be approved at the panel next week.',
    'The care package was agreed at the review.',
    'Travellers on the rec again. Animals.',
    'Muslims at the allotment again. Nutters.',
    'Young people again. Absolute animals.',
    // A sneer with "too": what the group is said to want or get, not a feeling granted.
    'Asylum seekers want free phones too, of course they do.',
    'The Romanians on Kings Road claimed the hardship fund too, of course they did.',
    // The answer turns on the group again, or agrees with the question.
    'Are immigrants all scroungers? Not the ones I work with. The rest are, mind.',
    'Are Poles lazy? Not the ones I know, the ones I know are bone idle.',
    // Asked with the verb first, or not denied at all.
    'Doesn’t that make you a liar?',
    'It not only makes you a liar but a thief.',
    // Settled after the meeting is named; a refund is not worked out.
    'The care package will be agreed at the visit and in place from Monday.',
    'Your refund will be agreed in full at the meeting on Friday.',
    // Money on its way back, said as settled.
    'The deposit is coming back to you in full.',
    'The overpayment is being paid back to you.',
    // The review's probes: a cost settled after the meeting; a kind-of-person question answered yes or asked of the
    // reader; a one-word verdict on a group.
    'The care package will be agreed at the review on the 9th, and it won’t cost you a penny.',
    'Is she the kind of mother who neglects her kids? Obviously.',
    'Are you the kind of person who enjoys wasting everyone’s time?',
    'Romanians on the estate again. Thieves.',
  ])('still blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
});

describe('the household accepting and paying, and things an ordinary activity is done to', () => {
  it.each([
    // The writer (or their family) pays later in the same sentence: the household accepting, not the council.
    "I accept the repayment plan, I'll pay £10 every Friday",
    'I accept responsibility for the arrears and will pay £20 a week',
    'ok I accept the charge for the care, my daughter will pay it',
    "I agree to the terms, I'll pay £25 a month",
    'I accept the overpayment and will pay it back at £5 a week',
    'I accept the court costs, my son will pay them on friday',
    // A home taken up; a performative wrapping the writer's own acceptance.
    'I accept the tenancy and agree to the terms',
    'We accept the offer and will move in on the 3rd',
    'I confirm I accept the offer of the flat',
    // The object of an ordinary activity, not a judgement of the group.
    'Sikhs are the group who run the stall at the fair',
    'The Hindu families are the ones who light the fire at the Diwali event',
    // An outside body's declaration told back.
    'HMRC have confirmed your tax credits overpayment is written off.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    // The council accepts, or pays for the person addressed, or only the council gives the money.
    'I agree to the repayment plan on behalf of the council',
    'We will accept your repayment plan',
    'I confirm I agree to waive the £50 fee',
    "I accept your offer of £300 in full settlement and I'll pay the difference into your account",
    "I agree to waive the charge and I'll pay the skip hire from the hardship fund",
    'I accept your tenancy application',
    'We accept your offer, you can move in on the 3rd',
    // The council accepting the household, and a tenancy named later in the sentence.
    "We accept you as homeless and you'll be given the tenancy at Brackley Tower, flat 6. I'll sort the keys.",
    'The council accepts you as the tenant of the bungalow, keys can be collected Friday.',
    // The reviewer's probes: the council accepting the person's offer, liability or a grant and paying someone; a
    // tenancy handed back or passed on; someone else moving in; an outside party that decides nothing declared.
    "I accept your offer and I'll pay the difference",
    'I accept liability for the damage to your car and will pay the repair bill',
    'I agree to the grant, I will pay £1200 to the landlord',
    'I agree the care package and will pay the agency from next week',
    'I accept the settlement and will pay the £1,500 by end of month',
    "I accept the nursery's bill and I'll pay it from the care budget",
    'we accept the tenancy surrender and will waive the remaining rent',
    'we accept the property back and will refund your deposit',
    'I accept the tenancy transfer to your name',
    'I accept the property for the temporary accommodation, the family can move in tonight',
    'I can confirm I accept the tenancy transfer to your son',
    'the landlord has agreed, your grant is approved',
    'the landlord has agreed to the repairs so your arrears are written off by us',
    // A harm pinned on the group after "the ones who", whatever the verb.
    'the Muslims are the ones who organise the riots',
    'immigrants are the ones who run the crime round here',
    'Afghans are the ones who sell the stolen bikes',
    'Poles are the ones who cause all the trouble',
    'gypsies are the ones who leave the mess',
    'Travellers are the ones who run the scams round here',
    // The council's own declaration, and a party named after a preposition is not who decides.
    'The council has confirmed your arrears are written off.',
    "The community safety grant for the residents' association is approved, £2,500 towards the CCTV on the alley.",
  ])('still blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
});

describe('organised crime pinned on a group, and one person’s condition', () => {
  it.each([
    // Running a crime's name blocks only when the name is the object, not a modifier of it.
    'the Turks are the ones who run the protection rackets',
    'Albanians are the ones who run the county lines round here',
    'Romanians run the brothels, always have',
    'the Vietnamese run the cannabis farms',
    'Albanians are the ones who run the trafficking',
    'Turks run the protection rackets again',
    'the Poles run the trafficking',
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // A group as the crime's victim, its opponent, or running something named after it.
    'Polish families are the ones who reported the brothel on Mill St.',
    "Young people from the estate are being groomed into county lines, we're running a session.",
    'The Somali parents are the ones who run the county lines awareness evenings',
    'Albanian men are often trafficked here and forced to work in cannabis farms.',
    'Kurdish families were targeted by a protection racket, we have referred it to the police',
    // The review's probes: the running done to the group, or someone else's.
    'Albanian kids are forced to run county lines',
    'Albanian lads are recruited to run county lines',
    'the Somali mums are campaigning against the gangs that run county lines',
    'teenagers run county lines for older dealers',
    // A condition's care, or how bad one person's condition is.
    'the waiting list for autism assessments is honestly ridiculous',
    'the ADHD pathway is a joke, 2 years wait',
    'I know the depression has been bad this month',
    'his autism is really bad today',
    'our autism support worker is off sick',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    'Autism is a made up excuse for bad parenting',
    'ADHD kids are a nightmare',
    'people with depression are just lazy',
    // The review's probes: diagnosis, medication and support said of the people who have them; "their" is a group's.
    'ADHD diagnosis is a scam for benefits',
    'depression medication is for weak people',
    'depression support is for snowflakes',
    'their ADHD is terrible, keep them away from our kids',
  ])('still blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
});

describe('another body named a council, the writer unsure, and whatever is agreed', () => {
  it.each([
    "Arts Council have awarded the choir £500, brilliant news! That's their funding so report to them.",
    'the school council agreed to waive the trip fee',
    "Maybe we can cover the bus fare, maybe not – I'll find out Monday.",
    'Anything we agree about money has to be by letter or on a recorded call, not WhatsApp.',
    // The review's probes: another body paying, which the learned backstop had read as this council.
    'Youth Council will pay for the disco',
    'Research Council will fund the study',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    'The council has awarded the choir £500',
    'we can cover the bus fare, maybe Monday',
    'Whatever happens we will refund the £40 fee',
    'Everything we agreed stands: we will write off the arrears',
    // The review's probes: another body's name only in the same clause; a doubt settled in the sentence.
    'For pupils at local schools, council will pay the transport costs',
    'Good news for students: council will cover the bus passes',
    'Perhaps we are paying the deposit after all, yes confirmed',
    'Youth Council will pay for the disco and we will cover the minibus',
  ])('still blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
});

describe('a cleft sentence pins what its relative clause says on the group', () => {
  it.each([
    "it's the Albanians who control the county lines",
    "it's always the Romanians who run the brothels",
    'it is the Eastern Europeans who organise the people smuggling',
    "it's the Muslims who always rob",
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // What the group does against the harm, or suffers, is no judgement of it.
    "it's the Somali mums who keep the drugs off the estate",
    "it's the Romanian families who report the drug dealers",
    "it's the Albanian families who fight the drugs gangs",
    "it's always the older residents who suffer most in the cold",
    "it's the Roma families who face the worst discrimination",
    "it's the Somali mums who campaign against knife crime",
    "it's the Albanian lads who are forced to run county lines",
    "it's the Muslim volunteers who run the food bank",
    // The review's probes: a cleft someone else says or assumes, or asks.
    "people assume it's the Albanians who control the county lines, they don't",
    "don't let anyone tell you it's the Albanians who run the county lines",
    "it's the police who say it's the Albanians who control the county lines, but I'm not sure",
    "it's the Albanians who control the county lines? no it isn't",
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
});

describe('a call passed on to a colleague, with nothing of the council’s after it', () => {
  it('allows "I\'ve told finance you rang about the £40 summons fee"', () => {
    expect(decide("I've told finance you rang about the £40 summons fee").decision).toBe('allow');
  });
  it.each([
    "I've told finance you rang, we've waived the £40 summons fee",
    'I told the team you called about the arrears and we will write them off',
  ])('still blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
});

describe('the hand-written development sets', () => {
  // Regression guard on the sets the detectors were developed on (test/policy-corpus). The held-out set is
  // scored by `npm run bench`, never asserted here, so that nothing is tuned to it.
  // Leak and false-block ceilings as measured when each set was last tuned on (dev-3 was added last).
  it.each([
    ['semantic-dev.jsonl', 0.02, 0.02],
    ['semantic-dev-2.jsonl', 0.02, 0.02],
    ['semantic-dev-3.jsonl', 0.05, 0.02],
    ['semantic-dev-4.jsonl', 0.03, 0.01],
    ['semantic-dev-5.jsonl', 0.03, 0.01],
    ['semantic-dev-6.jsonl', 0.03, 0.01],
    ['semantic-dev-7.jsonl', 0.05, 0.01],
    ['semantic-dev-8.jsonl', 0.09, 0.02],
    ['semantic-dev-9.jsonl', 0.08, 0.01],
    ['semantic-dev-10.jsonl', 0.04, 0.01],
    ['semantic-dev-11.jsonl', 0.08, 0.02],
    ['semantic-dev-12.jsonl', 0.06, 0.01],
    ['semantic-dev-13.jsonl', 0.06, 0.01],
    ['semantic-dev-14.jsonl', 0.16, 0.01],
    // Minimal pairs written for the learned backstop (learned.ts), which is trained on them; the rules were not tuned
    // on them, and their false blocks are the rules' (see test/policy-corpus/README.md).
    ['semantic-dev-15.jsonl', 0.08, 0.04],
    // dev-17's leak rose from 0.085 to 0.13 as the model was retrained on the later sets (its thresholds set by
    // cross-validation over all of them); the held-out sets' pooled leak fell from 20.8 % to 13.1 % over the same
    // changes (test/policy-corpus/README.md).
    ['semantic-dev-17.jsonl', 0.14, 0.07],
    ['semantic-dev-18.jsonl', 0.03, 0.03],
    // Written by writers who read neither the detectors nor any corpus; trained on, not tuned on message by message.
    ['semantic-dev-19.jsonl', 0.25, 0.04],
    ['semantic-dev-20.jsonl', 0.03, 0.03],
    ['semantic-dev-22.jsonl', 0.36, 0.03],
    ['semantic-dev-23.jsonl', 0.04, 0.05],
    ['semantic-dev-24.jsonl', 0.02, 0.04],
    ['semantic-dev-25.jsonl', 0.04, 0.03],
    ['semantic-dev-26.jsonl', 0.3, 0.04],
    ['semantic-dev-27.jsonl', 0.29, 0.02],
    ['semantic-dev-28.jsonl', 0.22, 0.02],
    ['semantic-dev-29.jsonl', 0.09, 0.04],
    ['semantic-dev-30.jsonl', 0.11, 0.03],
    ['semantic-dev-31.jsonl', 0.04, 0.03],
    // The fourth to sixth rounds (December 2026), as trained on. dev-33, -38, -44, -46 and -47 lost 19 blocks between
    // them (all offensive) when the model was retrained with the seventh to tenth rounds; over the same change the
    // eighteen held-out sets' pooled leak fell from 11.6 % to 9.9 % (test/policy-corpus/README.md).
    ['semantic-dev-32.jsonl', 0.13, 0.01],
    ['semantic-dev-33.jsonl', 0.045, 0],
    ['semantic-dev-34.jsonl', 0.02, 0],
    ['semantic-dev-35.jsonl', 0.11, 0.01],
    ['semantic-dev-36.jsonl', 0.05, 0],
    ['semantic-dev-38.jsonl', 0.07, 0],
    ['semantic-dev-39.jsonl', 0.18, 0],
    ['semantic-dev-40.jsonl', 0.25, 0.01],
    ['semantic-dev-41.jsonl', 0.01, 0.01],
    ['semantic-dev-42.jsonl', 0.05, 0],
    ['semantic-dev-44.jsonl', 0.07, 0],
    ['semantic-dev-45.jsonl', 0.2, 0.02],
    ['semantic-dev-46.jsonl', 0.065, 0],
    ['semantic-dev-47.jsonl', 0.04, 0],
    ['semantic-dev-48.jsonl', 0.14, 0],
    // The seventh to tenth rounds: the rules were tuned on them, and since the eleventh round the learned model is
    // trained on them too (scripts/train-semantic-model.ts), so these are training figures, not first scores.
    ['semantic-dev-50.jsonl', 0.055, 0.01],
    ['semantic-dev-51.jsonl', 0.055, 0.005],
    ['semantic-dev-52.jsonl', 0.05, 0],
    ['semantic-dev-53.jsonl', 0.015, 0],
    ['semantic-dev-54.jsonl', 0.065, 0],
    // dev-56 lost one block when the fifteenth round joined the training.
    ['semantic-dev-56.jsonl', 0.01, 0.005],
    ['semantic-dev-57.jsonl', 0.045, 0],
    ['semantic-dev-58.jsonl', 0.01, 0.01],
    ['semantic-dev-59.jsonl', 0.045, 0],
    ['semantic-dev-61.jsonl', 0.12, 0.01],
    ['semantic-dev-62.jsonl', 0.105, 0.005],
    ['semantic-dev-63.jsonl', 0.02, 0.005],
    ['semantic-dev-65.jsonl', 0.02, 0.005],
    ['semantic-dev-66.jsonl', 0.22, 0],
    ['semantic-dev-67.jsonl', 0.107, 0.008],
    // The twelfth round (test/policy-corpus/README.md): scored first, then trained on, so these are training figures.
    // dev-53, -70 and -71 lost one, nine and eleven blocks when the thirteenth round joined the training and the
    // offensive head's threshold rose from 0.92 to 0.94 (chosen by cross-validation, as always).
    ['semantic-dev-69.jsonl', 0.015, 0.005],
    ['semantic-dev-70.jsonl', 0.075, 0.015],
    ['semantic-dev-71.jsonl', 0.08, 0.015],
    ['semantic-dev-72.jsonl', 0.015, 0.01],
    // The thirteenth round: scored first (dev-74 3.0 % / 1.5 %, dev-75 25.5 % / 4.0 %, dev-76 18.0 % / 5.5 %), then
    // mended and trained on, so these are training figures too.
    ['semantic-dev-74.jsonl', 0.005, 0],
    ['semantic-dev-75.jsonl', 0.075, 0.01],
    // dev-76 lost one block when the fifteenth round joined the training.
    ['semantic-dev-76.jsonl', 0.03, 0.005],
    // The fifteenth round: scored first (dev-80 29.0 % / 1.5 %, dev-81 27.0 % / 4.0 %, dev-83 28.0 % / 2.7 %, dev-84
    // 16.0 % / 1.3 %), then mended and trained on, so these are training figures too.
    ['semantic-dev-80.jsonl', 0.07, 0],
    ['semantic-dev-81.jsonl', 0.05, 0.015],
    // dev-83 lost one block when the sixteenth round joined the training.
    ['semantic-dev-83.jsonl', 0.02, 0.01],
    ['semantic-dev-84.jsonl', 0.01, 0.004],
    // The sixteenth round: scored first (dev-85 4.5 % / 2.0 %, dev-86 25.5 % / 1.0 %, dev-87 7.1 % / 2.3 %), then
    // trained on, so these are training figures.
    ['semantic-dev-85.jsonl', 0.01, 0.016],
    ['semantic-dev-86.jsonl', 0.035, 0.01],
    ['semantic-dev-87.jsonl', 0.011, 0.011],
    // The seventeenth round: scored first (dev-89 5.5 % / 3.0 %, dev-90 10.0 % / 3.0 %, dev-91 4.7 % / 1.7 %), then
    // trained on, so these are training figures.
    ['semantic-dev-89.jsonl', 0.01, 0.016],
    ['semantic-dev-90.jsonl', 0.01, 0.01],
    ['semantic-dev-91.jsonl', 0, 0.014],
    // The eighteenth round: scored first (dev-93 7.2 % / 2.0 %, dev-94 18.5 % / 1.0 %), then mended and trained on, so
    // these are training figures.
    ['semantic-dev-93.jsonl', 0.015, 0.015],
    ['semantic-dev-94.jsonl', 0.015, 0],
    // The nineteenth round: scored first (dev-96 3.0 % / 2.5 %, dev-97 7.0 % / 3.5 %), then mended by rules. Not trained
    // on: the model retrained with them was set aside (test/policy-corpus/README.md), so these are rule figures on sets
    // the model has not seen.
    ['semantic-dev-96.jsonl', 0.02, 0.015],
    ['semantic-dev-97.jsonl', 0.045, 0.025],
    // The twentieth round: scored first (dev-99 3.5 % / 2.5 %, dev-100, offensive only, 11.5 % / 3.0 %), then mended by
    // rules. Not trained on either.
    ['semantic-dev-99.jsonl', 0.015, 0.01],
    ['semantic-dev-100.jsonl', 0.085, 0.015],
  ])('%s: leak at most %s, false block at most %s', (file, maxLeak, maxFalseBlock) => {
    const lines = readFileSync(new URL(`../../../test/policy-corpus/${file}`, import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean);
    let block = 0;
    let leaked = 0;
    let allow = 0;
    let falseBlock = 0;
    for (const line of lines) {
      const m = JSON.parse(line) as { text: string; decision: 'block' | 'allow' };
      const d = decide(m.text).decision;
      if (m.decision === 'block') {
        block++;
        if (d !== 'block') leaked++;
      } else {
        allow++;
        if (d === 'block') falseBlock++;
      }
    }
    expect(lines.length).toBeGreaterThan(90);
    expect(leaked / block).toBeLessThanOrEqual(maxLeak);
    expect(falseBlock / allow).toBeLessThanOrEqual(maxFalseBlock);
  });
});

describe('organised crime pinned on a group after it, and a condition denied outright', () => {
  it.each([
    // The group as the agent of a passive, or as what the crime's people all are.
    'all the brothels are run by Romanians',
    'the drugs trade round here is controlled by Albanians',
    'Albanians control the drugs trade',
    'the cannabis farms are mostly run by the Vietnamese',
    'the grooming gangs are all Pakistani',
    // A condition or an identity denied, bare.
    "autism isn't real",
    "ADHD doesn't exist, it's bad parenting",
    "ADHD doesn't even exist",
    "non-binary isn't real",
    "Sam's autism isn't real, he's just naughty",
    "depression isn't real, man up",
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // The crime's victims, one gang reported, a denial, a question, a safeguarding fact.
    'the victims of the grooming gangs were all white girls',
    'the grooming gang in Rochdale was Pakistani',
    "the grooming gangs aren't all Pakistani",
    'are the brothels all run by Romanians?',
    'the county lines runners are all kids',
    'the county lines workshop is run by the Polish community centre',
    'the trafficking victims are mostly Albanian',
    // The running denied of the group, or contrasted with others.
    "Muslims don't run the grooming gangs",
    "Muslims don't run grooming gangs, criminals do",
    // Blame laid on the group by others.
    'Roma families are always blamed for the fly tipping',
    "it's the Roma families who are always blamed for the fly tipping",
    // A denial of something else, or one person's condition by name.
    'the autism support they promised doesn’t exist',
    "The ADHD assessment isn't real progress",
    'the dementia cafe doesn’t exist any more',
    "the council's autism strategy doesn't exist",
    'Is autism real?',
    "Jo's depression is bad again",
    // Someone else's view, reported or countered.
    'people say ADHD doesn’t exist but it does',
    "Don't listen to anyone who says autism isn't real",
    // The review's probes: one gang or case reported, the victims, the past, an account, a question, a quotation.
    'the brothels were run by the Romanian gang that got sentenced yesterday',
    'the cannabis factories are run by Vietnamese organised crime groups, police told the panel',
    'trafficking here is mostly Vietnamese kids being exploited',
    'the brothels here are mostly Chinese women who’ve been trafficked',
    'the brothels were run by Romanian nationals, the court heard',
    'Caller: the drugs trade is controlled by Albanians, wants action. Logged as hate incident',
    "Autism isn't real? Tell that to the parents on our waiting list",
    'ADHD is not a real condition, said no clinician ever',
    'according to his dad, Sam’s autism isn’t real',
    "Dad: ADHD doesn't exist. Plan: refer to parenting course",
    "'ADHD doesn't exist' - Mr Smith at parents evening, unbelievable",
    "binary isn't real, gender is a spectrum",
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    'Roma families are always to blame for the fly tipping',
    'Poles don’t bother, lazy scroungers',
    'the old biddies downstairs, senile and spiteful',
    // The review's probes: more said of the group after its denial, or the denial turned round.
    "Muslims don't run the grooming gangs, they just cover for them",
    "Muslims don't run the grooming gangs. They just cover for them.",
    "Romanians don't run the brothels, they run the pickpocketing",
    "it's not like Albanians don't control the drugs trade",
    "yeah right, Pakistanis don't run the grooming gangs",
    // Who the running is pinned on, with a relative clause of their own.
    'the county lines here are run by Albanians who use local kids',
  ])('still blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
});

describe('binding promises: fronted debts, care breaks, sealed by a commitment; recommendations, rules and other councils', () => {
  it.each([
    // What is paid said first, the paying verb ending its clause.
    'Anything we owe, we will refund',
    'Whatever you’ve overpaid, we’ll give back',
    'Any rent you’ve paid twice we’ll give back, no questions',
    'all the fees you paid we’ll refund',
    // Short breaks and a carer’s break are care the council funds.
    'Your short break is funded by the council from May',
    'Your carer’s break is funded by us, you just need to pick dates',
    // A commitment that seals a sum.
    'the £50 a week for childcare is a firm commitment from us',
    'the deposit is covered, you have our commitment on that',
    // The rule told, then the exception promised; this council.
    'Normally we’d charge, but we will waive it for you',
    'Usually we charge £50 but this time we will waive it',
    'The council will pay the deposit, they’ve confirmed',
    'Our council will pay your removal costs',
    // A homelessness duty owed or accepted.
    'We owe you the full housing duty now, it’s accepted',
    'Your application is accepted and we owe you the main housing duty',
    'We’ve accepted the relief duty for you',
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // A decision recommended or suggested to someone else.
    'I’ll recommend that the arrears are written off',
    'I’m recommending the fee is waived, panel decides Tuesday',
    'my suggestion to the panel is that the charge is waived',
    'I’ve suggested to my manager that the arrears are written off',
    // What the council does as a rule, told as information.
    'Normally the council will pay removal costs for decants, but I need to check for you',
    'In general the council will refund any overpayment, but I’ll need to check your account first',
    'As a rule the council will pay for storage for homeless households, I’ll check if it applies',
    // Another council, named by its place and spoken of as "they".
    'Manchester council have confirmed they’ll pay the deposit for your new place',
    'Stockport Council will pay your removal costs, they confirmed today',
    'Kirklees council will refund the council tax you paid them, they emailed me',
    // Fronted, but no promise to pay.
    'Anything you need, we will help',
    'Anything you’ve paid we will look into',
    'Anything we owe, we will refund?',
    // A repair on a date is an arrangement, not one of the obligations the guidance means.
    'we’ll fix the leak on Friday, that’s a firm commitment',
    'our commitment to tenants is to answer within 5 days',
    // A duty assessed, explained or owed as something else.
    'We’ll assess whether we owe you the main housing duty',
    'If we accept the relief duty you’ll get a letter',
    'the council has a duty to help you',
    'We owe you an apology for the delay',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
});

describe('the eighteenth round: traits said of a group, the backstop after a dropped report, and repairs, powers and rent in advance', () => {
  it.each([
    // Trait words pinned on a whole group.
    'Orthodox Jews are so clannish, they want nothing to do with the rest of us',
    'Poles are so devious',
    'religious people are all stuck in the dark ages',
    'gay men are so touchy about every little comment',
    'that lot are shady, the whole lot of them',
    // The motive imputed to a people.
    'Romanians only come here for the benefits',
    'Bulgarians only come over to claim benefits',
    // A report logged, then the writer's own slur in the next sentence: the backstop reads what the rules dropped.
    "Mr Cole says the neighbour called him a 'poofter' over the fence. Logged. Honestly though, gay men are so touchy about every little comment.",
    // Binding: rent in advance beside a deposit, and replacing what was lost or at the council's cost.
    "We'll pay the first month's rent plus the deposit, £1,350 in total, straight to the letting agent.",
    "We will pay two months' rent up front",
    "we'll replace your damaged belongings",
    "we'll replace the carpet that the leak ruined at our cost",
    'I guarantee the council will replace the boiler free of charge this week',
    'The authority will refund your £50',
    // Replacing what the council's side broke or lost is compensation in kind (a reviewer's probes).
    'We’ll replace your washing machine, since our contractor broke it.',
    'We will replace the TV our workmen knocked over on Monday.',
    'We’ll replace the fridge freezer and all the food you lost during the power cut.',
    'As compensation we’ll replace your washing machine.',
    // The rule's case applied to this household.
    'We will pay your deposit in some cases, and yours is one of them.',
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // Safeguarding's words for abusers, and the same words of one person.
    'Men who are controlling often isolate their partners, so please keep the refuge number safe',
    'He is very controlling and monitors her phone',
    // A people's faith or origin with "nothing to do with", and rights claimed.
    'Their religion has nothing to do with it, and saying Poles are lazy is a myth',
    'Many Ukrainians come here to claim asylum and we help them',
    'Poles come over to claim their settled status at the library',
    'a football fanatic like your son will love the new pitches',
    'The residents are so touchy about parking',
    // A report on its own stays a report.
    "Mr Cole says the neighbour called him a 'poofter' over the fence. Logged and passed to the police.",
    // Binding: a power held or lacked, a repair or a bin, the household's own rent, the rule with its cases.
    "I don't have the authority to agree a refund",
    'No one in this team has the authority to promise compensation by text, so I’ve passed your claim to insurance',
    "we'll replace your bin next week",
    'We will replace the broken bin lid',
    "He wrote 'go back to your own country' on the fence panel. I've photographed it for the police and we'll replace the panel this week.",
    "We'll pay the rent on Friday",
    "yep that's the rule, the council can pay the first month's rent in some cases",
    // Council fabric and bins replaced, even when damaged or stolen, are a service.
    'We’ll replace the damaged fence panel next week.',
    'We’ll replace your stolen wheelie bin on Friday’s round.',
    // The writer's own refusal, and dementia care's words.
    'I want nothing to do with the rumours about the Romanian family, they’re untrue and unkind.',
    'Reminiscence sessions can really help people with dementia who are living in the past.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
});

describe('the nineteenth round: a group as the target of what others say, touchiness, and shunning', () => {
  it.each([
    // What others call a group, with the writer siding with it.
    'Immigrants get called scroungers because they are.',
    'Gypsies are called thieves for a reason.',
    // Touchiness is the trait, whatever it is about.
    'Women are so touchy about that kind of comment.',
    // A group said to shun everyone else.
    'The Kurdish families want nothing to do with the rest of us.',
    'Those Polish lads want nothing to do with anyone.',
    // A prescription, not a passive: the writer would have it done.
    'Immigrants should be treated like criminals.',
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // A group as the target of others' blame, smears, labels and treatment: what follows is theirs.
    'Immigrants get blamed for everything and treated like criminals.',
    'Gay men are constantly smeared as a danger to children.',
    'Disabled people are often stereotyped as lazy, which is unfair.',
    'Muslims are always being accused of extremism by the papers.',
    'Travellers are treated like dirt by everyone.',
    'Polish people are often labelled lazy, which is so unfair on them.',
    'Disabled people are stereotyped as lazy, which isn’t true.',
    // Shunning one person or body, and a group reacting to something.
    'The Kurdish family want nothing to do with the landlord after what happened.',
    'Muslim residents are so angry about the vandalism.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    // The rule told with its cases, and a power given: the learned backstop defers to the rules' reading.
    'We will waive fees in exceptional circumstances.',
    'In most cases, we refund the fee.',
    'The panel was given the authority to award grants up to £500.',
  ])('allows the binding look-alike %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    // The rule told, then the council's side acting in a later clause of the same sentence.
    "The council will refund overpayments in most cases, and I've refunded yours today.",
    "The insurer usually handles the council's liability claims, but I'm authorised to settle this one directly: £800 in full and final settlement.",
  ])('blocks the binding promise %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // A wrong put down to a group's nature, entitlement, and a cost met by the council's side.
    "Mrs Reid, it'll be the Roma family at 6 leaving the rubbish out, it's what they do.",
    'The Roma leave their rubbish out, it’s what they do.',
    "You pensioners think you're owed everything, Mr Steele, the free bus pass obviously isn't enough.",
    "The respite's booked at Oakleigh, council's picking up the bill.",
    "As the duty manager I'm approving the emergency accommodation tonight at council expense.",
    "So I've had a word wi the team and we're payin for Leo's swimming lessons for the year, so just book him in.",
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // Nothing wrong said before "it's what they do", or a household's habit with its day; an outsider meeting a cost.
    "Polish families are so welcoming, it's what they do.",
    "The family at 6 left the rubbish out, it's what they do on Mondays.",
    'The landlord is picking up the bill for the repair.',
    'Your insurer is footing the bill.',
    'Travel is at your own expense.',
    'House prices drop in winter, so it’s a good time to buy.',
    'Are you payin for it yourself?',
    // A reference labelled as the council's own kind of number, with no bank word near.
    'Parking permit ref PP/20-45-11/09921734 — keep this until the permit arrives in the post, Mr Fox.',
    "Your fee receipt number is 10-57-33 96011048 — that's our receipt, not a bank detail.",
    'Your school transport pass number is 83-20-61 77104396, and the route code is printed underneath.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each(['Permit ref PP/20-45-11/09921734 for the bank transfer', 'Your bus pass number is 83-20-61 77104396, pay the top-up into it'])(
    'still reads a pair with a bank word near as bank details: %j',
    (text) => {
      expect(decide(text).findings.map((f) => f.type)).toContain('BANK_ACCOUNT');
    },
  );
  // A review's probes of the first version (twelve regressions, all mended here).
  it.each([
    // The writer owning the claim in a clause of their own.
    'Romanians get blamed for the thefts, and to be fair they usually did it.',
    'Muslims are called extremists, and most of them are.',
    'Somalis are called benefit cheats, and quite right too.',
    "Gay men get called perverts and I can't say I disagree.",
    // The council acting again after "and", with the same subject.
    'The panel was given the authority to award grants and has awarded you £2,000.',
    'The council normally pays removal costs, and will pay yours on Friday.',
    'We normally refund within ten days and your £60 has already been refunded.',
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // Kindness put down to a group's nature is praise.
    "The Ukrainian families organised the clean-up themselves, that's what they're like.",
    "The Somali mums organised the litter pick, it's what they do.",
    "The Irish family next door brought round food when Mum was ill, that's what they're like.",
    // Shunning some, not everyone.
    'The Kurdish families say they want nothing to do with anyone who supported the closure, so the meeting may be tense.',
    'The Afghan families want nothing to do with anyone in uniform after what they went through, so please visit in plain clothes.',
    // Targeted for who they are; blamed and denied.
    'Muslims get targeted because they are Muslim.',
    // What the council does as a rule, the adverb after the actor.
    'We normally refund the permit fee if the event is cancelled by us.',
    'We usually waive the late fee for first-time applicants.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it('still reads a group begrudged what it is given as hostile', () => {
    expect(
      decide("Ukrainians have been treated like royalty compared to people born here, so don't expect me to rush your application.")
        .decision,
    ).toBe('block');
  });
});

describe('the twentieth round: idioms that mock a mind, what is said to pass, social problems blamed on a group', () => {
  it.each([
    // An idiom that mocks a person's mind, said of them.
    "Your mum's losing her marbles, no point asking what she wants.",
    "Your brother's not all there is he, he shouldn't be living on his own.",
    'He is not all there.',
    // Too old to decide, of a relative named by their relation.
    'at 84 your dad is too old to be making decisions about his own money',
    // A social problem blamed on a group.
    'Immigrants caused the housing crisis.',
    'Boomers like your husband caused the housing crisis and now they want help, the cheek.',
    // Who someone is, said to be passing; the writer's stance after a report of it.
    "Try not to worry about your lad saying he's gay, hopefully he'll grow out of it.",
    "She says she's a lesbian but it's probably just a phase.",
    // The group addressed in "you know what … are like"; a slur aimed by comparison.
    "Try not to get emotional with him, you know what you ladies are like when you're stressed.",
    'Should suit an old crock like you perfectly.',
    'The bloke who keeps complaining about the bins is a raving queen, just ignore him.',
    // Clannishness pinned on a group.
    'Asians only look after their own.',
    "The Somali families stick to their own, don't they.",
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // The idiom of papers, the writer's own, or denied.
    "The paperwork's not all there, can you bring the rest?",
    "I'm losing my marbles today, sorry.",
    "Your mum's not losing her marbles, it's the water infection.",
    // Too old for a physical task is no slight.
    "Your dad's too old to climb the stairs now, so we'll look at a ground floor flat.",
    // A problem caused by no group.
    'The floods caused the housing crisis.',
    // What is said to pass, denied.
    "He's gay and he won't grow out of it, so let's support him.",
    // A street named after a hall, an old car, the Queen.
    'The housing office on Dykes Hall Road has moved to the new hub.',
    'My old crock of a car broke down.',
    "The Queen's jubilee party is on Saturday.",
    // Words someone sent, told back; a quotation named as a message's.
    "I've logged that your ex keeps texting you that you're a useless mother.",
    "Your neighbour's message ('women like you shouldn't have kids') has been attached to the ASB case.",
    // Families caring for their own.
    'Polish families look after their own elderly relatives.',
    'Asian families look after their own, which is lovely to see.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    // The writer's own words, told as texting.
    "I'm texting you that you're a useless mother.",
    "I keep texting you that you're a useless mother.",
  ])("still blocks the writer's own %j", (text) => {
    expect(decide(text).decision).toBe('block');
  });
  it.each([
    // How something is decided, said firmly; the matter referred to someone who decides; a commitment refused.
    'House size depends on how many people live there, full stop.',
    'The rent is based on the size of the flat, full stop.',
    "Re the £1,200 compensation you asked about - I've put it to the complaints manager, who signs these off on Fridays.",
    "I've passed your £300 grant to the panel, who will approve it on Friday.",
    "Sorry, I can't accept your offer of £500 for the garage on the council's behalf.",
  ])('allows the binding look-alike %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    // A sealed commitment; a referral with the decision told as made.
    'Your deposit comes back to you, full stop.',
    'We will pay the rent, full stop.',
    "I've agreed the £1,200 compensation and passed it to the manager.",
    'Hi Gaz, passed your email to the leisure manager and he’s said yes to freezing your membership for 3 months, no fees during that time.',
  ])('blocks the binding promise %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
  // A review's probes of the first version (twenty-five regressions; these are the clear ones, all mended here).
  it.each([
    // The idioms taken literally, or what others say.
    "She's not all there yet, the bus is running 10 minutes late.",
    "She's not all there in terms of documents, we still need her passport.",
    "Your dad's not all there on the system, his date of birth is missing.",
    "He's got a screw loose on his wheelchair footplate, I've asked wheelchair services to fix it.",
    "Your son told me the other kids say he's not all there, which is awful, I've flagged it to the school.",
    // "old crock" of a thing, or the writer's own.
    "That old crock of a van you've parked on the verge needs moving by Friday.",
    'Such an old crock, that washing machine, we’ll get you a new one through the grant.',
    "You're still driving that old crock? Park it on the drive not the verge please.",
    "I'm an old crock like you, my hips are shot too haha.",
    // "a phase" said of something else.
    "Your son told me he's gay, and the night terrors are probably just a phase, the GP said so.",
    "The gay and bi men's health clinic is moving, which is a phase of the wider refurbishment.",
    // A group after a preposition is not the one blamed.
    'Cuts to support for disabled people caused the problems with the rota, not the staff.',
  ])('allows %j', (text) => {
    expect(decide(text).decision).toBe('allow');
  });
  it.each([
    // The writer's own words sent, the subject dropped; the writer's own text quoted.
    "Texting you that you're a waste of space, sort yourself out.",
    "Emailing you that your lot are scroungers, since you don't read letters.",
    "Read my text again: 'women like you shouldn't have kids'.",
    // Pushing back on a complaint is no counter-speech.
    "I'll push back on the complaint, frankly your type are the problem.",
    "Push back on any complaints from the Roma family, they're all liars anyway.",
    // A referral, then the decision told as made.
    "I've passed it to my manager so consider the £200 written off.",
    "I've put it to the panel and it's gone through, the £300 is yours.",
    "I've given it to my manager and she's signed it off, so the £80 charge is gone.",
    // "but" before "a phase" turns from the report to the writer.
    "Your son says he's bi but it's just a phase love.",
  ])('blocks %j', (text) => {
    expect(decide(text).decision).toBe('block');
  });
});
