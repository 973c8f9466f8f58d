import { AppError } from '../platform/errors.js';

/** Every error the cases domain raises, over stable codes: callers branch on `code`, forms show `message` by `details.field`. */
const fieldError = (code: string, message: string, field: string, status = 400) => new AppError(code, message, status, { field });

export const caseNotFound = () => new AppError('CASE_NOT_FOUND', 'Case not found', 404);
export const caseLinkNotFound = () => new AppError('CASE_LINK_NOT_FOUND', 'Case link not found', 404);
export const caseMessageNotFound = () => new AppError('CASE_MESSAGE_NOT_FOUND', 'Message not found', 404);
export const caseConversationNotFound = () => new AppError('CASE_CONVERSATION_NOT_FOUND', 'Conversation not found', 404);
export const caseReferenceRequired = () =>
  fieldError('CASE_REFERENCE_REQUIRED', 'Enter the case reference from the council’s case system', 'reference');
export const caseReferenceInvalid = () =>
  fieldError('CASE_REFERENCE_INVALID', 'Case reference must be 1 to 60 letters, digits, spaces or the characters / - _ .', 'reference');
export const caseReferenceExists = () =>
  fieldError('CASE_REFERENCE_EXISTS', 'A case with this reference already exists in this team', 'reference', 409);
/** A new case reference given with a citizen, and no type chosen for the case it opens (its type sets how long it is kept). */
export const caseTypeRequiredForNewReference = () =>
  fieldError(
    'CASE_TYPE_REQUIRED',
    'Choose the type of case: this case reference is new, and its type sets how long the case’s messages are kept',
    'caseType',
  );
export const caseTypeUnknown = () =>
  fieldError('CASE_TYPE_UNKNOWN', 'Choose a case type from the council’s retention schedule', 'caseType');
export const caseTitleTooLong = () => fieldError('CASE_TITLE_TOO_LONG', 'Title must be 200 characters or fewer', 'title');
export const caseTeamRequired = () => fieldError('CASE_TEAM_REQUIRED', 'Choose the team this case belongs to', 'teamId');
export const caseDateInvalid = (field: 'openedOn' | 'closedOn' | 'endedOn', message: string) =>
  fieldError('CASE_DATE_INVALID', message, field);
export const caseEndRequired = () =>
  fieldError('CASE_END_REQUIRED', 'Enter the date the tenancy or care ended: this type of case is kept from that date', 'endedOn');
export const caseAlreadyClosed = () => new AppError('CASE_ALREADY_CLOSED', 'This case is already closed', 409);
export const caseNotClosed = () => new AppError('CASE_NOT_CLOSED', 'This case is not closed', 409);
export const caseLinkExists = () => new AppError('CASE_LINK_EXISTS', 'That is already linked to this case', 409, { field: 'caseId' });
export const caseLinkTargetRequired = () =>
  new AppError('CASE_LINK_TARGET_REQUIRED', 'Give either a conversationId or a messageId to link', 400);
export const caseChoose = () => fieldError('CASE_CHOOSE', 'Choose the case to link to', 'caseId');
