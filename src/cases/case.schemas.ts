import { z } from 'zod';
import { formFields } from '../platform/http/forms.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');

// ---------------------------------------------------------------------------------------------
// JSON API

export const CaseBody = z.object({
  reference: z.string().max(60).describe('The reference in the council’s case system; unique in its team'),
  caseType: z.string().max(60).describe('One of the case types in the retention schedule, e.g. complaint, housing-tenancy'),
  title: z.string().max(200).nullish(),
  teamId: z.guid().nullish().describe('Whose case; your own team when not given (records officers and admins must give it)'),
  openedOn: isoDate.nullish().describe('YYYY-MM-DD; today when not given'),
});
export const CloseCaseBody = z.object({
  closedOn: isoDate.describe('YYYY-MM-DD; for a complaint, the date of the final decision'),
  endedOn: isoDate.nullish().describe('When the tenancy or care ended: needed for case types kept from that date'),
});
export const NoBody = z.object({}).nullish();
export const LinkBody = z.union([z.object({ conversationId: z.guid() }).strict(), z.object({ messageId: z.guid() }).strict()]);
export const CaseLinkParams = z.object({ id: z.guid(), linkId: z.guid() });

const retentionSchema = z.object({
  classId: z.string(),
  classTitle: z.string(),
  action: z.enum(['destroy', 'review', 'transfer']),
  disposalDue: z.string().nullable().describe('YYYY-MM-DD; null while the trigger has not happened (never due)'),
  reason: z.string(),
  messages: z.number(),
});
export const CaseResponse = z.object({
  id: z.string(),
  teamId: z.string(),
  reference: z.string(),
  caseType: z.string(),
  title: z.string().nullable(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  retentionClass: z.string().nullable().describe('The class the case type falls in'),
});
export const CaseDetailResponse = CaseResponse.extend({
  links: z.array(
    z.object({
      id: z.string(),
      conversationId: z.string().nullable(),
      messageId: z.string().nullable(),
      linkedAt: z.string(),
    }),
  ),
  retention: z.array(retentionSchema).describe('The classes and disposal dates of the case’s messages, with how many have each'),
});
export const LinkResponse = z.object({
  id: z.string(),
  caseId: z.string(),
  conversationId: z.string().nullable(),
  messageId: z.string().nullable(),
});

// ---------------------------------------------------------------------------------------------
// Pages

export const CaseListQuery = z.object({
  q: z.string().max(200).optional(),
  state: z.enum(['open', 'closed', 'all']).optional().catch(undefined),
});

/** The "New case" form as posted; GOV.UK's date input posts opened-day, opened-month and opened-year. */
export const CaseFormFields = formFields('_csrf', 'reference', 'caseType', 'title', 'teamId', 'opened-day', 'opened-month', 'opened-year');
export const CloseFormFields = formFields('_csrf', 'closed-day', 'closed-month', 'closed-year', 'ended-day', 'ended-month', 'ended-year');
/** Linking from a conversation or message page: the case chosen; none (or not an id) is the form's "Choose the case". */
export const LinkForm = z.object({ _csrf: z.string().optional(), caseId: z.guid().nullable().catch(null) });
export const UnlinkForm = z.object({ _csrf: z.string().optional(), linkId: z.guid(), back: z.string().max(200).optional() });

type DateProblem = { field: string; message: string; href: string };

/**
 * A GOV.UK date input's three boxes (`prefix-day`, `-month`, `-year`) as YYYY-MM-DD: null when all are blank,
 * or the problem (each missing part named, linked to its box). Whether it is real and not in the future the service checks.
 */
export function readDateInput(
  b: Record<string, string | undefined>,
  prefix: string,
  field: string,
  label: string,
): { value: string | null; problem: DateProblem | null } {
  const parts = (['day', 'month', 'year'] as const).map((p) => b[`${prefix}-${p}`]?.trim() ?? '');
  if (!parts.some(Boolean)) return { value: null, problem: null };
  const missing = (['day', 'month', 'year'] as const).filter((_, i) => !parts[i]);
  if (missing.length)
    return {
      value: null,
      problem: { field, message: `${label} must include a ${missing.join(' and a ')}`, href: `${prefix}-${missing[0]}` },
    };
  if (!parts.every((p) => /^\d+$/.test(p)) || parts[2]!.length !== 4)
    return { value: null, problem: { field, message: `${label} must be a real date, like 27 3 2026`, href: `${prefix}-day` } };
  const [day, month, year] = parts as [string, string, string];
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, problem: null };
}

/** The new-case form's own checks, every problem at once; `chooseTeam`: the person oversees every team. */
export function caseForm(opts: { chooseTeam: boolean }) {
  return CaseFormFields.transform((b, ctx) => {
    const problem = (field: string, message: string, href = field) =>
      ctx.addIssue({ code: 'custom', path: [field], message, params: { href } });
    if (opts.chooseTeam && !b.teamId) problem('teamId', 'Choose the team this case belongs to');
    if (!b.reference?.trim()) problem('reference', 'Enter the case reference from the council’s case system');
    if (!b.caseType) problem('caseType', 'Choose the type of case');
    const opened = readDateInput(b, 'opened', 'openedOn', 'Date opened');
    if (opened.problem) problem(opened.problem.field, opened.problem.message, opened.problem.href);
    return {
      reference: b.reference ?? '',
      caseType: b.caseType ?? '',
      title: b.title?.trim() || null,
      teamId: b.teamId || null,
      openedOn: opened.value,
    };
  });
}

/** The close form: the closed date (required) and the end of tenancy or care (when the type needs it). */
export const closeForm = CloseFormFields.transform((b, ctx) => {
  const problem = (field: string, message: string, href = field) =>
    ctx.addIssue({ code: 'custom', path: [field], message, params: { href } });
  const closed = readDateInput(b, 'closed', 'closedOn', 'Date closed');
  if (closed.problem) problem(closed.problem.field, closed.problem.message, closed.problem.href);
  else if (!closed.value) problem('closedOn', 'Enter the date the case closed', 'closed-day');
  const ended = readDateInput(b, 'ended', 'endedOn', 'End of tenancy or care');
  if (ended.problem) problem(ended.problem.field, ended.problem.message, ended.problem.href);
  return { closedOn: closed.value ?? '', endedOn: ended.value };
});
