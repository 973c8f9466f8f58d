import { AppError } from '../platform/errors.js';

/** A role without `review.read` asked for the review list (the generic refusal, kept for existing clients). */
export const reviewForbidden = () => new AppError('AUTH_FORBIDDEN', 'You do not have access to this', 403);
