import { AppError } from '../../platform/errors.js';

/** Every error the legal-holds domain raises, over stable codes; `details.field` names the form field. */
const fieldError = (code: string, message: string, field: string, status = 400) => new AppError(code, message, status, { field });

export const holdNotFound = () => new AppError('HOLD_NOT_FOUND', 'Legal hold not found', 404);
export const holdForbidden = () => new AppError('HOLD_FORBIDDEN', 'You do not have access to legal holds', 403);
export const holdReleaseForbidden = () => new AppError('HOLD_RELEASE_FORBIDDEN', 'Only a records officer can release a legal hold', 403);
export const holdReasonRequired = () => fieldError('HOLD_REASON_REQUIRED', 'Enter why the records must be kept', 'reason');
export const holdReleaseReasonRequired = () => fieldError('HOLD_RELEASE_REASON_REQUIRED', 'Enter why the hold can be released', 'reason');
export const holdAlreadyReleased = () => new AppError('HOLD_ALREADY_RELEASED', 'This legal hold has already been released', 409);
export const holdScopeRequired = () => fieldError('HOLD_SCOPE_REQUIRED', 'Choose what the hold covers', 'scopeKind');
export const holdCaseNotFound = () => fieldError('HOLD_CASE_NOT_FOUND', 'There is no case with that reference', 'caseReference');
export const holdCaseAmbiguous = () =>
  fieldError(
    'HOLD_CASE_AMBIGUOUS',
    'More than one team has a case with that reference: ask an administrator for the case id',
    'caseReference',
  );
export const holdCitizenNotFound = () => fieldError('HOLD_CITIZEN_NOT_FOUND', 'There is no citizen with that id', 'citizenId');
export const holdNumberInvalid = () =>
  fieldError('HOLD_NUMBER_INVALID', 'Enter a WhatsApp number in international format, like +44 7700 900123', 'number');
export const holdClassUnknown = () => fieldError('HOLD_CLASS_UNKNOWN', 'Choose a class from the retention schedule', 'classId');
export const holdDatesInvalid = (field: 'from' | 'to', message: string) => fieldError('HOLD_DATES_INVALID', message, field);
export const holdKeywordInvalid = () =>
  fieldError('HOLD_KEYWORD_INVALID', 'Enter a keyword of 2 to 100 characters with at least one letter or digit', 'keyword');
export const holdOwnerNotFound = () => fieldError('HOLD_OWNER_NOT_FOUND', 'There is no active staff account with that email', 'owner');
