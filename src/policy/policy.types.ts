/** Kinds of finding the scanner reports. Span findings point into the text; EMAIL_FILE and BEYOND_CONTACT are message-level. */
export type FindingType =
  | 'NHS_NUMBER'
  | 'NI_NUMBER'
  | 'BANK_ACCOUNT'
  | 'IBAN'
  | 'PAYMENT_CARD'
  | 'PASSPORT_NUMBER'
  | 'DRIVING_LICENCE'
  | 'POSTCODE'
  | 'ADDRESS'
  | 'DATE_OF_BIRTH'
  | 'EMAIL'
  | 'PHONE_NUMBER'
  | 'OFFENSIVE'
  | 'BINDING_TRANSACTION'
  | 'EMAIL_FILE'
  | 'BEYOND_CONTACT';

export const FINDING_TYPES: readonly FindingType[] = [
  'NHS_NUMBER',
  'NI_NUMBER',
  'BANK_ACCOUNT',
  'IBAN',
  'PAYMENT_CARD',
  'PASSPORT_NUMBER',
  'DRIVING_LICENCE',
  'POSTCODE',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'EMAIL',
  'PHONE_NUMBER',
  'OFFENSIVE',
  'BINDING_TRANSACTION',
  'EMAIL_FILE',
  'BEYOND_CONTACT',
];

export type PolicyAction = 'allow' | 'warn' | 'block';
export type Direction = 'outbound' | 'inbound' | 'import' | 'forward';
export const DIRECTIONS: readonly Direction[] = ['outbound', 'inbound', 'import', 'forward'];

/** A span in the message text. start/end are JavaScript (UTF-16) indices, end exclusive. */
export interface Finding {
  type: FindingType;
  start: number;
  end: number;
  /** Id of the detector rule that produced it, e.g. `nhs-number.context`. */
  rule: string;
  /** 0..1 */
  confidence: number;
}

/**
 * A finding about the whole message rather than a span of text: an email file
 * attached, or content that goes beyond arranging contact.
 */
export interface MessageFinding {
  type: FindingType;
  rule: string;
  confidence: number;
  /** Index into `PolicyInput.attachments` for attachment findings. */
  attachmentIndex?: number;
}

export interface PolicyReason {
  ruleId: string;
  findingType: FindingType;
  action: PolicyAction;
  guidanceSection: string;
  /** Plain words for staff. */
  message: string;
  count: number;
}

export interface PolicyDecision {
  decision: PolicyAction;
  /** Span findings, sorted by start. */
  findings: Finding[];
  /** Message-level findings (email attachments, beyond arranging contact). */
  messageFindings: MessageFinding[];
  reasons: PolicyReason[];
  direction: Direction;
  /**
   * True for inbound and import: the message has already been sent, so the
   * decision tells the caller how to flag it, not whether it may be sent.
   */
  advisory: boolean;
  packId: string;
  packVersion: string;
}

export interface AttachmentFacts {
  fileName?: string | null;
  mimeType?: string | null;
  sizeBytes?: number | null;
}

export interface PolicyInput {
  text: string;
  direction: Direction;
  attachments?: AttachmentFacts[];
}

export interface PolicyRule {
  id: string;
  findingType: FindingType;
  guidanceSection: string;
  /** Action for outbound messages, and for any direction without an override. */
  action: PolicyAction;
  /** Per-direction overrides. */
  directions: Partial<Record<Direction, PolicyAction>>;
  /** Words shown to staff. */
  message: string;
  /** Findings below this confidence are ignored by this rule. */
  minConfidence: number;
}

export interface PolicyLexicons {
  /** Extra offensive words and slurs (obfuscated spellings are matched too). */
  offensiveTerms: string[];
  /** Words that contain an offensive term but are not offensive (place names, surnames). */
  offensiveAllowed: string[];
  /** Terms from the built-in profanity list that the council does not treat as offensive (e.g. clinical words). */
  offensiveIgnoredBuiltins: string[];
  /** Group nouns used to spot hostile generalisations ("typical immigrant", "women like you"). */
  groupTerms: string[];
  /** Extra phrases that commit the council to a transaction. */
  bindingPhrases: string[];
}

export interface BeyondContactThresholds {
  /** Messages shorter than this (in words) are never flagged. */
  minWords: number;
  /** Words in sentences that are not about arranging contact needed to flag. */
  minSubstantiveWords: number;
  /** Share of words that must be substantive (0..1). */
  minSubstantiveShare: number;
}

export interface EmailFileRule {
  extensions: string[];
  mimeTypes: string[];
}

export interface PolicyPack {
  id: string;
  version: string;
  name: string;
  guidance: { title: string; version: string };
  rules: PolicyRule[];
  lexicons: PolicyLexicons;
  thresholds: { beyondContact: BeyondContactThresholds };
  emailFiles: EmailFileRule;
}
