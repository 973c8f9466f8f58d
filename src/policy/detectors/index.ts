import type { AttachmentFacts, Finding, FindingType, PolicyPack } from '../policy.types.js';
import { detectAddresses } from './address.js';
import { detectBankAccounts } from './bank-account.js';
import { detectBeyondContact } from './beyond-contact.js';
import { createBindingTransactionDetector } from './binding-transaction.js';
import { detectDatesOfBirth } from './date-of-birth.js';
import { detectDrivingLicences } from './driving-licence.js';
import { detectEmailFiles } from './email-file.js';
import { detectEmails } from './email.js';
import { detectIbans } from './iban.js';
import { detectNhsNumbers } from './nhs-number.js';
import { detectNiNumbers } from './ni-number.js';
import { createOffensiveDetector } from './offensive.js';
import { detectPassports } from './passport.js';
import { detectPaymentCards } from './payment-card.js';
import { detectPhoneNumbers } from './phone-number.js';
import { detectPostcodes } from './postcode.js';

/**
 * Identifier types that compete for the same characters (a digit run is one
 * thing, not three). When two overlap, the higher confidence wins, then the
 * earlier type in this list.
 */
const EXCLUSIVE: readonly FindingType[] = [
  'IBAN',
  'PAYMENT_CARD',
  'DRIVING_LICENCE',
  'NI_NUMBER',
  'NHS_NUMBER',
  'PASSPORT_NUMBER',
  'BANK_ACCOUNT',
  'DATE_OF_BIRTH',
  'PHONE_NUMBER',
  'POSTCODE',
  'EMAIL',
];
const RANK = new Map(EXCLUSIVE.map((t, i) => [t, i]));

function resolveOverlaps(findings: Finding[]): Finding[] {
  const exclusive = findings.filter((f) => RANK.has(f.type));
  if (exclusive.length < 2) return findings;
  exclusive.sort((a, b) => b.confidence - a.confidence || (RANK.get(a.type) ?? 0) - (RANK.get(b.type) ?? 0));
  const kept: Finding[] = [];
  for (const f of exclusive) {
    // A postcode inside another identifier is part of it; a postcode and an address may both stand.
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return [...kept, ...findings.filter((f) => !RANK.has(f.type))];
}

/** Identifier detectors that need a digit in the text, in the order of EXCLUSIVE's ties. */
const DIGIT_DETECTORS: ReadonlyArray<(text: string) => Finding[]> = [
  detectIbans,
  detectPaymentCards,
  detectDrivingLicences,
  detectNiNumbers,
  detectNhsNumbers,
  detectPassports,
  detectBankAccounts,
  detectDatesOfBirth,
  detectPhoneNumbers,
];

export interface Scanner {
  /** All findings for a message, sorted by start. */
  scan(text: string, attachments?: readonly AttachmentFacts[]): Finding[];
}

/** Compile the detectors for a pack (lexicons, thresholds). Pure and synchronous once built. */
export function createScanner(pack: PolicyPack): Scanner {
  const offensive = createOffensiveDetector(pack.lexicons);
  const binding = createBindingTransactionDetector(pack.lexicons.bindingPhrases);
  return {
    scan(text, attachments) {
      const hasDigit = /\d/.test(text);
      const found: Finding[] = [];
      const add = (list: readonly Finding[]): void => {
        for (const f of list) found.push(f);
      };
      if (hasDigit) {
        for (const detect of DIGIT_DETECTORS) add(detect(text));
        const postcodes = detectPostcodes(text);
        add(postcodes);
        add(detectAddresses(text, postcodes));
      }
      add(detectEmails(text));
      add(offensive(text));
      add(binding(text));
      const resolved = resolveOverlaps(found);
      resolved.push(...detectBeyondContact(text, pack.thresholds.beyondContact), ...detectEmailFiles(attachments, pack.emailFiles));
      resolved.sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
      return resolved;
    },
  };
}
