/**
 * Where the policy scan's time goes: each detector alone over the bench's 1 KB council messages, in CPU
 * time per message (each detector here pays its own tokenising; in a scan they share it).
 *
 *   node bin/run-ts.js bench/policy-detectors.bench.ts
 */
import { detectAddresses } from '../src/policy/detectors/address.js';
import { detectBankAccounts } from '../src/policy/detectors/bank-account.js';
import { createBindingTransactionDetector } from '../src/policy/detectors/binding-transaction.js';
import { tokensOf } from '../src/policy/detectors/clauses.js';
import { detectDatesOfBirth } from '../src/policy/detectors/date-of-birth.js';
import { detectDrivingLicences } from '../src/policy/detectors/driving-licence.js';
import { detectEmails } from '../src/policy/detectors/email.js';
import { detectIbans } from '../src/policy/detectors/iban.js';
import { detectNhsNumbers } from '../src/policy/detectors/nhs-number.js';
import { detectNiNumbers } from '../src/policy/detectors/ni-number.js';
import { createOffensiveDetector } from '../src/policy/detectors/offensive.js';
import { detectPassports } from '../src/policy/detectors/passport.js';
import { detectPaymentCards } from '../src/policy/detectors/payment-card.js';
import { detectPhoneNumbers } from '../src/policy/detectors/phone-number.js';
import { detectPostcodes } from '../src/policy/detectors/postcode.js';
import { loadDefaultPolicyPack } from '../src/policy/pack.file.js';
import { createPolicyEngine } from '../src/policy/policy.engine.js';
import { generateCouncilMessages } from './policy.bench.js';

const pack = loadDefaultPolicyPack();
const offensive = createOffensiveDetector(pack.lexicons);
const binding = createBindingTransactionDetector(pack.lexicons.bindingPhrases);
const engine = createPolicyEngine(pack);
const messages = generateCouncilMessages(2000);
const parts: Array<[string, (t: string) => unknown]> = [
  ['engine.evaluate', (text) => engine.evaluate({ text, direction: 'outbound' })],
  ['tokensOf (fresh text)', (text) => tokensOf(`${text} `)],
  ['offensive', offensive],
  ['binding', binding],
  ['iban', detectIbans],
  ['payment card', detectPaymentCards],
  ['driving licence', detectDrivingLicences],
  ['ni number', detectNiNumbers],
  ['nhs number', detectNhsNumbers],
  ['passport', detectPassports],
  ['bank account', detectBankAccounts],
  ['date of birth', detectDatesOfBirth],
  ['phone number', detectPhoneNumbers],
  ['postcode', detectPostcodes],
  ['address', (text) => detectAddresses(text, detectPostcodes(text))],
  ['email', detectEmails],
];
for (let round = 0; round < 3; round++) {
  const row: string[] = [];
  for (const [name, fn] of parts) {
    // CPU time rather than wall time: on a shared machine the wait for a core is not the detector's.
    const t = process.cpuUsage();
    for (const m of messages) fn(m);
    const used = process.cpuUsage(t);
    row.push(`${name} ${((used.user + used.system) / messages.length).toFixed(1)}µs CPU`);
  }
  if (round === 2) console.log(row.join('\n'));
}
