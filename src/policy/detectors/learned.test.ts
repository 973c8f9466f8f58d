/**
 * The learned backstop: its features, its scoring one sentence at a time, its place behind the rules, and that the
 * committed model is what the training script makes of the development sets.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultPolicyPack } from '../pack.file.js';
import { createPolicyEngine } from '../policy.engine.js';
import { tokensOf } from './clauses.js';
import { createLearnedModel, featuresOf, parseWeights, type HeadData } from './learned.js';
import { SEMANTIC_MODEL } from './learned.model.js';

const engine = createPolicyEngine(loadDefaultPolicyPack());
const decide = (text: string) => engine.evaluate({ text, direction: 'outbound' });
const features = (text: string, functionWords: boolean) => {
  const { tokens } = tokensOf(text);
  return featuresOf(tokens, 0, tokens.length, functionWords, false);
};

describe('features', () => {
  it("are the words' stems and the pairs of neighbouring stems", () => {
    expect(features('bins collected weekly', true)).toEqual(['bin', 'collect', 'bin collect', 'weekli', 'collect weekli']);
  });

  it('share one stem between inflections, so a form the training lacked weighs what its kin did', () => {
    expect(features('scrounging', true)).toEqual(features('scrounge', true));
    expect(features('collected', true)).toEqual(features('collecting', true));
    // A word with an apostrophe is kept whole: "we'll" and "don't" are the council's side and a negation.
    expect(features("we'll", true)).toEqual(["we'll"]);
  });

  it('keep function words only in pairs for the offensive head', () => {
    expect(features('they are lazy', false)).toEqual(['thei ar', 'lazi', 'ar lazi']);
    expect(features('they are lazy', true)).toEqual(['thei', 'ar', 'thei ar', 'lazi', 'ar lazi']);
  });

  it('make every sum and number one word, and every group name another', () => {
    expect(features('pay £20 on 14 June', true)).toEqual(['pai', '£<n>', 'pai £<n>', 'on', '£<n> on', '<n>', 'on <n>', 'june', '<n> june']);
    expect(features('Albanians are', false)).toEqual(['<g>', '<g> ar']);
  });

  it('pair words one apart for the offensive head only, across the word a frame puts between them', () => {
    const { tokens } = tokensOf('they are all lazy');
    const skips = featuresOf(tokens, 0, tokens.length, false, false, true).filter((f) => f.includes(' _ '));
    expect(skips).toEqual(['thei _ all', 'ar _ lazi']);
    expect(featuresOf(tokens, 0, tokens.length, true, false).some((f) => f.includes(' _ '))).toBe(false);
    const skipsOf = (text: string) => {
      const t = tokensOf(text).tokens;
      return featuresOf(t, 0, t.length, false, false, true).filter((f) => / [_!] /.test(f));
    };
    // None with a group's name at either end; a negation between makes a pair of its own.
    expect(skipsOf('Albanians are all lazy')).toEqual(['ar _ lazi']);
    expect(skipsOf("they can't cope well")).toEqual(['thei ! cope', "can't _ well"]);
  });

  it('make a quantifier after a negation a word of its own: "not always" takes back "always"', () => {
    expect(features("they can't always cope", false)).toContain('not-alwai');
    expect(features("they can't always cope", false)).not.toContain('alwai');
    expect(features('they always cope', false)).toContain('alwai');
  });

  it("mark a negation, modality and someone else's account once for the whole sentence", () => {
    expect(features("we can't waive it", true).filter((f) => f.startsWith('~'))).toEqual(['~neg']);
    expect(features('the panel might waive it if the form is in', true).filter((f) => f.startsWith('~'))).toEqual(['~modal']);
    expect(features('the neighbour said we never waive it', true).filter((f) => f.startsWith('~'))).toEqual([
      '~neg',
      '~report',
      '~neg&~report',
    ]);
    const { tokens } = tokensOf('will you waive it?');
    expect(featuresOf(tokens, 0, tokens.length, true, true)).toContain('~q');
    expect(features('pensioners are', false)).toEqual(['<g>', '<g> ar']);
  });

  it('mark each two cues that meet in one sentence, a group and the person written to among them', () => {
    const cues = (text: string) => features(text, false).filter((f) => f.startsWith('~'));
    // "stupid" is negative in AFINN-165: said of a group, of the person, or of nothing in particular.
    expect(cues('Albanians are stupid')).toEqual(['~bad', '~bad&~g']);
    expect(cues('you are stupid')).toEqual(['~bad', '~bad&~you']);
    expect(cues('the printer is stupid')).toEqual(['~bad']);
  });
});

describe('scoring', () => {
  const head = (weights: string, threshold = 0.5, bias = -2): HeadData => ({ bias, threshold, weights });
  const none = head('', 0.99, -10);

  it('blocks the sentence whose words and pairs reach the threshold, and names that sentence', () => {
    const model = createLearnedModel({ offensive: head('scrounger=1;ar scrounger=2'), binding: none });
    const text = 'The form is late. They are scroungers. Call me.';
    const best = model.best(text, tokensOf(text)).offensive;
    expect(best).not.toBeNull();
    const { tokens } = tokensOf(text);
    expect(text.slice(tokens[best!.from]!.start, tokens[best!.last]!.end)).toBe('They are scroungers');
    expect(best!.probability).toBeCloseTo(1 / (1 + Math.exp(-(-2 + 1 + 2))), 10);
  });

  it('scores each sentence apart: a pair across a full stop counts for nothing', () => {
    const model = createLearnedModel({ offensive: head('ar scrounger=5'), binding: none });
    const text = 'They are. Scroungers of time, these forms.';
    expect(model.best(text, tokensOf(text)).offensive).toBeNull();
  });

  it('blocks a sentence run on into another without a full stop only when one part alone would block', () => {
    // Each part scores -2 + 1.5 (under 0.5); together, under one bias, -2 + 3 (over it).
    const model = createLearnedModel({ offensive: head('bin=1.5;weather=1.5'), binding: none });
    const runOn = 'the bins are out Hope the weather holds';
    expect(model.best(runOn, tokensOf(runOn)).offensive).toBeNull();
    // The same words with no capitalised opener between them are one sentence, scored as one.
    const one = 'the bins are out and hope the weather holds';
    expect(model.best(one, tokensOf(one)).offensive).not.toBeNull();
    // A part that blocks alone still blocks when run on.
    const strong = createLearnedModel({ offensive: head('bin=3'), binding: none });
    expect(strong.best(runOn, tokensOf(runOn)).offensive).not.toBeNull();
  });

  it('scores a pair one word apart, and two cues met in one sentence, as the features name them', () => {
    const blocks = (weights: string, cases: ReadonlyArray<readonly [string, boolean]>) => {
      const model = createLearnedModel({ offensive: head(weights), binding: none });
      for (const [text, blocked] of cases) expect([text, model.best(text, tokensOf(text)).offensive !== null]).toEqual([text, blocked]);
    };
    blocks('ar _ lazi=5', [
      ['they are all lazy', true],
      ['they are lazy', false], // neighbours, not one apart
      ['they are. all lazy', false], // across a full stop
    ]);
    blocks('thei ! cope=5;not-alwai=5', [
      ["they can't cope", true],
      ['they can cope', false],
      ["we can't always say", true],
      ['we always say', false],
    ]);
    // A number after a negation is a number like any other ("no <n>"); only a quantifier there is a word of its own.
    blocks('no <n>=5', [
      ['there were no 5 forms', true],
      ['there were 5 forms', false],
    ]);
    blocks('~bad&~g=5', [
      ['Albanians are stupid', true],
      ['the printer is stupid', false],
      ['Albanians are welcome', false],
    ]);
  });

  it('keeps each head to its own weights and threshold', () => {
    const model = createLearnedModel({ offensive: head('waiv=1'), binding: head('waiv=3') });
    const text = 'we waive it';
    const best = model.best(text, tokensOf(text));
    expect(best.offensive).toBeNull();
    expect(best.binding?.probability).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
  });

  it('answers for the text asked about, not the one before', () => {
    const model = createLearnedModel({ offensive: head('scrounger=5'), binding: none });
    const a = 'they are scroungers';
    const b = 'they are neighbours';
    expect(model.best(a, tokensOf(a)).offensive).not.toBeNull();
    expect(model.best(b, tokensOf(b)).offensive).toBeNull();
  });

  it('reads the weights it was given, signs and all', () => {
    expect([...parseWeights("can't agree=-1.25;£<n>=0.5")]).toEqual([
      ["can't agree", -1.25],
      ['£<n>', 0.5],
    ]);
  });
});

describe('behind the rules', () => {
  it('blocks what the rules have no words for, naming the sentence', () => {
    const text = 'Thanks for the photos. The Romanian lot at no 4 breed like rabbits. I will pass it on.';
    const result = decide(text);
    expect(result.decision).toBe('block');
    const learned = result.findings.find((f) => f.rule === 'offensive.learned');
    expect(learned && text.slice(learned.start, learned.end)).toBe('The Romanian lot at no 4 breed like rabbits');
    // The explanation names the words and the suggestion is the pack's for offensive content.
    expect(result.reasons[0]?.suggestion).toMatch(/offensive words/);
  });

  it('lets a report of the same words pass, as for the rules', () => {
    expect(decide('my neighbour said the Romanian lot at no 4 breed like rabbits, I told her that is not on').decision).toBe('allow');
  });

  it('defers to a sentence the rules read and judged ordinary, and to the writer describing themself', () => {
    const model = createLearnedModel(SEMANTIC_MODEL);
    // Some were among these until the model learned them itself from the later sets; they stay allowed.
    for (const text of [
      "pensioners don't moan, they just get on with it", // a group and a reproach, negated
      'if you dont like the flat we can look at others, or go back to Romania for the summer', // a trip, not an order
      'I was a total idiot', // the writer's own failing
      'She was a proper mum to those kids', // a parent praised, not said to have failed
      'pensioners are terrified of scams', // what a group suffers
    ])
      expect([text, decide(text).decision]).toEqual([text, 'allow']);
    for (const text of [
      'women like you are the reason I love this job', // a blame frame turned to praise
      'Pensioners round here are homeless more often than you think', // what a group suffers
      'People in wheelchairs are less likely to get a reply', // a disadvantage reported
      'I was a complete moron with that form', // the writer's own failing
    ]) {
      // The backstop alone would block each of them …
      expect([text, model.best(text, tokensOf(text)).offensive !== null]).toEqual([text, true]);
      // … and the scanner does not.
      expect([text, decide(text).decision]).toEqual([text, 'allow']);
    }
  });

  it('defers to a refusal to give what is owed: "we don\'t waive", "we can\'t refund"', () => {
    const model = createLearnedModel(SEMANTIC_MODEL);
    const text = 'we dont waive the £35 fee for the bulky collection';
    // The backstop alone would block it …
    expect(model.best(text, tokensOf(text)).binding).not.toBeNull();
    // … and the scanner does not; without the negation it blocks.
    expect(decide(text).decision).toBe('allow');
    expect(decide('we waive the £35 fee for the bulky collection').decision).toBe('block');
  });

  it('is not asked when a rule has already found the category', () => {
    const found = decide('Roma families are all beggars and thieves').findings.filter((f) => f.type === 'OFFENSIVE');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.rule !== 'offensive.learned')).toBe(true);
  });

  it('passes ordinary council messages', () => {
    for (const text of [
      'Your bin collection moves to Thursday next week because of the bank holiday.',
      'The arrears team will look at the £300 and ring you next week.',
      'Pensioners can get a free bus pass from the library.',
    ])
      expect([text, decide(text).decision]).toEqual([text, 'allow']);
  });
});

describe('the committed model', () => {
  it('is trained on development sets only, never on a held-out one', () => {
    expect(SEMANTIC_MODEL.trainedOn.length).toBeGreaterThan(10);
    expect(SEMANTIC_MODEL.trainedOn.filter((f) => /heldout|holdout/.test(f))).toEqual([]);
  });

  it("has pairs one word apart in the offensive head only, and none with a group's name at either end", () => {
    const skipsOf = (weights: string) => [...parseWeights(weights).keys()].filter((f) => / [_!] /.test(f));
    expect(skipsOf(SEMANTIC_MODEL.binding.weights)).toEqual([]);
    const offensive = skipsOf(SEMANTIC_MODEL.offensive.weights);
    expect(offensive.length).toBeGreaterThan(100);
    expect(offensive.filter((f) => f.startsWith('<g> ') || f.endsWith(' <g>'))).toEqual([]);
  });

  it('is what the training script makes of those sets (npm run train:semantic -- --check)', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const run = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/train-semantic-model.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('learned.model.ts is what the training script makes of the corpus');
    // The script cross-validates across every development set (66 in December 2026): about 3.5 min on a two-core machine.
  }, 900_000);
});
