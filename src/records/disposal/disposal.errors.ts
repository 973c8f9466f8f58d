import { AppError } from '../../platform/errors.js';

/** Every error disposal raises, over stable codes; `details.field` names the form field. */
const fieldError = (code: string, message: string, field: string, status = 400) => new AppError(code, message, status, { field });

export const disposalForbidden = () =>
  new AppError('DISPOSAL_FORBIDDEN', 'Only a records officer can decide on records at the end of their retention', 403);
export const retentionReadForbidden = () =>
  new AppError('RETENTION_FORBIDDEN', 'You do not have access to the retention schedule and certificates', 403);
export const disposalAsOfInvalid = () => fieldError('DISPOSAL_AS_OF_INVALID', 'The date must be a real date written YYYY-MM-DD', 'asOf');
export const disposalAsOfNeedsDryRun = () =>
  new AppError('DISPOSAL_AS_OF_NEEDS_DRY_RUN', 'In production --as-of only shows what would go on that date: add --dry-run', 400);
export const disposalChooseItems = () => fieldError('DISPOSAL_CHOOSE_ITEMS', 'Select at least one record to decide on', 'items');
export const disposalChooseDecision = () => fieldError('DISPOSAL_CHOOSE_DECISION', 'Choose destroy, extend or transfer', 'decision');
export const disposalExtendDateInvalid = () =>
  fieldError('DISPOSAL_EXTEND_DATE_INVALID', 'Enter the new disposal date, after today, written YYYY-MM-DD', 'extendTo');
export const disposalReasonRequired = () => fieldError('DISPOSAL_REASON_REQUIRED', 'Enter why the records are kept longer', 'reason');
export const disposalReviewNotFound = () =>
  new AppError('DISPOSAL_REVIEW_NOT_FOUND', 'One or more of these records is no longer waiting for review', 409);
export const disposalHeld = (count: number) =>
  new AppError(
    'DISPOSAL_HELD',
    `${count === 1 ? 'A record' : `${count} records`} you chose ${count === 1 ? 'is' : 'are'} under a legal hold and cannot be destroyed or transferred`,
    409,
    {
      field: 'items',
      held: count,
    },
  );
export const certificateNotFound = () => new AppError('CERTIFICATE_NOT_FOUND', 'Destruction certificate not found', 404);
