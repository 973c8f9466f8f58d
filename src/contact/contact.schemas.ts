import { z } from 'zod';
import { OPT_IN_METHODS } from '../citizens/citizen.repository.js';
import { CONTACT_CHANNELS, CONTACT_PURPOSES } from '../conversations/conversation.repository.js';
import type { FirstContactInput } from '../conversations/conversation.service.js';
import { formFields } from '../platform/http/forms.js';

export const CHANNEL_LABELS: Record<(typeof CONTACT_CHANNELS)[number], string> = {
  phone: 'Phone',
  letter: 'Letter',
  email: 'Email',
  home_visit: 'Home visit',
  other: 'Other',
};
export const PURPOSE_LABELS: Record<(typeof CONTACT_PURPOSES)[number], string> = {
  call: 'Arrange a phone call',
  meeting: 'Arrange a meeting',
  visit: 'Arrange a visit',
};

const dateFields = CONTACT_CHANNELS.flatMap((c) => [`on-${c}-day`, `on-${c}-month`, `on-${c}-year`] as const);

/**
 * The first-contact form as the browser posts it: the channels ticked (one value or several), each
 * ticked channel's date in GOV.UK's three boxes (`on-phone-day` …), the purpose and the justification.
 */
export const FirstContactFormFields = formFields('_csrf', 'purpose', 'justification', ...dateFields).extend({
  channels: z.union([z.string().max(40), z.array(z.string().max(40)).max(10)]).optional(),
});
export type FirstContactFormBody = z.infer<typeof FirstContactFormFields>;

/** The form's own checks, every problem at once, each linked to its field; the service checks dates against today. */
export const firstContactForm = FirstContactFormFields.superRefine((b, ctx) => {
  const problem = (field: string, message: string, href = field) =>
    ctx.addIssue({ code: 'custom', path: [field], message, params: { href } });
  const ticked = ([] as string[]).concat(b.channels ?? []);
  if (ticked.length === 0) problem('channels', 'Select the verifiable channels you tried before WhatsApp');
  for (const c of CONTACT_CHANNELS) {
    if (!ticked.includes(c)) continue;
    const parts = (['day', 'month', 'year'] as const).map((p) => b[`on-${c}-${p}`]?.trim() ?? '');
    const missing = (['day', 'month', 'year'] as const).filter((_, i) => !parts[i]);
    const label = CHANNEL_LABELS[c].toLowerCase();
    if (missing.length === 3) problem(`on-${c}`, `Enter the date you tried ${label}`, `on-${c}-day`);
    else if (missing.length)
      problem(`on-${c}`, `The date you tried ${label} must include a ${missing.join(' and a ')}`, `on-${c}-${missing[0]}`);
    else if (!parts.every((p) => /^\d+$/.test(p)) || parts[2]!.length !== 4 || !isRealDayMonthYear(parts))
      problem(`on-${c}`, `The date you tried ${label} must be a real date, like 27 3 2026`, `on-${c}-day`);
  }
  if (!CONTACT_PURPOSES.some((p) => p === b.purpose)) problem('purpose', 'Select what the contact is to arrange', 'purpose');
  if ((b.justification?.trim().length ?? 0) < 10)
    problem('justification', 'Say what happened when you tried, and why WhatsApp is needed now (at least 10 characters)');
}).transform((b): FirstContactInput => ({
  justification: b.justification ?? '',
  channelsTried: CONTACT_CHANNELS.filter((c) => ([] as string[]).concat(b.channels ?? []).includes(c)).map((c) => {
    const [d, m, y] = (['day', 'month', 'year'] as const).map((p) => b[`on-${c}-${p}`]?.trim() ?? '');
    return { channel: c, on: `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` };
  }),
  purpose: b.purpose ?? null,
}));

function isRealDayMonthYear([d, m, y]: string[]): boolean {
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso;
}

/** A date in the API as ISO 8601 (YYYY-MM-DD), a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-27')
  .refine((v) => {
    const t = Date.parse(`${v}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
  }, 'must be a real date');

/** The JSON API's first contact. Missing justification or channels is the rules' refusal (422), not a malformed body. */
export const FirstContactBody = z.object({
  justification: z.string().max(2000).default('').describe('Why WhatsApp is needed now, after the channels tried'),
  channelsTried: z
    .array(z.object({ channel: z.enum(CONTACT_CHANNELS), on: isoDate }).strict())
    .max(10)
    .default([])
    .describe('The verifiable channels tried, each with the date it was tried'),
  purpose: z.enum(CONTACT_PURPOSES).describe('What the contact is to arrange'),
});

export const ApprovalBody = z.object({
  decision: z.enum(['approve', 'refuse']),
  reason: z.string().max(2000).optional().describe('Required to refuse'),
});
export const ReleaseBody = z.object({ reason: z.string().max(2000).describe('Why the conversation may continue') });
export const OptInBody = z.object({ method: z.enum(OPT_IN_METHODS).describe('How the citizen agreed to WhatsApp contact') });

/** The manager's approve/refuse form on the conversation page. */
export const ApprovalForm = formFields('_csrf', 'decision', 'reason');
export const ReleaseForm = formFields('_csrf', 'reason');
export const OptInForm = formFields('_csrf', 'method');
export const OPT_IN_LABELS: Record<(typeof OPT_IN_METHODS)[number], string> = {
  verbal: 'They said yes on the phone or in person',
  written: 'They agreed in writing',
  reply: 'They replied START on WhatsApp',
  web_form: 'They agreed on a council web form',
  other: 'Another way',
};
