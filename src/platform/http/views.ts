import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** Where GOV.UK Frontend and MOJ Frontend keep their Nunjucks macros and built assets. */
export const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'));

/** `src/` (or `dist/` in the build, which copies every views/ folder beside the compiled code). */
const srcRoot = join(here, '..', '..');

/** The layout, the error page and partials shared across domains. */
export const sharedViewsDir = join(srcRoot, 'web', 'views');

/**
 * The domains whose pages have templates, each kept in `src/<domain>/views/`; a new domain with pages adds
 * its folder name here. An explicit list rather than scanning `src/` for views folders at start-up: the
 * search order is fixed and visible, the server reads no directory listings, and dist/ cannot pick up a
 * stray folder. views.test.ts walks the tree instead: it fails if a views/ folder on disk is missing from
 * this list, or if two folders hold the same template name (Nunjucks would silently take the first, so
 * `render(…, 'x.njk')` must name exactly one file).
 */
export const domainsWithViews = [
  'api',
  'cases',
  'citizens',
  'contact',
  'conversations',
  'imports',
  'oversight',
  'records',
  'review',
  'staff',
] as const;

/** Every folder our templates live in, shared first; names are unique across them. */
export const viewDirs: readonly string[] = [sharedViewsDir, ...domainsWithViews.map((domain) => join(srcRoot, domain, 'views'))];

/** Finding types in words staff use. */
const FINDING_LABELS: Record<string, string> = {
  NHS_NUMBER: 'NHS number',
  NI_NUMBER: 'National Insurance number',
  BANK_ACCOUNT: 'Bank details',
  IBAN: 'IBAN',
  PAYMENT_CARD: 'Payment card number',
  PASSPORT_NUMBER: 'Passport number',
  DRIVING_LICENCE: 'Driving licence number',
  DATE_OF_BIRTH: 'Date of birth',
  ADDRESS: 'Home address',
  EMAIL: 'Email address',
  PHONE_NUMBER: 'Phone number',
  POSTCODE: 'Postcode',
  OFFENSIVE: 'Offensive content',
  BINDING_TRANSACTION: 'Binding promise',
  EMAIL_FILE: 'Email file',
  BEYOND_CONTACT: 'Beyond arranging contact',
};

export function createViewEnvironment(opts: { timeZone: string }) {
  const env = nunjucks.configure([...viewDirs, govukDist, mojRoot], { autoescape: true, throwOnUndefined: false, noCache: false });
  const dateTime = new Intl.DateTimeFormat('en-GB', {
    timeZone: opts.timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: opts.timeZone, hour: '2-digit', minute: '2-digit' });
  env.addFilter('dateTime', (v: Date | string | null) => (v ? dateTime.format(new Date(v)) : ''));
  env.addFilter('time', (v: Date | string | null) => (v ? time.format(new Date(v)) : ''));
  env.addFilter('isoDate', (v: Date | string | null) => (v ? new Date(v).toISOString() : ''));
  // A calendar date (YYYY-MM-DD) as GOV.UK writes it: 14 March 1985.
  const calendarDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  env.addFilter('govukDate', (v: string | null) =>
    v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? calendarDate.format(new Date(`${v}T00:00:00Z`)) : (v ?? ''),
  );
  // Each page's render gives `may(permission)` for the person signed in; with no one, nothing is offered.
  env.addGlobal('may', () => false);
  env.addFilter('json', (v: unknown) => JSON.stringify(v));
  /** Time left of a span that started at `from` and lasts `ms` (WhatsApp's 24-hour window), in words; '' once over. */
  env.addFilter('timeLeft', (from: Date | string | null, now: Date, ms: number) => {
    if (!from) return '';
    const left = new Date(from).getTime() + ms - now.getTime();
    if (left <= 0) return '';
    const h = Math.floor(left / 3_600_000);
    const m = Math.floor((left % 3_600_000) / 60_000);
    return h > 0 ? `${h} hour${h === 1 ? '' : 's'} ${m} min` : `${Math.max(m, 1)} min`;
  });
  // A stored number (+447700900123) as people write it: 07700 900123 for UK numbers, +33 6 12 34 56 78 otherwise.
  env.addFilter('phone', (v: string | null) => {
    if (!v) return '';
    const parsed = parsePhoneNumberFromString(v);
    if (!parsed) return v;
    return parsed.country === 'GB' || parsed.countryCallingCode === '44' ? parsed.formatNational() : parsed.formatInternational();
  });
  // "5 (personal data must be secured; UK GDPR, DPA 2018)" as "section 5: personal data must be secured; UK GDPR, DPA 2018".
  env.addFilter('guidance', (v: string | null) => {
    const m = /^(\S+)\s*\((.*)\)$/.exec(v ?? '');
    return m ? `section ${m[1]}: ${m[2]}` : `section ${v ?? ''}`;
  });
  env.addFilter('findingLabel', (v: string) => FINDING_LABELS[v] ?? v.replace(/_/g, ' ').toLowerCase());
  return env;
}

export type ViewEnvironment = ReturnType<typeof createViewEnvironment>;
