import { AppError } from '../platform/errors.js';

/** Reports, shares and the manager's queue refuse with these codes; the pages, the API and tests branch on them. */
export const reportNotFound = () => new AppError('REPORT_NOT_FOUND', 'Report not found', 404);

export const reportCategoryRequired = () =>
  new AppError(
    'REPORT_CATEGORY_REQUIRED',
    'Choose what you are reporting: offensive content, a safeguarding concern or something else',
    400,
    {
      field: 'category',
    },
  );

export const reportNoteTooLong = (max: number) =>
  new AppError('REPORT_NOTE_TOO_LONG', `The note can be at most ${max} characters`, 400, { field: 'note' });

export const reportOutcomeRequired = () =>
  new AppError('REPORT_OUTCOME_REQUIRED', 'Enter the outcome: what you decided and what was done', 400, { field: 'outcome' });

export const reportOutcomeTooLong = (max: number) =>
  new AppError('REPORT_OUTCOME_TOO_LONG', `The outcome can be at most ${max} characters`, 400, { field: 'outcome' });

export const reportAlreadyDecided = () =>
  new AppError('REPORT_ALREADY_DECIDED', 'The outcome of this report has already been recorded', 409);

export const shareColleagueInvalid = () =>
  new AppError('SHARE_COLLEAGUE_INVALID', 'Choose a colleague in this conversation’s team', 400, { field: 'colleague' });

export const shareNoteTooLong = (max: number) =>
  new AppError('SHARE_NOTE_TOO_LONG', `The note can be at most ${max} characters`, 400, { field: 'note' });

/**
 * A copy of a message with personal data was asked for outside Liaise (guidance section 5: forwarded
 * messages must not contain personal data). `findings` names the kinds found, never the data itself.
 */
export const sharePersonalData = (findings: string[]) =>
  new AppError(
    'SHARE_PERSONAL_DATA',
    'This message contains personal data, so it cannot be copied outside Liaise (guidance section 5: messages passed on must not contain personal data). Share it with a colleague inside Liaise instead.',
    422,
    { findings },
  );

/** A role without the permission asked to report, share or see the manager's queue. */
export const oversightForbidden = () => new AppError('OVERSIGHT_FORBIDDEN', 'You do not have access to this', 403);

export const usageRangeInvalid = () =>
  new AppError('USAGE_RANGE_INVALID', 'Choose a number of weeks from the list', 400, { field: 'weeks' });
