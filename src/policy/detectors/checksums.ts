/** Check-digit and structure validators for UK identifiers. Input: digits only unless stated. */

/** NHS number: 10 digits, modulus 11 on the first nine with weights 10..2. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  if (/^(\d)\1{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}

/** Luhn (mod 10) check used by payment cards. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer ranges of the card schemes used in the UK (Visa, Mastercard, Amex, Maestro, Discover, JCB, UnionPay, Diners). */
export function isCardIssuerPrefix(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19) return false;
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  if (p2 >= 51 && p2 <= 55) return n === 16;
  if (p4 >= 2221 && p4 <= 2720) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p2 === 36 || p2 === 38 || p2 === 30) return n >= 14 && n <= 19;
  if (p2 === 35) return n >= 16;
  if (p2 === 62 || p2 === 65 || p4 === 6011 || (p4 >= 6440 && p4 <= 6499)) return n >= 16;
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12; // Maestro
  return false;
}

const NI_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

/**
 * National Insurance number per HMRC: two prefix letters (first not D F I Q U V;
 * second not D F I O Q U V; never BG GB NK KN TN NT ZZ), six digits, suffix A–D.
 * Input: letters and digits only, any case.
 */
export function isValidNiNumber(compact: string): boolean {
  const s = compact.toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s)) return false;
  return !NI_BAD_PREFIXES.has(s.slice(0, 2));
}

/**
 * DVLA driving licence number (16 characters): surname (5, padded with 9s),
 * decade digit, month (+5 on the tens digit for women), day, year digit,
 * two initials (padded with 9), an arbitrary digit, two check characters.
 */
export function isValidDrivingLicence(value: string): boolean {
  const s = value.toUpperCase();
  const m = /^([A-Z][A-Z9]{4})(\d)(\d{2})(\d{2})(\d)([A-Z][A-Z9])(\d)([A-Z0-9]{2})$/.exec(s);
  if (!m) return false;
  const surname = m[1] ?? '';
  // Padding 9s only after the letters.
  if (!/^[A-Z]+9*$/.test(surname)) return false;
  let month = Number(m[3]);
  if (month > 50) month -= 50;
  if (month < 1 || month > 12) return false;
  const day = Number(m[4]);
  if (day < 1 || day > 31) return false;
  return /^[A-Z]9?$|^[A-Z]{2}$/.test(m[6] ?? '');
}

/** A calendar date that exists (year with four digits). */
export function isRealDate(day: number, month: number, year: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (days[month - 1] ?? 0);
}
