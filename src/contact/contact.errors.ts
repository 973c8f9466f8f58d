import { AppError } from '../platform/errors.js';

/**
 * Every refusal of the contact rules, with a stable code, the plain words staff
 * see, and the guidance section it applies. The web app, the JSON API and the CLI
 * all refuse with these.
 */
export const CONTACT_REFUSALS = {
  CONTACT_JUSTIFICATION_REQUIRED: {
    section: '5',
    message: 'Record which verifiable channels you tried, and when, before the first WhatsApp message. WhatsApp is a last resort.',
  },
  CONTACT_APPROVAL_PENDING: {
    section: '5',
    message: 'Your team needs a manager to approve first contact on WhatsApp. You can send once it is approved.',
  },
  CONTACT_APPROVAL_REFUSED: {
    section: '5',
    message: 'A manager refused first contact on WhatsApp for this citizen. Use another channel.',
  },
  CONTACT_UNDER_MINIMUM_AGE: {
    section: '5',
    message: 'This citizen is under the minimum age for WhatsApp contact. The guidance does not allow contacting children on WhatsApp.',
  },
  CONTACT_AGE_UNKNOWN: {
    section: '5',
    message: 'Record the citizen’s date of birth or confirm their age band before contacting them.',
  },
  CONTACT_WINDOW_CLOSED: {
    section: '5',
    message: 'The citizen has not messaged in the last 24 hours, so only an approved template can be sent.',
  },
  CONTACT_OPTED_OUT: {
    section: '5',
    message: 'The citizen replied STOP, so nothing more can be sent until they reply START.',
  },
  CONTACT_SUSPENDED: {
    section: '5',
    message: 'This conversation is suspended because a message suggested the citizen may be a child. A manager must review it first.',
  },
  SHARE_PERSONAL_DATA: {
    section: '5',
    message:
      'This message contains personal data, so it cannot be shared outside the council. Share it with a colleague inside Liaise instead.',
  },
} as const;

export type ContactRefusalCode = keyof typeof CONTACT_REFUSALS;

/** A refusal as an AppError (422: the request was understood and the rules say no). */
export function contactRefused(code: ContactRefusalCode, detail?: string): AppError {
  const r = CONTACT_REFUSALS[code];
  return new AppError(code, detail ? `${r.message} ${detail}` : r.message, 422, { guidanceSection: r.section });
}

/** The plain words and guidance section of a refusal code, for pages; null for codes that are not contact refusals. */
export function contactRefusalOf(code: string): { message: string; section: string } | null {
  return Object.hasOwn(CONTACT_REFUSALS, code) ? CONTACT_REFUSALS[code as ContactRefusalCode] : null;
}

export const contactConversationNotFound = () => new AppError('CONVERSATION_NOT_FOUND', 'Conversation not found', 404);
export const contactCitizenNotFound = () => new AppError('CITIZEN_NOT_FOUND', 'Citizen not found', 404);

export const approvalNotPending = () =>
  new AppError('CONTACT_APPROVAL_NOT_PENDING', 'This first contact is not waiting for a decision (it was decided already)', 409);

export const notSuspended = () => new AppError('CONTACT_NOT_SUSPENDED', 'This conversation is not suspended', 409);

export const decisionReasonRequired = () =>
  new AppError('CONTACT_REASON_REQUIRED', 'Give a reason (at least 5 characters); it is kept with the record', 400, { field: 'reason' });

export const optInMethodInvalid = () =>
  new AppError('CONTACT_OPT_IN_METHOD_INVALID', 'Choose how the citizen agreed to WhatsApp contact', 400, { field: 'method' });

export const justificationRequired = () =>
  new AppError('CONTACT_JUSTIFICATION_REQUIRED', CONTACT_REFUSALS.CONTACT_JUSTIFICATION_REQUIRED.message, 422, {
    guidanceSection: '5',
    field: 'justification',
  });

export const channelsTriedRequired = () =>
  new AppError('CONTACT_JUSTIFICATION_REQUIRED', CONTACT_REFUSALS.CONTACT_JUSTIFICATION_REQUIRED.message, 422, {
    guidanceSection: '5',
    field: 'channelsTried',
  });

export const channelTriedInvalid = (message: string) => new AppError('CONTACT_CHANNEL_INVALID', message, 400, { field: 'channelsTried' });

export const purposeRequired = () =>
  new AppError('CONTACT_PURPOSE_REQUIRED', 'Choose what the contact is for: a call, a meeting or a visit', 400, { field: 'purpose' });
