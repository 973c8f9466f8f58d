import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** Where GOV.UK Frontend and MOJ Frontend keep their Nunjucks macros and built assets. */
export const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'));
export const viewsDir = join(here, '..', '..', 'web', 'views');

export function createViewEnvironment(opts: { timeZone: string }) {
  const env = nunjucks.configure([viewsDir, govukDist, mojRoot], { autoescape: true, throwOnUndefined: false, noCache: false });
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
  env.addFilter('json', (v: unknown) => JSON.stringify(v));
  return env;
}

export type ViewEnvironment = ReturnType<typeof createViewEnvironment>;
