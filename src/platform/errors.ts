/**
 * One error type for the whole application. Domain code throws AppError with a
 * stable SCREAMING_SNAKE code (prefixed by its domain); the HTTP layer maps it to
 * `{ error: { code, message } }`. Messages must be safe to show: never citizen data.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, status = 400, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const notFound = (code: string, what: string) => new AppError(code, `${what} not found`, 404);
export const forbidden = (code = 'AUTH_FORBIDDEN', message = 'You do not have access to this') => new AppError(code, message, 403);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new AppError(code, message, 409, details);
export const invalid = (code: string, message: string, details?: Record<string, unknown>) => new AppError(code, message, 400, details);

/** Codes that mean "not there, or not yours to see": pages answer with "Page not found", never the form again. */
export const isNotFoundError = (e: AppError) => e.code === 'NOT_FOUND' || e.code.endsWith('_NOT_FOUND');

/** Codes that mean the actor may not do this at all (as opposed to a problem with what they sent). */
export const isAccessError = (e: AppError) =>
  e.code === 'ACCESS_DENIED' || e.code === 'AUTH_REQUIRED' || e.code.endsWith('_FORBIDDEN') || e.code.endsWith('_ADMIN_ONLY');
