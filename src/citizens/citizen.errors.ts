import { AppError } from '../platform/errors.js';

/** Every error the citizens domain raises, over stable codes: callers branch on `code`, pages show `message` by `details.field`. */
const fieldError = (code: string, message: string, field: string, status = 400) => new AppError(code, message, status, { field });

export const citizenNotFound = () => new AppError('CITIZEN_NOT_FOUND', 'Citizen not found', 404);
export const citizenNameRequired = () => fieldError('CITIZEN_NAME_REQUIRED', 'Enter the citizen’s full name', 'fullName');
export const citizenNumberLandline = () =>
  fieldError(
    'CITIZEN_NUMBER_LANDLINE',
    'That is a landline number. Enter the mobile number the citizen uses WhatsApp on, like 07700 900123',
    'waNumber',
  );
export const citizenNumberInvalid = () =>
  fieldError('CITIZEN_NUMBER_INVALID', 'Enter a valid WhatsApp number, like 07700 900123 or +44 7700 900123', 'waNumber');
export const citizenNumberExists = () =>
  fieldError('CITIZEN_NUMBER_EXISTS', 'A citizen with this WhatsApp number already exists in this team', 'waNumber', 409);
export const citizenCaseRequired = () =>
  fieldError('CITIZEN_CASE_REQUIRED', 'Enter the case reference from the council’s case system', 'caseReference');
export const citizenDobInvalid = (message: 'Date of birth must be a real date' | 'Date of birth must be in the past') =>
  fieldError('CITIZEN_DOB_INVALID', message, 'dateOfBirth');
export const citizenAgeRequired = () =>
  fieldError('CITIZEN_AGE_REQUIRED', 'Enter a date of birth or confirm the citizen’s age band', 'dateOfBirth');
export const citizenTeamRequired = () => fieldError('CITIZEN_TEAM_REQUIRED', 'Choose the team this citizen belongs to', 'teamId');
export const citizenMergeChoose = () =>
  fieldError('CITIZEN_MERGE_CHOOSE', 'Choose the duplicate record, from the same team, to merge into this one', 'duplicateId');
export const citizenMergeSelf = () =>
  fieldError('CITIZEN_MERGE_SELF', 'Choose a different record: a record cannot be merged into itself', 'duplicateId');
export const citizenAlreadyMerged = () =>
  fieldError('CITIZEN_ALREADY_MERGED', 'One of these records has already been merged into another', 'duplicateId', 409);
export const citizenNoOfferedNumber = () =>
  new AppError('CITIZEN_NO_OFFERED_NUMBER', 'There is no new number to move this citizen to, or the conversation has no citizen', 409);
export const citizenMoveNotConfirmed = () =>
  fieldError('CITIZEN_MOVE_NOT_CONFIRMED', 'Confirm that this is the citizen’s new WhatsApp number', 'confirm');
