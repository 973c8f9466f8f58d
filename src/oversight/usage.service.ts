import { can, teamScope } from '../access/authorize.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/db.client.js';
import type { Actor } from '../staff/staff.types.js';
import { localDate } from './due-dates.js';
import { oversightForbidden, usageRangeInvalid } from './oversight.errors.js';
import type { OversightRepository, UsageKind } from './oversight.repository.js';

/** The ranges the usage page offers, in weeks ending with the current one. */
export const USAGE_WEEKS = [4, 8, 13, 26, 52] as const;

export interface UsageFigures {
  messages: number;
  firstContacts: number;
  /** Messages sent despite a warning, each with the caseworker's justification (the override of the warning). */
  warnings: number;
  blocks: number;
  reports: number;
  replies: number;
  /** Median time from a citizen's message to the next reply from staff; null with no replies. */
  medianReplySeconds: number | null;
}

export interface UsagePerson {
  /** Null: Liaise itself (automatic reports of offensive messages received). */
  staffId: string | null;
  name: string;
  teamName: string | null;
  total: UsageFigures;
  byWeek: Record<string, UsageFigures>;
}

export interface UsageReport {
  /** Mondays (YYYY-MM-DD), oldest first. */
  weeks: string[];
  /** First and last day shown (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  people: UsagePerson[];
  weekTotals: Record<string, UsageFigures>;
  total: UsageFigures;
}

const KIND_FIELD: Record<UsageKind, keyof UsageFigures> = {
  messages: 'messages',
  first_contacts: 'firstContacts',
  warnings: 'warnings',
  blocks: 'blocks',
  reports: 'reports',
};

const empty = (): UsageFigures => ({
  messages: 0,
  firstContacts: 0,
  warnings: 0,
  blocks: 0,
  reports: 0,
  replies: 0,
  medianReplySeconds: null,
});

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The instant local midnight starts `day` in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const shownAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess.getTime() - (shownAsUtc - guess.getTime()));
}

/**
 * The team usage page's figures (guidance section 4: use by staff is "largely unknown"): for each member
 * of staff and week, messages sent, first contacts, warnings overridden, blocked attempts, reports made,
 * and the median time from a citizen's message to the next reply. Managers see their team; admins all.
 */
export function createUsageService(deps: { db: Db; oversight: OversightRepository; clock: Clock; timeZone: string }) {
  const { db, oversight, clock, timeZone } = deps;

  async function usage(actor: Actor, opts: { weeks?: number } = {}): Promise<UsageReport> {
    if (!can(actor, 'oversight.read')) throw oversightForbidden();
    const weeksWanted = opts.weeks ?? 8;
    if (!(USAGE_WEEKS as readonly number[]).includes(weeksWanted)) throw usageRangeInvalid();
    const today = localDate(clock.now(), timeZone);
    const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
    const thisMonday = addDays(today, -dow);
    const weeks = Array.from({ length: weeksWanted }, (_, i) => addDays(thisMonday, (i - weeksWanted + 1) * 7));
    const firstDay = weeks[0]!;
    const range = {
      teamId: teamScope(actor),
      from: startOfLocalDay(firstDay, timeZone),
      to: startOfLocalDay(addDays(thisMonday, 7), timeZone),
      timeZone,
    };
    const [counts, replies] = await Promise.all([oversight.countUsage(db, range), oversight.replyTimes(db, range)]);

    const people = new Map<string, UsagePerson>();
    const personOf = (staffId: string | null, name: string | null, teamName: string | null) => {
      const key = staffId ?? 'liaise';
      let p = people.get(key);
      if (!p) {
        p = {
          staffId,
          name: staffId === null ? 'Liaise (automatic reports)' : (name ?? 'Unknown'),
          teamName,
          total: empty(),
          byWeek: Object.fromEntries(weeks.map((w) => [w, empty()])),
        };
        people.set(key, p);
      }
      return p;
    };
    const weekTotals: Record<string, UsageFigures> = Object.fromEntries(weeks.map((w) => [w, empty()]));
    const total = empty();
    for (const c of counts) {
      const field = KIND_FIELD[c.kind];
      const p = personOf(c.staffId, c.staffName, c.teamName);
      for (const f of [p.byWeek[c.week], p.total, weekTotals[c.week], total]) if (f) (f[field] as number) += c.n;
    }
    for (const r of replies) {
      const target = r.byStaff
        ? r.byWeek
          ? people.get(r.staffId ?? 'liaise')?.byWeek[r.week!]
          : people.get(r.staffId ?? 'liaise')?.total
        : r.byWeek
          ? weekTotals[r.week!]
          : total;
      if (!target) continue;
      target.replies = r.replies;
      target.medianReplySeconds = r.medianSeconds;
    }
    const sorted = [...people.values()].sort((a, b) => (a.staffId === null ? 1 : b.staffId === null ? -1 : a.name.localeCompare(b.name)));
    return { weeks, firstDay, lastDay: addDays(thisMonday, 6), people: sorted, weekTotals, total };
  }

  return { usage };
}

export type UsageService = ReturnType<typeof createUsageService>;

/** A spreadsheet cell that cannot run as a formula (=, +, -, @, tab or carriage return first), quoted. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The usage figures as CSV: one row per member of staff and week with anything in it. */
export function usageCsv(report: UsageReport): string {
  const header = [
    'week_starting',
    'staff',
    'team',
    'messages_sent',
    'first_contacts',
    'warnings_overridden',
    'blocked_attempts',
    'reports',
    'replies',
    'median_reply_minutes',
  ];
  const lines = [header.join(',')];
  for (const week of report.weeks) {
    for (const p of report.people) {
      const f = p.byWeek[week]!;
      if (f.messages + f.firstContacts + f.warnings + f.blocks + f.reports + f.replies === 0) continue;
      lines.push(
        [
          csvCell(week),
          csvCell(p.name),
          csvCell(p.teamName),
          f.messages,
          f.firstContacts,
          f.warnings,
          f.blocks,
          f.reports,
          f.replies,
          csvCell(f.medianReplySeconds === null ? null : Math.round((f.medianReplySeconds / 60) * 10) / 10),
        ].join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
