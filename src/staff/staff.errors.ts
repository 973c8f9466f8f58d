import { AppError } from '../platform/errors.js';

/**
 * Every error the staff domain raises (accounts, teams, sign-in, sessions, API tokens), over stable
 * codes: callers branch on `code`; forms show `message` beside `details.field`.
 */
const fieldError = (code: string, message: string, field: string, status = 400) => new AppError(code, message, status, { field });

export const staffNotFound = (what: 'Staff member' | 'Active staff member' = 'Staff member') =>
  new AppError('STAFF_NOT_FOUND', `${what} not found`, 404);
export const staffTokenNotFound = () => new AppError('STAFF_TOKEN_NOT_FOUND', 'Live API token not found', 404);
export const staffTeamNameRequired = () => fieldError('STAFF_TEAM_NAME_REQUIRED', 'Enter a team name', 'name');
export const staffTeamExists = () => fieldError('STAFF_TEAM_EXISTS', 'A team with that name already exists', 'name', 409);
export const staffTeamNotFound = () => fieldError('STAFF_TEAM_NOT_FOUND', 'That team does not exist', 'team');
export const staffTeamRequired = () => fieldError('STAFF_TEAM_REQUIRED', 'Caseworkers and managers must belong to a team', 'team');
export const staffEmailInvalid = () =>
  fieldError('STAFF_EMAIL_INVALID', 'Enter an email address in the correct format, like name@council.gov.uk', 'email');
export const staffEmailExists = () => fieldError('STAFF_EMAIL_EXISTS', 'An account with that email address already exists', 'email', 409);
export const staffTokenNameRequired = () =>
  fieldError('STAFF_TOKEN_NAME_REQUIRED', 'Name the token after the system that will use it', 'name');
export const staffResetOwn = () => new AppError('STAFF_RESET_OWN', 'Change your own password on your account page', 400);
export const staffRoleInvalid = () => fieldError('STAFF_ROLE_INVALID', 'Choose a role', 'role');
export const staffCannotDemoteSelf = () => fieldError('STAFF_CANNOT_DEMOTE_SELF', 'Another admin must change your own role', 'role');
export const staffCannotDisableSelf = () => new AppError('STAFF_CANNOT_DISABLE_SELF', 'You cannot disable your own account', 400);

export const authTooManyAttempts = () =>
  new AppError('AUTH_TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts. Try again in 15 minutes or ask an admin.', 429);
export const authInvalidCredentials = () => new AppError('AUTH_INVALID_CREDENTIALS', 'Enter a correct email address and password', 401);
export const authPasswordTooShort = (min: number) =>
  fieldError('AUTH_PASSWORD_TOO_SHORT', `Your new password must be at least ${min} characters`, 'newPassword');
export const authPasswordWrong = () => fieldError('AUTH_PASSWORD_WRONG', 'Your current password is not correct', 'currentPassword');
export const authPasswordUnchanged = () =>
  fieldError('AUTH_PASSWORD_UNCHANGED', 'Choose a password different from your current one', 'newPassword');
export const authPasswordPersonal = () =>
  fieldError('AUTH_PASSWORD_PERSONAL', 'Your new password must not contain your name or email address', 'newPassword');
/** zxcvbn's hint ("This is a commonly used password.") is about the kind of password, never repeats it. */
export const authPasswordGuessable = (hint: string | null) =>
  fieldError(
    'AUTH_PASSWORD_GUESSABLE',
    `Your new password is too easy to guess.${hint ? ` ${hint}` : ''} Try three or four random words together.`,
    'newPassword',
  );
export const authPasswordMismatch = () => fieldError('AUTH_PASSWORD_MISMATCH', 'The passwords do not match', 'confirmPassword');
