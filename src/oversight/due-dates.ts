import type { ReportCategory } from './report.repository.js';

/**
 * Working days a manager has to deal with a report. The guidance asks staff to report offensive
 * messages to their manager; a safeguarding concern cannot wait, so it is due the day it is raised
 * (the next working day when raised at a weekend). Working days are Monday to Friday in the
 * council's time zone; bank holidays are not known to Liaise and count as working days.
 */
export const REPORT_WORKING_DAYS: Record<ReportCategory, number> = { safeguarding: 0, offensive: 2, other: 2 };

/** The calendar date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;

/** The date a report is due: `REPORT_WORKING_DAYS[category]` working days after the day it was made. */
export function reportDueOn(category: ReportCategory, at: Date, timeZone = 'Europe/London'): string {
  const d = new Date(`${localDate(at, timeZone)}T00:00:00Z`);
  while (isWeekend(d)) d.setUTCDate(d.getUTCDate() + 1);
  for (let n = REPORT_WORKING_DAYS[category]; n > 0;) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (!isWeekend(d)) n -= 1;
  }
  return d.toISOString().slice(0, 10);
}
