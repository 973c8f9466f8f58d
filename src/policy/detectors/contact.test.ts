import { describe, expect, it } from 'vitest';
import { detectAddresses } from './address.js';
import { detectDatesOfBirth } from './date-of-birth.js';
import { detectEmails } from './email.js';
import { detectPhoneNumbers } from './phone-number.js';
import { detectPostcodes } from './postcode.js';
import { spansOf } from './test-helpers.js';

type Row = [text: string, expected: string[]];

function table(name: string, detect: Parameters<typeof spansOf>[0], rows: Row[]) {
  describe(name, () => {
    it.each(rows)('%j', (text, expected) => {
      expect(spansOf(detect, text).map(([, value]) => value)).toEqual(expected);
    });
  });
}

table('phone number (own finder, libphonenumber-js check)', detectPhoneNumbers, [
  ['ring me on 07700 900318 when u can', ['07700 900318']],
  ['Call 0161 496 0223 if late', ['0161 496 0223']],
  ['(0113) 496 0983', ['(0113) 496 0983']],
  ['+44 7700 900981', ['+44 7700 900981']],
  ['+44 (0)20 7946 0123 or 07912345678', ['+44 (0)20 7946 0123', '07912345678']],
  ['0044 7912 345678', ['0044 7912 345678']],
  ['Tel: +33 1 42 68 53 00', ['+33 1 42 68 53 00']],
  ['mobile:\n07912 345 678', ['07912 345 678']],
  ['Ref: 765-277-5843 - quote this', []], // no trunk 0: a reference
  ['claim reference is 0443699577', []], // named as a reference, and not a valid range
  ['NHS 943 476 5919', []], // libphonenumber would read this as a phone number; we do not
  ['Order 01234567890123', []], // too many digits
]);

table('email', detectEmails, [
  ['email kayleigh.m@yahoo.co.uk not this number', ['kayleigh.m@yahoo.co.uk']],
  ['jo@leeds.gov.uk', ['jo@leeds.gov.uk']],
  ['Write to zoë.brontë@example.org.', ['zoë.brontë@example.org']],
  ['a@b and @handle and me@localhost', []],
]);

table('postcode (Royal Mail format)', detectPostcodes, [
  ['the centre is near LS6 1AN, come at 2', ['LS6 1AN']],
  ['M14 7EP', ['M14 7EP']],
  ['SW1A 1AA and EC1A1BB', ['SW1A 1AA', 'EC1A1BB']],
  ['postcode is ls6 1an', ['ls6 1an']],
  ['DN55 0QN', ['DN55 0QN']],
  ['QA1 1AA', []], // Q never first
  ['LS6 1CN', []], // C never in the inward code
  ['ab12cd', []], // lower case without a space: too ambiguous
]);

table('address', detectAddresses, [
  ["we're at 7 Oak Close, Stockport SK4 2QT now", ['7 Oak Close, Stockport SK4 2QT']],
  ['Flat 10, 15 High Street, Leeds S10 5YJ on Tuesday', ['Flat 10, 15 High Street, Leeds S10 5YJ']],
  ['23A Moss Lane, Bolton DN55 0QN', ['23A Moss Lane, Bolton DN55 0QN']],
  ['I live at 45 church st', ['45 church st']],
  ['12 the willows, leeds ls6 2ab', ['12 the willows, leeds ls6 2ab']],
  ['at 12 Oak Road. Then we go', ['12 Oak Road']],
  ['Meet me at the Penistone Road office', []], // no house number
  ["It's 5 minutes down the road", []],
  ['We have 3 green bags for you', []],
  ['come at 2 pm near LS6 1AN', []],
]);

table('date of birth (date + context)', detectDatesOfBirth, [
  ['dob 2/11/2014', ['2/11/2014']],
  ['Her date of birth is 26/5/21, so', ['26/5/21']],
  ['born 3rd March 2015', ['3rd March 2015']],
  ['DOB: 2015-03-03', ['2015-03-03']],
  ['d.o.b.\n12.03.1987', ['12.03.1987']],
  ['27 April 2015 (DOB)', ['27 April 2015']],
  ['next review 2/11/2025 at the school', []], // no context: an appointment
  ['See you on 12/05/2026 at 2pm', []],
  ['dob 31/02/2010', []], // not a real date
  ['born in 2015', []], // a year is not a date
]);
