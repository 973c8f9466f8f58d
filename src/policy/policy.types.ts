/**
 * Kinds of finding the scanner reports. The first fourteen are the scanner
 * vocabulary in DESIGN.md and point into the text; EMAIL_FILE (an email file
 * attached) and BEYOND_CONTACT (the message goes past arranging contact) are
 * about the whole message.
 */
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

/** Span types in the DESIGN.md scanner vocabulary (what `liaise scan` reports). */
export const SPAN_FINDING_TYPES = [
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
] as const satisfies readonly FindingType[];

/** Findings about the whole message (attachments, purpose) rather than a span. */
export const MESSAGE_FINDING_TYPES = ['EMAIL_FILE', 'BEYOND_CONTACT'] as const satisfies readonly FindingType[];

export const FINDING_TYPES: readonly FindingType[] = [...SPAN_FINDING_TYPES, ...MESSAGE_FINDING_TYPES];

export type PolicyAction = 'allow' | 'warn' | 'block';
export type InboundAction = 'flag' | 'allow';
export type Direction = 'outbound' | 'inbound' | 'import' | 'forward';
export const DIRECTIONS: readonly Direction[] = ['outbound', 'inbound', 'import', 'forward'];

/**
 * One thing the scanner found. start/end are JavaScript (UTF-16) indices into
 * the text, end exclusive. Message-level findings: EMAIL_FILE has start = end = 0
 * (the attachment is named in `rule`'s reason, not in the text); BEYOND_CONTACT
 * spans the whole text.
 */
export interface Finding {
  type: FindingType;
  start: number;
  end: number;
  /** Id of the detector rule that produced it, e.g. `nhs-number.context`. */
  rule: string;
  /** 0..1 */
  confidence: number;
  /** A compliant way to say it, when the detector knows better than the rule ("Arrange a call to agree the repayment plan …"). */
  suggestion?: string;
}

export interface PolicyReason {
  /** Pack rule id, e.g. `no-nhs-number`. */
  ruleId: string;
  findingType: FindingType;
  action: PolicyAction;
  guidanceSection: string;
  /** Plain words for staff. */
  message: string;
  /** How many findings of this type the rule acted on. */
  count: number;
  /** A compliant way to say it. */
  suggestion?: string;
  /**
   * The words that triggered it, as typed (at most three spans of 80 characters). They are the
   * checked text's own words: shown back to its writer, never stored in a record or a log.
   */
  triggers: string[];
}

export interface PolicyDecision {
  /**
   * What the pack says for an outbound (or forwarded) message. For inbound and
   * import the message has already been sent: callers treat it as flags only.
   */
  decision: PolicyAction;
  /** All findings, sorted by start then type. */
  findings: Finding[];
  /** One per pack rule that matched, most severe first. */
  reasons: PolicyReason[];
  packId: string;
  packVersion: string;
}

export interface AttachmentFacts {
  fileName: string;
  mimeType?: string | null;
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
  /** Action for outbound and forwarded messages. */
  outbound: PolicyAction;
  /** Inbound and imported messages can only be flagged (or not). */
  inbound: InboundAction;
  /** Words shown to staff. */
  message: string;
  /** A compliant way to say it, shown with the message. */
  suggestion?: string;
  /** Findings below this confidence are ignored by this rule (0..1). */
  minConfidence: number;
}

export interface PolicyLexicons {
  /** Extra offensive words and slurs (matched as whole words, case-insensitive). */
  offensiveTerms: string[];
  /** Words that contain an offensive term but are not offensive (place names, surnames). */
  offensiveAllowed: string[];
  /** Built-in profanity-list words the council does not treat as offensive (clinical, safeguarding words). */
  offensiveIgnoredBuiltins: string[];
  /** Extra group nouns for spotting hostile generalisations ("typical X", "X like you"). */
  groupTerms: string[];
  /** Extra phrases that commit the council to a transaction (matched case-insensitively). */
  bindingPhrases: string[];
}

export interface BeyondContactThresholds {
  /** Messages with fewer words than this are never flagged. */
  minWords: number;
  /** Words in sentences that are not about arranging contact needed to flag. */
  minSubstantiveWords: number;
  /** Share of words that must be substantive (0..1). */
  minSubstantiveShare: number;
}

export interface EmailFileRule {
  /** Lower-case, with the dot: `.eml`. */
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
