import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OpenRedaction } from 'openredaction';
import { loadDefaultPolicyPack } from '../src/policy/pack.file.js';
import { createPolicyEngine } from '../src/policy/policy.engine.js';
import { generateCouncilMessages } from '../bench/policy.bench.js';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const engine = createPolicyEngine(loadDefaultPolicyPack());
const messages = generateCouncilMessages(2000);
const peer = new OpenRedaction({});
for (let i = 0; i < 6000; i++) engine.evaluate({ text: messages[i % messages.length]!, direction: 'outbound' });
const mode = process.env.MODE;
if (mode !== 'nopeer') for (let i = 0; i < 10; i++) await peer.detect(messages[i]!);
const rates: number[] = [];
let cursor = 0;
for (let round = 0; round < 9; round++) {
  if (mode !== 'nogc') gc();
  const t = performance.now();
  for (let i = 0; i < 2000; i++) engine.evaluate({ text: messages[(cursor + i) % messages.length]!, direction: 'outbound' });
  rates.push(2000 / ((performance.now() - t) / 1000));
  if (mode !== 'nopeer') { gc(); for (let i = 0; i < 40; i++) await peer.detect(messages[(cursor + i * 50) % messages.length]!); }
  cursor += 173;
}
console.log(mode, rates.map((r) => Math.round(r)).join(' '));
