import { describe, expect, it } from 'vitest';
import { detectBankAccounts } from './bank-account.js';
import { detectDrivingLicences } from './driving-licence.js';
import { detectIbans } from './iban.js';
import { detectNhsNumbers } from './nhs-number.js';
import { detectNiNumbers } from './ni-number.js';
import { detectPassports } from './passport.js';
import { detectPaymentCards } from './payment-card.js';
import { spansOf } from './test-helpers.js';

type Row = [text: string, expected: string[]];

function table(name: string, detect: Parameters<typeof spansOf>[0], rows: Row[]) {
  describe(name, () => {
    it.each(rows)('%j', (text, expected) => {
      expect(spansOf(detect, text).map(([, value]) => value)).toEqual(expected);
    });
  });
}

table('NHS number (mod 11 + context)', detectNhsNumbers, [
  ['My NHS number is 943 476 5919.', ['943 476 5919']],
  ['NHS no: 9434765919', ['9434765919']],
  ['nhs num 943-476-5919 for the referral', ['943-476-5919']],
  ['9434765919 is my nhs number', ['9434765919']], // start of text, context after
  ['NHS number\n943 476 5919', ['943 476 5919']], // across a line break
  ['Zoë’s NHS № 😊 4319390717', ['4319390717']], // non-ASCII before
  ['NHS number 4319390718', []], // wrong check digit
  ['Our ref for you is 9434765919, quote it', []], // valid checksum, no context: a reference
  ['Patient ID 9434765919', []],
  ['NHS 94347659190', []], // 11 digits: not a 10-digit number
  ['NHS 943 476 5919.5', []],
]);

table('NI number (HMRC rules)', detectNiNumbers, [
  ['NI no. AB 12 34 56 C please', ['AB 12 34 56 C']],
  ['ct418457d is my ni number x', ['ct418457d']], // start, lower case
  ['national insurance:\nCS005242C', ['CS005242C']], // line break
  ['Ńi number → AB123456D', ['AB123456D']],
  ['The form says QQ123456C as the example', []], // Q never first
  ['GB 11 15 54 D', []], // never-issued prefix
  ['TN171870C', []],
  ['AB123456E', []], // suffix A–D only
  ['Reference AB123456C on your letter', []], // named as a reference
  ['XAB123456C', []], // inside a longer token
]);

table('payment card (Luhn + issuer)', detectPaymentCards, [
  ['Card 4111 1111 1111 1111 got charged', ['4111 1111 1111 1111']],
  ['paid with 4111-1111-1111-1111', ['4111-1111-1111-1111']],
  ['5555555555554444', ['5555555555554444']], // whole text
  ['amex 3782 822463 10005 ok', ['3782 822463 10005']],
  ['card 4111 1111 1111 1112', []], // fails Luhn
  ['Order number 5414 1413 9755 2310 is pending', []], // named as an order number
  ['Booking ref 4111111111111111', []],
  ['Card ending 9098 was declined', []],
  ['41111111111111111111', []], // 20 digits
]);

table('IBAN (mod 97)', detectIbans, [
  ['transfer to GB29NWBK60161331926819 thx', ['GB29NWBK60161331926819']],
  ['GB29 NWBK 6016 1331 9268 19 please', ['GB29 NWBK 6016 1331 9268 19']],
  ['iban gb29 nwbk 6016 1331 9268 19', ['gb29 nwbk 6016 1331 9268 19']],
  ['DE89 3704 0044 0532 0130 00', ['DE89 3704 0044 0532 0130 00']],
  ['GB29 NWBK 6016 1331 9268 18', []], // bad check digits
  ['GB00XXXX', []],
]);

table('bank account (sort code / account number + context)', detectBankAccounts, [
  ['sort code 20-32-06, account 83051762', ['20-32-06', '83051762']],
  ['acc 83051762 sort 20-32-06 for the grant', ['20-32-06', '83051762']],
  ['sort code: 20 32 06', ['20 32 06']],
  ['a/c no 1234 5678', ['1234 5678']],
  ['meeting on 12-05-26 at the hub', []], // a date, not a sort code
  ['ref 12345678', []],
  ['account ref 12345678', []],
]);

table('passport (9 digits + context)', detectPassports, [
  ['His passport number 962185188 has expired.', ['962185188']],
  ['Passport: 123 456 789', ['123 456 789']],
  ['123456789 (passport)', ['123456789']],
  ['Tracking number 123456789', []],
  ['passport 1234567890', []], // 10 digits
]);

table('driving licence (DVLA)', detectDrivingLicences, [
  ['Licence no: OBRIE753239SM9YC - for the badge', ['OBRIE753239SM9YC']],
  ['MORGA753116SM9IJ', ['MORGA753116SM9IJ']],
  ['licence number:\nmorga753116sm9ij', ['morga753116sm9ij']],
  ['Licence MORGA713116SM9IJ', []], // month 13
  ['XMORGA753116SM9IJ', []],
]);

describe('UTF-16 indices', () => {
  it('counts an emoji before the number as two code units', () => {
    const text = '😊 NHS 943 476 5919';
    const [f] = detectNhsNumbers(text);
    expect(f).toMatchObject({ start: 7, end: 19 });
    expect(text.slice(f!.start, f!.end)).toBe('943 476 5919');
  });
});
