import { describe, expect, it } from 'vitest';
import { isCardIssuerPrefix, isRealDate, isValidDrivingLicence, isValidNhsNumber, isValidNiNumber, passesLuhn } from './checksums.js';

describe('isValidNhsNumber (modulus 11)', () => {
  it.each([
    ['9434765919', true],
    ['4319390717', true],
    ['4795429162', true],
    ['4730452100', true], // check digit 0
    ['4319390718', false], // wrong check digit
    ['9434765918', false],
    ['0000000000', false], // repeated digits pass the sum but are never issued
    ['123456789', false], // too short
    ['94347659190', false], // too long
    ['943476591a', false],
  ])('%s → %s', (digits, valid) => {
    expect(isValidNhsNumber(digits)).toBe(valid);
  });
});

describe('passesLuhn / isCardIssuerPrefix', () => {
  it.each([
    ['4111111111111111', true, true],
    ['5555555555554444', true, true],
    ['378282246310005', true, true], // Amex, 15 digits
    ['4111111111111112', false, true],
    ['1234567812345670', true, false], // Luhn-valid but no scheme starts with 1
    ['9999999999999995', true, false],
  ])('%s → luhn %s, issuer %s', (digits, luhn, issuer) => {
    expect(passesLuhn(digits)).toBe(luhn);
    expect(isCardIssuerPrefix(digits)).toBe(issuer);
  });
});

describe('isValidNiNumber (HMRC rules)', () => {
  it.each([
    ['AB123456C', true],
    ['ab123456d', true],
    ['CS005242C', true],
    ['DA123456A', false], // D never first
    ['FA123456A', false],
    ['QQ123456C', false], // Q never first (the classic example)
    ['AO123456A', false], // O never second
    ['AV123456A', false],
    ['BG123456A', false], // never-issued prefixes
    ['GB123456A', false],
    ['NK123456A', false],
    ['KN123456A', false],
    ['TN123456A', false],
    ['NT123456A', false],
    ['ZZ123456A', false],
    ['AB123456E', false], // suffix A–D only
    ['AB12345C', false],
  ])('%s → %s', (value, valid) => {
    expect(isValidNiNumber(value)).toBe(valid);
  });
});

describe('isValidDrivingLicence (DVLA structure)', () => {
  it.each([
    ['MORGA753116SM9IJ', true], // decade 7, month 53 (woman, March), day 11, year 6
    ['MORGA701116SM9IJ', true], // man, January
    ['OKAFO058253AB9HZ', true],
    ['LI999904101K99JU', true], // short surname padded with 9s, one initial padded too
    ['morga753116sm9ij', true],
    ['MORGA713116SM9IJ', false], // month 13
    ['MORGA763116SM9IJ', false], // month 63 (13 + 50)
    ['MORGA700016SM9IJ', false], // month 00
    ['MORGA701326SM9IJ', false], // day 32
    ['MORGA701006SM9IJ', false], // day 00
    ['MO9GA753116SM9IJ', false], // 9 padding only after the letters
    ['MORGA75311SM9IJ', false], // 15 characters
  ])('%s → %s', (value, valid) => {
    expect(isValidDrivingLicence(value)).toBe(valid);
  });
});

describe('isRealDate', () => {
  it.each([
    [29, 2, 2024, true],
    [29, 2, 2023, false],
    [31, 4, 2020, false],
    [31, 12, 1999, true],
    [0, 1, 2000, false],
    [1, 13, 2000, false],
  ])('%i/%i/%i → %s', (d, m, y, ok) => {
    expect(isRealDate(d, m, y)).toBe(ok);
  });
});
