import { describe, expect, it } from 'vitest';
import { lowerSameLength } from './context.js';
import {
  HINT_CARD,
  HINT_DATE_OF_BIRTH,
  HINT_DRIVING_LICENCE,
  HINT_IBAN,
  HINT_NHS,
  HINT_PASSPORT,
  HINT_POSTCODE,
  wordHints,
} from './hints.js';
import { POSTCODE_SOURCE } from './postcode.js';

/** Each detector's own gate, as it stood before the hints: a hint must be set whenever its gate is true. */
const GATES: Array<[string, number, (text: string) => boolean]> = [
  ['nhs', HINT_NHS, (t) => ['nhs', 'n.h.s', 'health'].some((w) => lowerSameLength(t).includes(w))],
  ['passport', HINT_PASSPORT, (t) => ['passport', 'pass port', 'pp no'].some((w) => lowerSameLength(t).includes(w))],
  [
    'date of birth',
    HINT_DATE_OF_BIRTH,
    (t) => ['dob', 'd.o.b', 'd. o. b', 'birth', 'born', 'bday', "b'day"].some((w) => lowerSameLength(t).includes(w)),
  ],
  ['driving licence', HINT_DRIVING_LICENCE, (t) => /\d{6}[A-Za-z]/.test(t)],
  ['postcode', HINT_POSTCODE, (t) => new RegExp(`\\b${POSTCODE_SOURCE}\\b`, 'i').test(t)],
  ['iban', HINT_IBAN, (t) => /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/.test(t)],
  ['payment card', HINT_CARD, (t) => /\d{4}[ -]?\d{4}/.test(t)],
];

function check(text: string): void {
  const hints = wordHints(text);
  for (const [name, bit, gate] of GATES) {
    if (gate(text)) expect(hints & bit, `${name} hint for ${JSON.stringify(text)}`).not.toBe(0);
  }
}

describe('wordHints', () => {
  it('is set for every written form its gate accepts', () => {
    for (const text of [
      'NHS no 943 476 5919',
      'your n.h.s number',
      'Health number',
      'PASSPORT 123456789',
      'pass port no',
      'PP No: 123456789',
      'D.O.B 01/02/1990',
      'd. o. b 01/02/1990',
      'ad.o.bx',
      "B'day 3rd May",
      'reborn, stubborn',
      'MORGA753116SM9IJ',
      'LS6 1AN',
      'gir 0aa',
      'éLS6 1AN',
      '\u212aLS6 1AN',
      'GB29 NWBK 6016 1331 9268 19',
      '4111 1111 1111 1111',
      '4111-1111',
      'ref12345678x',
      'x1234 5678',
    ]) {
      check(text);
    }
  });

  it('is never missing where a gate is true, over random text from the gates’ characters', () => {
    const alphabet = ['n', 'h', 's', 'd', 'o', 'b', 'i', 'r', 't', 'p', 'a', 'l', 'G', 'I', 'R', 'L', 'S', 'N', 'K', '\u212a', 'é'];
    const more = [' ', ' ', '.', "'", '’', '-', '0', '1', '4', '6', '9', '9', '5'];
    const chars = [...alphabet, ...more, ...more];
    let seed = 42;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let n = 0; n < 30_000; n++) {
      const length = 1 + Math.floor(rand() * 24);
      let text = '';
      for (let k = 0; k < length; k++) text += chars[Math.floor(rand() * chars.length)];
      check(text);
    }
  });

  it('is not set for ordinary text without the words', () => {
    const hints = wordHints('Can you call me on Monday at 10am? I will pass that on to the school.');
    expect(hints & (HINT_NHS | HINT_PASSPORT | HINT_DATE_OF_BIRTH | HINT_DRIVING_LICENCE | HINT_POSTCODE | HINT_IBAN | HINT_CARD)).toBe(0);
  });
});
