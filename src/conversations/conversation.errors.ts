import { AppError } from '../platform/errors.js';

/** Conversations, messages and attachments refuse with these codes; the web app, the API and tests branch on them. */
export const conversationNotFound = () => new AppError('CONVERSATION_NOT_FOUND', 'Conversation not found', 404);

export const citizenNotFound = () => new AppError('CITIZEN_NOT_FOUND', 'Citizen not found', 404);

export const messageNotFound = () => new AppError('MESSAGE_NOT_FOUND', 'Message not found', 404);

export const attachmentNotFound = () => new AppError('ATTACHMENT_NOT_FOUND', 'Attachment not found', 404);

/** A stored attachment's chunks are missing or out of order (a sealed chunk that was altered fails as CRYPTO_CIPHERTEXT_INVALID). */
export const attachmentContentIncomplete = (details: { contentId: string; seq: number }) =>
  new AppError('ATTACHMENT_CONTENT_INCOMPLETE', 'Stored attachment content is incomplete', 500, details);

/** Downloaded media whose SHA-256 is not the one its webhook announced (kept keyed on the attachment). */
export const mediaChecksumMismatch = (details: { attachmentId: string }) =>
  new AppError('CHANNEL_MEDIA_CHECKSUM_MISMATCH', 'Downloaded media does not match the SHA-256 its webhook announced', 502, details);

/** A role without `conversation.start`/`conversation.send` (records officers) tried to message a citizen. */
export const conversationForbidden = () => new AppError('CONVERSATION_FORBIDDEN', 'Your role cannot message citizens', 403);

/** A role without `conversation.triage` or `conversation.send` tried to link a conversation or resolve a send (the generic refusal). */
export const conversationActionForbidden = () => new AppError('AUTH_FORBIDDEN', 'You do not have access to this', 403);

export const triageTeamAdminOnly = () => new AppError('CHANNEL_ADMIN_ONLY', 'Only an admin can choose the triage team', 403);

export const triageTeamRequired = () =>
  new AppError('CHANNEL_TEAM_REQUIRED', 'Choose the team that picks up unknown numbers', 400, { field: 'triageTeamId' });

/** A form problem, not a missing page: no citizen chosen, or one outside the actor's teams. */
export const linkCitizenNotFound = () =>
  new AppError('CONVERSATION_LINK_CITIZEN_REQUIRED', 'Choose a citizen from your team', 400, { field: 'citizenId' });

export const linkNumberMismatch = () =>
  new AppError('CONVERSATION_NUMBER_MISMATCH', 'That citizen has a different WhatsApp number', 400, { field: 'citizenId' });

export const conversationNotOnThisNumber = () =>
  new AppError(
    'CONVERSATION_NOT_ON_THIS_NUMBER',
    'This conversation was imported from a staff phone or belongs to another number: reply from the citizen’s live conversation',
    422,
  );

export const conversationNotLinked = () =>
  new AppError('CONVERSATION_NOT_LINKED', 'Link this conversation to a citizen and case before replying', 422);

export const clientKeyInvalid = () =>
  new AppError('MESSAGE_CLIENT_KEY_INVALID', 'The idempotency key must be 8 to 100 letters, digits, dashes or underscores', 400);

export const messageEmpty = () => new AppError('MESSAGE_EMPTY', 'Enter a message', 400, { field: 'text' });

export const messageTooLong = (max: number) =>
  new AppError('MESSAGE_TOO_LONG', `Messages can be at most ${max} characters`, 400, { field: 'text' });

export const policyBlocked = (decision: unknown) =>
  new AppError('POLICY_BLOCKED', 'This message cannot be sent: it breaks the council’s WhatsApp guidance', 422, { decision });

export const policyJustificationRequired = (decision: unknown) =>
  new AppError('POLICY_JUSTIFICATION_REQUIRED', 'This message needs a written justification before it can be sent', 422, {
    decision,
    field: 'justification',
  });

export const messageNotUncertain = () => new AppError('MESSAGE_NOT_UNCERTAIN', 'This message is no longer waiting for a decision', 409);

export const assigneeInvalid = () =>
  new AppError('CONVERSATION_ASSIGNEE_INVALID', 'Choose someone in this conversation’s team who can message citizens', 400, {
    field: 'assignee',
  });
