import { z } from 'zod';
import { formFields } from '../platform/http/forms.js';
import type { AgeBand } from './citizen.repository.js';

const AGE_BANDS: readonly AgeBand[] = ['under_13', '13_to_17', '18_or_over'];

/** The "Add a citizen" form (also used to change one) as the browser posts it. GOV.UK's date input posts dob-day, dob-month and dob-year. */
export const CitizenFormFields = formFields(
  '_csrf',
  'fullName',
  'waNumber',
  'caseReference',
  'caseType',
  'dob-day',
  'dob-month',
  'dob-year',
  'ageBand',
  'teamId',
);
export type CitizenFormBody = z.infer<typeof CitizenFormFields>;

/**
 * The form's own checks, every problem at once in the form's order, each linked to its field (the date's
 * first missing part). What needs the database or the clock (a number in use, a date in the future) the
 * service checks after. `chooseTeam`: the person oversees every team, so says which team the citizen is in.
 */
export function citizenForm(opts: { chooseTeam: boolean }) {
  return CitizenFormFields.superRefine((b, ctx) => {
    const problem = (field: string, message: string, href = field) =>
      ctx.addIssue({ code: 'custom', path: [field], message, params: { href } });
    if (opts.chooseTeam && !b.teamId) problem('teamId', 'Choose the team this citizen belongs to');
    if (!b.fullName?.trim()) problem('fullName', 'Enter the citizen’s full name');
    if (!b.waNumber?.trim()) problem('waNumber', 'Enter a WhatsApp number, like 07700 900123 or +44 7700 900123');
    if (!b.caseReference?.trim()) problem('caseReference', 'Enter the case reference from the council’s case system');
    const parts = [b['dob-day'], b['dob-month'], b['dob-year']].map((v) => v?.trim() ?? '');
    if (parts.some(Boolean)) {
      const missing = (['day', 'month', 'year'] as const).filter((_, i) => !parts[i]);
      if (missing.length) problem('dateOfBirth', `Date of birth must include a ${missing.join(' and a ')}`, `dob-${missing[0]}`);
      else if (!parts.every((p) => /^\d+$/.test(p)) || parts[2]!.length !== 4)
        problem('dateOfBirth', 'Date of birth must be a real date, like 27 3 1987', 'dob-day');
    } else if (!b.ageBand) {
      problem('dateOfBirth', 'Enter a date of birth or confirm the citizen’s age band', 'dob-day');
    }
  }).transform((b) => {
    const [day, month, year] = [b['dob-day'], b['dob-month'], b['dob-year']].map((v) => v?.trim() ?? '') as [string, string, string];
    return {
      fullName: b.fullName ?? '',
      waNumber: b.waNumber ?? '',
      caseReference: b.caseReference ?? '',
      // Asked on the form: nothing chosen is null, so a new reference is refused rather than given a type by default.
      caseType: b.caseType?.trim() || null,
      dateOfBirth: day || month || year ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : null,
      ageBand: AGE_BANDS.find((a) => a === b.ageBand) ?? null,
      teamId: b.teamId || null,
    };
  });
}

/** A citizen's details as the form's fields, to change them. */
export function citizenFormValues(c: {
  fullName: string;
  waNumber: string;
  caseReference: string | null;
  dateOfBirth: string | null;
  ageBand: string | null;
}): CitizenFormBody {
  const [year, month, day] = (c.dateOfBirth ?? '').split('-');
  return {
    fullName: c.fullName,
    waNumber: c.waNumber,
    caseReference: c.caseReference ?? '',
    'dob-day': day ? String(Number(day)) : '',
    'dob-month': month ? String(Number(month)) : '',
    'dob-year': year ?? '',
    ageBand: c.dateOfBirth ? '' : (c.ageBand ?? ''),
  };
}

export const CitizenSearchQuery = z.object({ q: z.string().max(200).optional() });
export const NewCitizenQuery = z.object({ waNumber: z.string().max(40).optional() });
