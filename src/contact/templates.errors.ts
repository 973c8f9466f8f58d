import { AppError, conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import type { ParameterProblem } from './template-text.js';

/** Admins only manage templates. */
export const templateForbidden = () => forbidden('TEMPLATE_FORBIDDEN', 'Only an admin can manage WhatsApp templates');

export const templateNotFound = () => notFound('TEMPLATE_NOT_FOUND', 'Template');

/** The template does not exist in Liaise, or WhatsApp has not approved it (pending, rejected, paused, disabled). */
export const templateNotApproved = () =>
  new AppError(
    'TEMPLATE_NOT_APPROVED',
    'That template is not one WhatsApp has approved. Choose an approved template, or ask an admin to sync the templates.',
    422,
  );

const PARAMETER_WORDS: Record<ParameterProblem['problem'], string> = {
  missing: 'is missing',
  empty: 'is empty',
  has_line_breaks: 'cannot contain new lines or tabs',
  too_many_spaces: 'cannot contain more than four spaces in a row',
  too_long: 'is longer than 1,024 characters',
  too_many: 'more values were given than the template has parameters',
};

/** Words for one problem with a filled parameter, as staff see it beside the field. */
export const parameterProblemText = (p: ParameterProblem) =>
  p.index === null ? `Too many values: ${PARAMETER_WORDS.too_many}` : `Value ${p.index} ${PARAMETER_WORDS[p.problem]}`;

/** The filled parameters do not fit the template: `details.problems` names each. */
export const templateParameters = (expected: number, problems: ParameterProblem[]) =>
  invalid(
    'TEMPLATE_PARAMETERS',
    `The template needs ${expected} value${expected === 1 ? '' : 's'}: ${problems.map(parameterProblemText).join('; ')}`,
    { expected, problems },
  );

/** A new template's fields break Meta's rules: `details.fields` has a message for each field. */
export const templateInvalid = (fields: Record<string, string>) => invalid('TEMPLATE_INVALID', Object.values(fields).join(' '), { fields });

export const templateExists = () =>
  conflict('TEMPLATE_EXISTS', 'A template with this name already exists in this language', { field: 'name' });
