import { AppError } from '../../platform/errors.js';

/** Errors of the case-system push and case exports, over stable codes. */
export const exportCaseNotFound = () => new AppError('CASE_NOT_FOUND', 'Case not found', 404);
export const exportFormatUnknown = () => new AppError('CASE_EXPORT_FORMAT_UNKNOWN', 'Choose json, csv or pdf', 400, { field: 'format' });
export const pushDeliveryNotFound = () => new AppError('CASE_PUSH_DELIVERY_NOT_FOUND', 'Delivery not found', 404);
export const pushDeliveryNotFailed = () => new AppError('CASE_PUSH_NOT_FAILED', 'Only a delivery that has failed can be retried', 409);
export const pushNotConfigured = () =>
  new AppError('CASE_PUSH_NOT_CONFIGURED', 'No case system is configured (LIAISE_CASE_SYSTEM_URL)', 409);
