/**
 * Trains the learned backstop (src/policy/detectors/learned.ts) and writes src/policy/detectors/learned.model.ts.
 *
 *   npm run train:semantic            (train, choose thresholds by cross-validation, write the model)
 *   npm run train:semantic -- --check (train and compare with the committed model; exit 1 if they differ)
 *
 * Data: the project's labelled development sets, test/policy-corpus/semantic-*.jsonl, without the held-out ones
 * (any file named *heldout* or *holdout*), which stay unseen so that they can say how the scanner does on
 * writers it was not tuned on. Every development set is trained on. (The seventh to tenth rounds were once left
 * out: trained on the seventh alone, the model showed no clear gain on the held-out sets. Trained on all four, in
 * the eleventh round, the eighteen held-out sets' pooled leak fell from 11.6 % to 9.9 % with false blocks unchanged;
 * see test/policy-corpus/README.md.) A training unit is one sentence (the shared tokeniser's split): positive for a head
 * when it overlaps a labelled span of that head's type.
 *
 * The model: logistic regression over a sentence's words, word pairs and cues (learned.ts, `featuresOf`; the offensive
 * head also over pairs of words one apart), by stochastic gradient descent with a seeded shuffle, so the same data
 * gives the same weights.
 *
 * The threshold of each head: cross-validation across the sets (each set is one writer or one round of
 * writing): for each set, a model trained on the others scores that set's messages; the threshold is the lowest
 * at which no more than 1 % of the allowed messages would be blocked by the head alone. (1.5 % was tried with the
 * semantic-dev-19 to -26 sets: the eleven held-out sets' pooled leak fell from 15.1 % to 13.1 %, but their false
 * blocks rose from 25 to 28 of 717 and the head blocked eight of the unit tests' allowed contrasts, among them "the £95
 * late fee has gone up this year" and "pensioners are terrified of scams".)
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tokensOf } from '../src/policy/detectors/clauses.js';
import { seededRandom } from '../test/chat-export/chat-export.synthetic.js';
import type { Head, HeadData, ModelData } from '../src/policy/detectors/learned.js';
import { createLearnedModel, featuresOf } from '../src/policy/detectors/learned.js';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = join(ROOT, 'test/policy-corpus');
const OUT = join(ROOT, 'src/policy/detectors/learned.model.ts');
const TYPES: Record<Head, string> = { offensive: 'OFFENSIVE', binding: 'BINDING_TRANSACTION' };
const EPOCHS = 10;
const RATE = 0.2;
/** L2 regularisation per head, chosen by the cross-validation below (1e-5 … 1e-2 tried; 3e-3 best for both with stems). */
const L2: Record<Head, number> = { offensive: 3e-3, binding: 3e-3 };
/** A feature must occur in at least this many training sentences to be kept. */
const MIN_COUNT = 2;
/** Weights nearer zero than this are dropped (they cannot move a sentence across the threshold). */
const MIN_WEIGHT = 0.02;
const MAX_FALSE_BLOCK = 0.01;

interface Message {
  set: string;
  text: string;
  block: boolean;
  spans: Array<{ type: string; start: number; end: number }>;
}
interface Unit {
  features: Record<Head, string[]>;
  label: Record<Head, boolean>;
}

/**
 * Development sets kept out of training, each with its reason; the rules are still measured on them (semantic.test.ts).
 * The nineteenth round's two (December 2026): the model retrained with them chose thresholds of 0.92 and 0.58 by
 * cross-validation, yet lost 30 decisions on the sets it had been trained on before, raised dev-94's leak from 1.5 % to
 * 3.0 % and blocked one of the unit tests' allowed contrasts ("I don't want the autistic children near the fireworks,
 * the noise is too much for them"). Kept out until a round shows why (test/policy-corpus/README.md). The twentieth
 * round's two development sets (dev-99, dev-100) are kept out with them, so that the committed model stays the one
 * measured, and the four sets measure the rules on messages the model has not seen.
 */
const NOT_TRAINED = new Set(['semantic-dev-96.jsonl', 'semantic-dev-97.jsonl', 'semantic-dev-99.jsonl', 'semantic-dev-100.jsonl']);

function load(): Message[] {
  const files = readdirSync(CORPUS)
    .filter((f) => f.startsWith('semantic') && f.endsWith('.jsonl') && !/heldout|holdout/.test(f) && !NOT_TRAINED.has(f))
    .sort();
  const messages: Message[] = [];
  for (const file of files) {
    for (const [n, line] of readFileSync(join(CORPUS, file), 'utf8').split('\n').entries()) {
      if (!line.trim()) continue;
      let m: { text: string; decision: string; entities: Message['spans'] };
      try {
        m = JSON.parse(line) as typeof m;
        if (typeof m.text !== 'string' || !Array.isArray(m.entities)) throw new Error('shape');
      } catch {
        // The line's text is not echoed: the corpus may one day hold what should not be printed.
        console.error(
          `train:semantic: ${file} line ${n + 1} is not a labelled message {"text", "entities", "decision"}; nothing was written`,
        );
        process.exit(1);
      }
      messages.push({ set: file.replace(/\.jsonl$/, ''), text: m.text, block: m.decision === 'block', spans: m.entities });
    }
  }
  return messages;
}

/** A message's units, worked out once: the cross-validation asks for each message's once per other set. */
const unitsMemo = new Map<Message, Unit[]>();
function unitsOfMessage(m: Message): Unit[] {
  let units = unitsMemo.get(m);
  if (!units) unitsMemo.set(m, (units = unitsOf(m)));
  return units;
}

function unitsOf(m: Message): Unit[] {
  const { tokens, sentences } = tokensOf(m.text);
  const units: Unit[] = [];
  let from = 0;
  while (from < tokens.length) {
    const sentence = tokens[from]!.sentence;
    let to = from;
    while (to < tokens.length && tokens[to]!.sentence === sentence) to++;
    const span = sentences[sentence]!;
    const overlaps = (type: string): boolean => m.spans.some((e) => e.type === type && e.start < span.end && span.start < e.end);
    units.push({
      features: {
        offensive: featuresOf(tokens, from, to, false, span.question, true),
        binding: featuresOf(tokens, from, to, true, span.question),
      },
      label: { offensive: overlaps(TYPES.offensive), binding: overlaps(TYPES.binding) },
    });
    from = to;
  }
  return units;
}

function train(units: Unit[], head: Head): { bias: number; weights: Map<string, number> } {
  const counts = new Map<string, number>();
  for (const u of units) for (const f of new Set(u.features[head])) counts.set(f, (counts.get(f) ?? 0) + 1);
  // Each kept feature gets a number, and each unit its kept features as numbers, once: the epochs below then read
  // typed arrays, not a string-keyed map. The arithmetic, and its order, are as they were with the map, so the
  // weights are the same to the last bit (--check compares them with the committed model).
  const ids = new Map<string, number>();
  const names: string[] = [];
  const unitIds = units.map((u) => {
    const kept: number[] = [];
    for (const f of u.features[head]) {
      if ((counts.get(f) ?? 0) < MIN_COUNT) continue;
      let id = ids.get(f);
      if (id === undefined) {
        id = names.length;
        ids.set(f, id);
        names.push(f);
      }
      kept.push(id);
    }
    return Int32Array.from(kept);
  });
  const w = new Float64Array(names.length);
  let bias = 0;
  const order = units.map((_, i) => i);
  const random = seededRandom(12);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const features = unitIds[k]!;
      let z = bias;
      for (const f of features) z += w[f]!;
      const g = 1 / (1 + Math.exp(-z)) - (units[k]!.label[head] ? 1 : 0);
      for (const f of features) w[f] = w[f]! - RATE * (g + L2[head] * w[f]!);
      bias -= RATE * g;
    }
  }
  const weights = new Map<string, number>();
  for (let f = 0; f < names.length; f++) if (Math.abs(w[f]!) >= MIN_WEIGHT) weights.set(names[f]!, w[f]!);
  return { bias, weights };
}

function encode(model: { bias: number; weights: Map<string, number> }, threshold: number): HeadData {
  const entries = [...model.weights].map(([f, w]) => [f, Math.round(w * 1e4) / 1e4] as const).filter(([, w]) => w !== 0);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { bias: Math.round(model.bias * 1e4) / 1e4, threshold, weights: entries.map(([f, w]) => `${f}=${w}`).join(';') };
}

function crossValidate(messages: Message[], head: Head): { threshold: number; report: string } {
  const sets = [...new Set(messages.map((m) => m.set))];
  const scored: Array<{ block: boolean; typed: boolean; score: number }> = [];
  for (const set of sets) {
    const units = messages.filter((m) => m.set !== set).flatMap(unitsOfMessage);
    const data = encode(train(units, head), 0.01);
    const model = createLearnedModel({ offensive: data, binding: data });
    for (const m of messages.filter((x) => x.set === set)) {
      const score = model.best(m.text, tokensOf(m.text))[head]?.probability ?? 0;
      scored.push({ block: m.block, typed: m.spans.some((e) => e.type === TYPES[head]), score });
    }
  }
  const allowed = scored.filter((s) => !s.block);
  const typed = scored.filter((s) => s.typed);
  let threshold = 0.99;
  for (let t = 0.5; t <= 0.99; t = Math.round((t + 0.01) * 100) / 100) {
    const fb = allowed.filter((s) => s.score >= t).length / allowed.length;
    if (fb <= MAX_FALSE_BLOCK) {
      threshold = t;
      break;
    }
  }
  if (process.argv.includes('--curve'))
    for (const t of [0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99])
      console.log(
        `${head} ${t}: blocks ${((typed.filter((s) => s.score >= t).length / typed.length) * 100).toFixed(1)} % of labelled, ${((allowed.filter((s) => s.score >= t).length / allowed.length) * 100).toFixed(1)} % of allowed`,
      );
  const fb = allowed.filter((s) => s.score >= threshold).length / allowed.length;
  const recall = typed.filter((s) => s.score >= threshold).length / typed.length;
  return {
    threshold,
    report: `${head}: threshold ${threshold}; across ${sets.length} sets, each scored by a model trained on the others: the head alone blocks ${(recall * 100).toFixed(1)} % of the ${typed.length} messages labelled ${TYPES[head]} and ${(fb * 100).toFixed(1)} % of the ${allowed.length} allowed messages`,
  };
}

function render(model: ModelData): string {
  return `// Generated by scripts/train-semantic-model.ts (npm run train:semantic): do not edit by hand.
import type { ModelData } from './learned.js';

export const SEMANTIC_MODEL: ModelData = ${JSON.stringify(model, null, 2)};
`;
}

const messages = load();
const units = messages.flatMap(unitsOfMessage);
const model: ModelData = {
  trainedOn: [...new Set(messages.map((m) => `${m.set}.jsonl`))],
  offensive: { bias: 0, threshold: 1, weights: '' },
  binding: { bias: 0, threshold: 1, weights: '' },
};
for (const head of ['offensive', 'binding'] as const) {
  const { threshold, report } = crossValidate(messages, head);
  console.log(report);
  model[head] = encode(train(units, head), threshold);
  console.log(`${head}: ${model[head].weights.split(';').length} features kept`);
}
const text = render(model);
if (process.argv.includes('--check')) {
  const committed = readFileSync(OUT, 'utf8');
  if (committed !== text) {
    console.error('learned.model.ts differs from what the training script makes of the corpus: run npm run train:semantic');
    process.exit(1);
  }
  console.log('learned.model.ts is what the training script makes of the corpus');
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
