import { loadDefaultPolicyPack } from '../src/policy/pack.file.js';
import { createPolicyEngine } from '../src/policy/policy.engine.js';
import { generateCouncilMessages } from '../bench/policy.bench.js';
const engine = createPolicyEngine(loadDefaultPolicyPack());
const msgs = generateCouncilMessages(2000);
for (let r = 0; r < 3; r++) for (const m of msgs) engine.evaluate({ text: m, direction: 'outbound' });
const t = performance.now();
let n = 0;
for (let r = 0; r < Number(process.env.R ?? 15); r++) for (const m of msgs) { engine.evaluate({ text: m, direction: 'outbound' }); n++; }
console.log((n / ((performance.now() - t) / 1000)).toFixed(0), 'msg/s');
